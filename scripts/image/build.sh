#!/usr/bin/env bash
# build.sh: build Summoner's image on this machine from a clean clone (no node_modules needed), with this
# machine's npm configuration: its registry and auth (the user .npmrc, npm_config_registry) and the extra CA
# its registry's certificate needs. Needs only an npm registry: no image registry (local bases by default).
#
#   scripts/image/build.sh -t summoner:latest                  local bases (scripts/image/build-base.sh)
#   scripts/image/build.sh --official-base -t summoner:latest  node:24-bookworm-slim, pinned in the Dockerfile
#   scripts/image/build.sh --ca /path/ca.pem -t summoner:latest     the CA to trust for the registry
#
# What goes in, as build arguments of the build stage only (Debian's engine has no BuildKit, so no
# `--secret`): NPMRC, the user .npmrc without its lines naming host files (cafile, nodedir, prefix, cache);
# NPM_CA, the CA in PEM: --ca FILE, else npm's `cafile` when small enough for an argument (< 100 kB), else the
# machine's own CAs (/usr/local/share/ca-certificates/*.crt). The final stage holds none of them. Any other
# argument goes to `docker build` as is.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
export DOCKER_BUILDKIT=0 # Debian's engine has no buildx

say() { printf '[build] %s\n' "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }

LOCAL_BASE=1
CA_FILE=
ARGS=()
while (($#)); do
  case $1 in
    --official-base) LOCAL_BASE=0 ;;
    --ca) CA_FILE=${2:?--ca needs a file}; shift ;;
    --ca=*) CA_FILE=${1#--ca=} ;;
    -h | --help) sed -n '2,17p' "$0"; exit 0 ;;
    *) ARGS+=("$1") ;;
  esac
  shift
done

if ((LOCAL_BASE)); then
  bash "$HERE/build-base.sh"
  ARGS=(--build-arg BASE_IMAGE=summoner-base/node:24 --build-arg BUILD_IMAGE=summoner-base/node-build:24 "${ARGS[@]}")
fi

# npm's configuration as this machine has it
npmrc=
userconfig=$(npm config get userconfig 2>/dev/null || true)
if [[ -f $userconfig ]]; then
  npmrc=$(grep -Ev '^[[:space:]]*(cafile|nodedir|prefix|cache|globalconfig|userconfig)[[:space:]]*=' "$userconfig" || true)
fi
registry=$(npm config get registry 2>/dev/null || true)
[[ -n $registry && $registry != https://registry.npmjs.org/ ]] && npmrc+=$'\n'"registry=$registry"

ca=
if [[ -n $CA_FILE ]]; then
  [[ -f $CA_FILE ]] || die "--ca $CA_FILE: no such file"
  ca=$(cat "$CA_FILE")
else
  cafile=$(npm config get cafile 2>/dev/null || true)
  if [[ -f $cafile && $(stat -c %s "$cafile") -lt 100000 ]]; then
    ca=$(cat "$cafile")
  elif compgen -G '/usr/local/share/ca-certificates/*.crt' >/dev/null; then
    ca=$(cat /usr/local/share/ca-certificates/*.crt)
  fi
fi
say "npm registry: ${registry:-default}; user npmrc: ${userconfig:-none}; extra CA: $(grep -c 'BEGIN CERTIFICATE' <<<"$ca" || true) certificate(s)"

cd "$REPO"
# One build at a time on this machine: two builds of the same sources at once (the image test and the production test
# start together) each install and compile everything on the same cores; one after the other, the second takes the
# first's layers from the engine's cache. The lock goes with the process (the descriptor is inherited by docker).
exec 8>/tmp/summoner-image-build.lock
flock -w 1800 8 || die "timed out waiting for another build.sh"
exec docker build --build-arg NPMRC="$npmrc" --build-arg NPM_CA="$ca" "${ARGS[@]}" .
