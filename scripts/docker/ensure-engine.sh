#!/usr/bin/env bash
# ensure-engine.sh: make sure a real Docker Engine answers on this machine.
#
# Idempotent. Installs Debian's docker.io (+ iptables, docker-compose) when
# missing, starts dockerd in the background when it does not answer (there is
# no systemd on these machines), waits for `docker info` (bounded) and prints
# the engine version. Run it again while dockerd runs: it only checks.
#
# Environment:
#   DOCKERD_LOG           dockerd's log file      (default /var/log/summoner-dockerd.log)
#   DOCKERD_WAIT_SECONDS  how long to wait for it (default 60)
#   DOCKERD_EXTRA_ARGS    extra dockerd flags, appended as words
#
# Machine facts this script relies on (checked 2026-11 on the `node` kind, a
# Firecracker VM running Debian 12 as root, kernel 6.18, no systemd, no
# modprobe/modules: everything needed is built into the kernel):
#   * storage: overlay2 on ext4 works (dockerd picks it by itself). If the
#     Docker root sits on overlayfs (e.g. CI inside a container) or the kernel
#     has no overlay, we fall back to vfs explicitly (slow, big, but works).
#   * iptables: Debian 12's default iptables-nft works with the kernel's
#     nf_tables; dockerd adds its NAT/filter chains through it. If the nft
#     backend fails we try iptables-legacy, and as the last resort run dockerd
#     with --iptables=false (containers still get bridge IPs reachable from
#     the host, but no NAT and no published ports through iptables).
#   * cgroups: hybrid v1 hierarchy is mounted by the VM's init; dockerd uses
#     the cgroupfs driver (no systemd). If nothing is mounted we mount cgroup2.
#   * dockerd 20.10 starts its own managed containerd; no service needed.
#   * the machine already has a newer docker CLI in /usr/local/bin (28.x); it
#     negotiates the API down to 1.41 and works with Debian's 20.10 engine.
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive
LOG=${DOCKERD_LOG:-/var/log/summoner-dockerd.log}
WAIT=${DOCKERD_WAIT_SECONDS:-60}
DOCKER_ROOT=/var/lib/docker

say() { printf '[ensure-engine] %s\n' "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }

engine_answers() { timeout 10 docker info >/dev/null 2>&1; }

print_version() {
  docker version --format 'Docker Engine {{.Server.Version}} (API {{.Server.APIVersion}}); client {{.Client.Version}}'
  docker info --format 'storage={{.Driver}} cgroup={{.CgroupDriver}}/v{{.CgroupVersion}} root={{.DockerRootDir}}' 2>/dev/null || true
}

pkg_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

# Two callers at once (e.g. parallel test jobs) must not start two daemons.
exec 9>/tmp/summoner-ensure-engine.lock
flock -w 300 9 || die "timed out waiting for another ensure-engine.sh"

# --- 1. packages -------------------------------------------------------------
PKGS=(docker.io iptables docker-compose)
missing=()
for p in "${PKGS[@]}"; do pkg_installed "$p" || missing+=("$p"); done
if ((${#missing[@]})); then
  [[ $(id -u) -eq 0 ]] || die "need root to install: ${missing[*]}"
  say "installing ${missing[*]}"
  apt-get update -qq
  # --no-install-recommends: skips apparmor/git/needrestart etc.; none of them
  # is needed for the engine here.
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
command -v docker >/dev/null || die "docker CLI not found after install"

# --- 2. already running? -------------------------------------------------------
if engine_answers; then
  say "engine already answers"
  print_version
  exit 0
fi

[[ $(id -u) -eq 0 ]] || die "dockerd does not answer and we are not root to start it"

# This host's dockerd: `pgrep dockerd` also sees the engines inside the nested
# Swarm node containers; ours is the one in this script's mount namespace.
host_dockerd() {
  local me p
  me=$(readlink /proc/self/ns/mnt)
  for p in $(pgrep -x dockerd); do
    if [[ $(readlink "/proc/$p/ns/mnt" 2>/dev/null) == "$me" ]]; then
      echo "$p"
      return 0
    fi
  done
  return 1
}

if host_dockerd >/dev/null; then
  # A dockerd exists but does not answer yet (still starting): never start a
  # second one, just wait for it below.
  say "dockerd (pid $(host_dockerd)) is running but not answering yet; waiting"
else
  args=()

  # cgroups: need some hierarchy mounted.
  if [[ ! -e /sys/fs/cgroup/cgroup.controllers && ! -d /sys/fs/cgroup/memory ]]; then
    say "no cgroup hierarchy mounted; mounting cgroup2 on /sys/fs/cgroup"
    mkdir -p /sys/fs/cgroup
    mount -t cgroup2 none /sys/fs/cgroup || die "cannot mount cgroup2"
  fi

  # storage driver: overlay2 needs kernel overlay and a non-overlay backing fs.
  mkdir -p "$DOCKER_ROOT"
  backing=$(stat -f -c %T "$DOCKER_ROOT" 2>/dev/null || echo unknown)
  if ! grep -qw overlay /proc/filesystems || [[ $backing == overlayfs ]]; then
    say "overlay2 not usable (kernel overlay: $(grep -cw overlay /proc/filesystems || true), backing fs: $backing); using vfs"
    args+=(--storage-driver=vfs)
  fi

  # iptables backend: try the current one (nft on Debian 12), then legacy.
  if ! iptables -t nat -L -n >/dev/null 2>&1; then
    if [[ -x /usr/sbin/iptables-legacy ]] && /usr/sbin/iptables-legacy -t nat -L -n >/dev/null 2>&1; then
      say "iptables-nft unusable; switching alternatives to iptables-legacy"
      update-alternatives --set iptables /usr/sbin/iptables-legacy >/dev/null
      update-alternatives --set ip6tables /usr/sbin/ip6tables-legacy >/dev/null || true
    else
      say "WARNING: no working iptables backend; starting dockerd with --iptables=false (no NAT, no published ports)"
      args+=(--iptables=false --ip-masq=false)
    fi
  fi

  if [[ -n ${DOCKERD_EXTRA_ARGS:-} ]]; then
    # shellcheck disable=SC2206 # word splitting wanted
    args+=(${DOCKERD_EXTRA_ARGS})
  fi

  mkdir -p "$(dirname "$LOG")"
  say "starting dockerd ${args[*]:-} (log: $LOG)"
  printf '\n===== %s ensure-engine: dockerd %s\n' "$(date -Is)" "${args[*]:-}" >>"$LOG"
  # setsid+nohup: detach from this script's session so it keeps running after
  # the script (and its caller's process group) ends; 9>&- so that it does not
  # inherit (and hold forever) our lock.
  setsid nohup dockerd "${args[@]}" >>"$LOG" 2>&1 </dev/null 9>&- &
fi

# --- 3. bounded wait -----------------------------------------------------------
deadline=$((SECONDS + WAIT))
until engine_answers; do
  if ((SECONDS >= deadline)); then
    say "dockerd did not answer within ${WAIT}s; last lines of $LOG:"
    tail -n 30 "$LOG" >&2 || true
    die "Docker Engine not available"
  fi
  sleep 1
  if ! host_dockerd >/dev/null; then
    say "dockerd exited; last lines of $LOG:"
    tail -n 30 "$LOG" >&2 || true
    die "dockerd failed to start"
  fi
done
say "engine answers"
print_version
