#!/usr/bin/env bash
# ensure-registry.sh: a local Docker registry (Distribution v2, Debian's
# docker-registry package) on 127.0.0.1:5000, and the summoner-test/web
# images pushed to it as 127.0.0.1:5000/summoner/web:{1.0,1.1,2.0}, and the crash
# image as summoner/web:1.2-broken.
#
# Idempotent: installs the package if missing, (re)writes the config, starts
# the registry in the background if it does not answer (restarts it if the
# config changed), pushes the tags (a re-push of unchanged images only
# checks digests) and prints the tag list.
#
# dockerd needs no insecure-registries entry: 127.0.0.0/8 is insecure (plain
# HTTP allowed) by default. Pulls/pushes are made by dockerd in the host's
# network namespace, so 127.0.0.1 works for containers' and swarm's image
# pulls too; code inside a container cannot reach it at 127.0.0.1, though.
#
# Usage: ensure-registry.sh [--no-push]
# Environment: REGISTRY_ADDR (default 127.0.0.1:5000)
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ADDR=${REGISTRY_ADDR:-127.0.0.1:5000}
CONF_DIR=/etc/summoner-test-registry
CONF=$CONF_DIR/config.yml
STORAGE=/var/lib/summoner-test-registry
LOG=/var/log/summoner-test-registry.log
PIDFILE=/run/summoner-test-registry.pid
WEB_VERSIONS=(1.0 1.1 2.0)

say() { printf '[ensure-registry] %s\n' "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }

PUSH=1
for a in "$@"; do
  case $a in
    --no-push) PUSH=0 ;;
    *) die "unknown argument: $a" ;;
  esac
done

[[ $(id -u) -eq 0 ]] || die "run as root"
exec 9>/tmp/summoner-ensure-registry.lock
flock -w 300 9 || die "timed out waiting for another ensure-registry.sh"

if ! dpkg-query -W -f='${Status}' docker-registry 2>/dev/null | grep -q 'install ok installed'; then
  say "installing docker-registry"
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends docker-registry >/dev/null
fi
command -v curl >/dev/null || { apt-get update -qq && apt-get install -y -qq curl >/dev/null; }

mkdir -p "$CONF_DIR" "$STORAGE"
new_conf=$(cat <<EOF
# Written by scripts/docker/ensure-registry.sh; edits are overwritten.
version: 0.1
log:
  level: info
  fields:
    service: summoner-test-registry
storage:
  filesystem:
    rootdirectory: $STORAGE
  delete:
    enabled: true
  cache:
    blobdescriptor: inmemory
http:
  addr: $ADDR
  headers:
    X-Content-Type-Options: [nosniff]
health:
  storagedriver:
    enabled: true
    interval: 10s
    threshold: 3
EOF
)
conf_changed=0
if [[ ! -f $CONF ]] || [[ $(cat "$CONF") != "$new_conf" ]]; then
  printf '%s\n' "$new_conf" >"$CONF"
  conf_changed=1
fi

answers() { curl -fs -o /dev/null --max-time 3 "http://$ADDR/v2/"; }
our_pid() { [[ -f $PIDFILE ]] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null && cat "$PIDFILE"; }

if ((conf_changed)) && pid=$(our_pid); then
  say "config changed; restarting registry (pid $pid)"
  kill "$pid"
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
fi

if answers; then
  say "registry already answers on $ADDR"
else
  if pid=$(our_pid); then
    say "registry (pid $pid) runs but does not answer yet; waiting"
  else
    say "starting registry on $ADDR (log: $LOG)"
    setsid nohup docker-registry serve "$CONF" >>"$LOG" 2>&1 </dev/null 9>&- &
    echo $! >"$PIDFILE"
  fi
  for _ in $(seq 1 100); do answers && break; sleep 0.2; done
  answers || { tail -n 20 "$LOG" >&2; die "registry does not answer on http://$ADDR/v2/"; }
  say "registry answers on $ADDR"
fi

if ((PUSH)); then
  bash "$HERE/ensure-engine.sh" >/dev/null 2>&1 || bash "$HERE/ensure-engine.sh"
  for v in "${WEB_VERSIONS[@]}"; do
    src=summoner-test/web:$v
    docker image inspect "$src" >/dev/null 2>&1 ||
      die "$src missing: run scripts/docker/build-test-images.sh web first"
    dst=$ADDR/summoner/web:$v
    docker tag "$src" "$dst"
    docker push -q "$dst" >/dev/null || die "push of $dst failed"
  done
  # a broken "1.2": the crash image (prints to stderr, exits 1) under the web repository, for the update and
  # Swarm tests (each of them must find it, whatever order the files run in)
  docker image inspect summoner-test/crash:1.0 >/dev/null 2>&1 ||
    die "summoner-test/crash:1.0 missing: run scripts/docker/build-test-images.sh crash first"
  docker tag summoner-test/crash:1.0 "$ADDR/summoner/web:1.2-broken"
  docker push -q "$ADDR/summoner/web:1.2-broken" >/dev/null || die "push of summoner/web:1.2-broken failed"
  say "pushed summoner/web:${WEB_VERSIONS[*]} 1.2-broken"
fi

curl -fsS "http://$ADDR/v2/summoner/web/tags/list" && echo
