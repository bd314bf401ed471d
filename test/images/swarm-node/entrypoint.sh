#!/bin/sh
# One Swarm test node: dockerd in a container that is not --privileged (refused on these machines). Its own
# containers go under the cgroup /<node> of the host hierarchy mounted at /sys/fs/cgroup, its local networks
# (docker0, docker_gwbridge) take addresses from a pool of its own (the host routes to them through the
# node), and its Engine API listens on the private bridge address only, plus the unix socket.
#   SWARM_NODE_NAME  manager | worker1 | worker2
#   SWARM_NODE_ADDR  this node's address on the private bridge (the API listens there)
#   SWARM_NODE_POOL  base of its local address pool, a /16
#   SWARM_NODE_PEER  the subnet allowed to reach its containers through it (the private bridge, the host)
set -eu
: "${SWARM_NODE_NAME:?}" "${SWARM_NODE_ADDR:?}" "${SWARM_NODE_POOL:?}" "${SWARM_NODE_PEER:?}"
rm -f /var/run/docker.pid /var/run/docker/containerd/containerd.pid
# Docker's FORWARD policy is DROP: let the private bridge (the host's health checks) reach this node's
# container addresses, through the chain Docker keeps for its user's rules, once dockerd has made it.
(
  for _ in $(seq 1 120); do
    if iptables -L DOCKER-USER -n >/dev/null 2>&1; then
      iptables -C DOCKER-USER -s "$SWARM_NODE_PEER" -j ACCEPT 2>/dev/null || iptables -I DOCKER-USER -s "$SWARM_NODE_PEER" -j ACCEPT
      exit 0
    fi
    sleep 0.5
  done
  echo "swarm-node: no DOCKER-USER chain after 60 s" >&2
) &
exec dockerd --cgroup-parent "/$SWARM_NODE_NAME" \
  -H unix:///var/run/docker.sock -H "tcp://$SWARM_NODE_ADDR:2375" \
  --default-address-pool "base=$SWARM_NODE_POOL,size=24" "$@"
