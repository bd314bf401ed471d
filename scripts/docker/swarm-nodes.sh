#!/usr/bin/env bash
# swarm-nodes.sh: three Docker Swarm nodes on this machine, for the Swarm tests (issue 15), without ever
# putting the shared host engine into swarm mode: containers of summoner-test/swarm-node (Debian's docker.io
# on a root made by mmdebstrap, built by build-test-images.sh), each running its own dockerd with its
# /var/lib/docker on a volume of its own, on a private bridge network:
#
#   summoner-swarm-manager   10.199.0.2   manager; Engine API on tcp://10.199.0.2:2375 (private bridge only)
#   summoner-swarm-worker1   10.199.0.3   worker
#   summoner-swarm-worker2   10.199.0.4   worker
#
# `--privileged` is refused on these machines (the capability bounding set lacks CAP_SYS_RESOURCE); these
# flags are enough for dockerd inside: --cap-add ALL --cap-drop SYS_RESOURCE, seccomp and apparmor
# unconfined, every device allowed by a cgroup rule, the host's /sys/fs/cgroup mounted rw and
# `dockerd --cgroup-parent /<node>` (test/images/swarm-node/entrypoint.sh).
#
# What else it sets up, and why:
#   * the test images are loaded into every node (`docker save | docker -H <node> load`, only what a node lacks): the
#     nodes reach no registry for summoner-test/*, and the node's executor uses local images as they are;
#   * each node's local networks (docker_gwbridge) take addresses from a /16 of their own, and the host
#     routes that /16 through the node: Summoner on the host checks a task's HTTP health at its gwbridge
#     address as it does on a single host;
#   * /var/tmp/summoner-swarm is mounted at the same path in every node: the tests put their data roots
#     there, so that a bind mount Summoner makes resolves on whichever node runs the task.
#
# Idempotent and quick on a second run: the image is skipped by its recipe hash, a running node of the
# same image and settings is kept, a node already in the swarm is not joined again, an image already
# loaded (same ID) is not loaded again. Stopping a node container is how a test loses a node; the next run
# starts it again. Only its own containers, volumes and network are ever touched.
#
# Usage: swarm-nodes.sh [--down]     --down: remove the three nodes, their volumes and the network
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
IMAGE=summoner-test/swarm-node:20.10
NET=summoner-swarm
SUBNET=10.199.0.0/24
OVERLAY_POOL=10.210.0.0/16
SHARED=/var/tmp/summoner-swarm
NODES=(manager worker1 worker2)
declare -A ADDR=([manager]=10.199.0.2 [worker1]=10.199.0.3 [worker2]=10.199.0.4)
declare -A POOL=([manager]=10.201.0.0/16 [worker1]=10.202.0.0/16 [worker2]=10.203.0.0/16)
# what the Swarm tests run (each image costs every node a load); nginx: the managed proxy's global service
LOAD=(summoner-test/web:1.0 summoner-test/web:1.1 summoner-test/web:2.0 summoner-test/crash:1.0
  summoner-test/postgres:15 summoner-test/mariadb:10.11 summoner-test/nginx:1.22)
LABEL=org.summoner.test.swarm-node
WAIT=${SWARM_NODES_WAIT_SECONDS:-90}
NODE_FLAGS_VERSION=1 # raise when the `docker run` flags below change: running nodes are then replaced

say() { printf '[swarm-nodes] %s\n' "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }
container() { printf 'summoner-swarm-%s' "$1"; }
volume() { printf 'summoner-swarm-%s-docker' "$1"; }
# the node's own engine, through its API on the private bridge (quicker than a `docker exec` per call)
in_node() { local n=$1; shift; docker -H "tcp://${ADDR[$n]}:2375" "$@"; }

[[ $(id -u) -eq 0 ]] || die "run as root"
exec 9>/tmp/summoner-swarm-nodes.lock
flock -w 600 9 || die "timed out waiting for another swarm-nodes.sh"
t0=$SECONDS

if [[ ${1:-} == --down ]]; then
  for n in "${NODES[@]}"; do
    docker rm -f "$(container "$n")" >/dev/null 2>&1 || true
    docker volume rm "$(volume "$n")" >/dev/null 2>&1 || true
    ip route del "${POOL[$n]}" via "${ADDR[$n]}" 2>/dev/null || true
  done
  docker network rm "$NET" >/dev/null 2>&1 || true
  say "removed"; exit 0
fi
[[ $# -eq 0 ]] || die "usage: $0 [--down]"

bash "$HERE/ensure-engine.sh" >/dev/null 2>&1 || bash "$HERE/ensure-engine.sh"
bash "$HERE/build-test-images.sh" swarm-node >/dev/null
for i in "${LOAD[@]}"; do docker image inspect "$i" >/dev/null 2>&1 || die "$i missing: run scripts/docker/build-test-images.sh"; done
image_id=$(docker image inspect -f '{{.Id}}' "$IMAGE")
mkdir -p "$SHARED"

# --- the private bridge ---------------------------------------------------------------------------------
if ! docker network inspect "$NET" >/dev/null 2>&1; then
  docker network create --driver bridge --subnet "$SUBNET" --label "$LABEL=network" "$NET" >/dev/null
  say "network $NET ($SUBNET) created"
fi
have=$(docker network inspect -f '{{range .IPAM.Config}}{{.Subnet}}{{end}}' "$NET")
[[ $have == "$SUBNET" ]] || die "network $NET has subnet $have, not $SUBNET: remove it (docker network rm $NET)"

# --- the nodes ------------------------------------------------------------------------------------------
node_settings() { # what a running node must match to be kept
  printf '%s\n' "$image_id" "${ADDR[$1]}" "${POOL[$1]}" "$SUBNET" "$SHARED" "$NODE_FLAGS_VERSION" | sha256sum | cut -c1-16
}
for n in "${NODES[@]}"; do
  c=$(container "$n")
  want=$(node_settings "$n")
  got=$(docker inspect -f "{{index .Config.Labels \"$LABEL.settings\"}} {{.State.Running}}" "$c" 2>/dev/null || true)
  if [[ $got == "$want true" ]]; then continue; fi
  if [[ $got == "$want false" ]]; then
    say "starting $c (stopped)"; docker start "$c" >/dev/null; continue
  fi
  if [[ -n $got ]]; then
    [[ $(docker inspect -f "{{index .Config.Labels \"$LABEL\"}}" "$c") == "$n" ]] || die "$c exists and is not one of ours"
    say "replacing $c (settings or image changed; its volume stays)"
    docker rm -f "$c" >/dev/null
  fi
  docker run -d --name "$c" --hostname "$n" \
    --label "$LABEL=$n" --label "$LABEL.settings=$want" \
    --network "$NET" --ip "${ADDR[$n]}" --restart unless-stopped \
    --cap-add ALL --cap-drop SYS_RESOURCE \
    --security-opt seccomp=unconfined --security-opt apparmor=unconfined \
    --device-cgroup-rule 'a *:* rwm' -v /sys/fs/cgroup:/sys/fs/cgroup:rw \
    -v "$(volume "$n"):/var/lib/docker" -v "$SHARED:$SHARED" \
    -e "SWARM_NODE_NAME=$n" -e "SWARM_NODE_ADDR=${ADDR[$n]}" -e "SWARM_NODE_POOL=${POOL[$n]}" -e "SWARM_NODE_PEER=$SUBNET" \
    "$IMAGE" >/dev/null
  say "started $c (${ADDR[$n]})"
done

deadline=$((SECONDS + WAIT))
for n in "${NODES[@]}"; do
  until in_node "$n" info >/dev/null 2>&1; do
    ((SECONDS < deadline)) || { docker logs --tail 30 "$(container "$n")" >&2; die "the engine of $n did not answer within ${WAIT}s"; }
    sleep 0.5
  done
done

# --- the swarm ------------------------------------------------------------------------------------------
state() { in_node "$1" info -f '{{.Swarm.LocalNodeState}}'; }
if [[ $(state manager) != active ]]; then
  in_node manager swarm init --advertise-addr "${ADDR[manager]}" --listen-addr "${ADDR[manager]}:2377" \
    --default-addr-pool "$OVERLAY_POOL" --default-addr-pool-mask-length 24 >/dev/null
  say "swarm initialised on manager"
fi
token=$(in_node manager swarm join-token -q worker)
manager_id=$(in_node manager info -f '{{.Swarm.NodeID}}')
for n in "${NODES[@]:1}"; do
  # in this swarm: active, and its manager is ours (a worker kept in a volume from an older swarm leaves it)
  if [[ $(state "$n") == active ]] &&
    in_node "$n" info -f '{{range .Swarm.RemoteManagers}}{{.NodeID}} {{end}}' | grep -qw "$manager_id"; then
    continue
  fi
  [[ $(state "$n") == inactive ]] || in_node "$n" swarm leave --force >/dev/null
  # a node entry left by an earlier container of this name, now down: gone before the new one joins
  for id in $(in_node manager node ls -q --filter "name=$n"); do
    [[ $(in_node manager node inspect -f '{{.Description.Hostname}} {{.Status.State}}' "$id") == "$n down" ]] &&
      in_node manager node rm --force "$id" >/dev/null
  done
  in_node "$n" swarm join --token "$token" --advertise-addr "${ADDR[$n]}" --listen-addr "${ADDR[$n]}:2377" "${ADDR[manager]}:2377" >/dev/null
  say "$n joined the swarm"
done
until [[ $(in_node manager node ls --format '{{.Hostname}} {{.Status}} {{.Availability}}' | grep -c ' Ready Active$') -ge ${#NODES[@]} ]]; do
  ((SECONDS < deadline)) || { in_node manager node ls >&2; die "not every node is Ready within ${WAIT}s"; }
  sleep 0.5
done

# --- the test images, in every node -----------------------------------------------------------------------
images_of() { "$@" image ls --no-trunc --format '{{.Repository}}:{{.Tag}} {{.ID}}' | sort; }
want_images=$(for i in "${LOAD[@]}"; do docker image inspect -f "$i {{.Id}}" "$i"; done | sort)
load_into() { # load_into NODE: the images it lacks (run for the three nodes at once)
  local n=$1 missing
  mapfile -t missing < <(comm -23 <(printf '%s\n' "$want_images") <(images_of in_node "$n") | cut -d' ' -f1)
  ((${#missing[@]})) || return 0
  docker save "${missing[@]}" | in_node "$n" load -q >/dev/null || { say "loading images into $n failed"; return 1; }
  say "loaded into $n: ${missing[*]}"
}
pids=()
for n in "${NODES[@]}"; do load_into "$n" & pids+=($!); done
for p in "${pids[@]}"; do wait "$p" || die "loading the test images failed"; done

# --- the host reaches each node's local networks through the node -----------------------------------------
for n in "${NODES[@]}"; do ip route replace "${POOL[$n]}" via "${ADDR[$n]}"; done

in_node manager node ls --format '{{.Hostname}}  {{.Status}}  {{.ManagerStatus}}' | sed 's/^/[swarm-nodes]   /' >&2
say "manager API tcp://${ADDR[manager]}:2375; ready in $((SECONDS - t0)) s"
