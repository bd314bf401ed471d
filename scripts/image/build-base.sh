#!/usr/bin/env bash
# build-base.sh: build Summoner's local base images, for machines where no registry can be pulled from.
#
#   summoner-base/node:20         a Debian root (mmdebstrap, variant essential: no apt, no compilers) plus
#                                 this machine's Node.js 20 binary and a non-root user `node`
#                                 (uid/gid 1000), `docker import`ed. The run stage of ./Dockerfile.
#   summoner-base/node-build:20   the same plus npm: the build stage (tsc, npm prune).
#
# Then: docker build --build-arg BASE_IMAGE=summoner-base/node:20 \
#         --build-arg BUILD_IMAGE=summoner-base/node-build:20 -t summoner:dev .
#
# Conventions of scripts/docker/build-test-images.sh: built once per machine and reused by tag; the label
# org.summoner.base.recipe holds a hash of the inputs (this script, the Debian suite and mirrors, the node
# binary, npm's version), so a new Node.js or an edit here rebuilds, anything else is skipped in ~1 s.
# No compilers go in: better-sqlite3's addon comes compiled from the build context's node_modules (made by
# `npm ci` on this machine, same Node.js and same Debian glibc), see the Dockerfile.
#
# Usage: scripts/image/build-base.sh [--force]
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive
export DOCKER_BUILDKIT=0 # Debian's engine has no buildx
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LABEL=org.summoner.base.recipe
RUN_TAG=summoner-base/node:20
BUILD_TAG=summoner-base/node-build:20
SUITE=bookworm
MIRRORS=(
  "deb http://deb.debian.org/debian $SUITE main"
  "deb http://deb.debian.org/debian $SUITE-updates main"
  "deb http://deb.debian.org/debian-security $SUITE-security main"
)

say() { printf '[build-base] %s\n' "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }

FORCE=0
for a in "$@"; do
  case $a in
    --force) FORCE=1 ;;
    -h | --help) sed -n '2,19p' "$0"; exit 0 ;;
    *) die "unknown argument: $a" ;;
  esac
done

bash "$HERE/../docker/ensure-engine.sh" >/dev/null 2>&1 || bash "$HERE/../docker/ensure-engine.sh"
command -v mmdebstrap >/dev/null || { apt-get update -qq; apt-get install -y -qq --no-install-recommends mmdebstrap >/dev/null; }

NODE_BIN=$(readlink -f "$(command -v node)") || die "no node on this machine"
NODE_VERSION=$("$NODE_BIN" --version)
[[ $NODE_VERSION == v20.* ]] || die "node is $NODE_VERSION; Summoner's image is made with Node.js 20"
NPM_DIR=$(cd "$(dirname "$(readlink -f "$(command -v npm)")")/.." && pwd) # .../node_modules/npm
[[ -f $NPM_DIR/package.json ]] || die "cannot find npm's folder (looked at $NPM_DIR)"

exec 9>/tmp/summoner-build-base.lock
flock -w 1800 9 || die "timed out waiting for another build-base.sh"

hash=$({
  cat "${BASH_SOURCE[0]}"
  printf '%s\n' "$SUITE" "${MIRRORS[@]}"
  sha256sum "$NODE_BIN" | cut -d' ' -f1
  "$NODE_BIN" -p "require('$NPM_DIR/package.json').version"
} | sha256sum | cut -c1-16)

recipe() { docker image inspect -f "{{index .Config.Labels \"$LABEL\"}}" "$1" 2>/dev/null || true; }
size() { docker image inspect -f '{{.Size}}' "$1" | awk '{printf "%.1f MB", $1/1000000}'; }

if ((!FORCE)) && [[ $(recipe "$RUN_TAG") == "$hash" && $(recipe "$BUILD_TAG") == "$hash" ]]; then
  say "$RUN_TAG and $BUILD_TAG up to date ($NODE_VERSION; $(size "$RUN_TAG"))"
  exit 0
fi

WORK=$(mktemp -d /tmp/summoner-base.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
t0=$SECONDS
old_run=$(docker image inspect -f '{{.Id}}' "$RUN_TAG" 2>/dev/null || true)
old_build=$(docker image inspect -f '{{.Id}}' "$BUILD_TAG" 2>/dev/null || true)

# The root: Essential packages only (no apt: nothing is installed at run time), plus what node links
# against (libstdc++6). PID 1 is Docker's own init (`--init`, compose `init: true`).
say "mmdebstrap $SUITE root + node $NODE_VERSION"
mmdebstrap --quiet --variant=essential --include=libstdc++6 \
  --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr \
  --dpkgopt=path-exclude=/usr/share/doc/* --dpkgopt=path-include=/usr/share/doc/*/copyright \
  --dpkgopt=path-exclude=/usr/share/man/* --dpkgopt=path-exclude=/usr/share/info/* \
  --dpkgopt=path-exclude=/usr/share/locale/* --dpkgopt=path-exclude=/usr/share/lintian/* \
  --customize-hook="copy-in $NODE_BIN /usr/local/bin" \
  --customize-hook='echo "node:x:1000:" >>"$1"/etc/group' \
  --customize-hook='echo "node:x:1000:1000::/home/node:/bin/sh" >>"$1"/etc/passwd' \
  --customize-hook='echo "node:!:19000::::::" >>"$1"/etc/shadow' \
  --customize-hook='install -d -o 1000 -g 1000 -m 0755 "$1"/home/node' \
  --customize-hook='rm -rf "$1"/var/cache/* "$1"/var/lib/apt/lists/* "$1"/var/log/*.log "$1"/var/lib/dpkg/*-old' \
  "$SUITE" - "${MIRRORS[@]}" 2>"$WORK/mmdebstrap.log" |
  docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' \
    --change "LABEL $LABEL=$hash" \
    --change 'CMD ["node"]' \
    - "$RUN_TAG" >/dev/null ||
  { tail -n 30 "$WORK/mmdebstrap.log" >&2; die "mmdebstrap/import failed"; }
docker run --rm "$RUN_TAG" node -e 'process.exit(process.versions.node.startsWith("20.") ? 0 : 1)' ||
  die "$RUN_TAG does not run node 20"

# The build stage's image: the run image plus npm (tsc and `npm prune` run in it; nothing is downloaded).
mkdir "$WORK/ctx"
cp -a "$NPM_DIR" "$WORK/ctx/npm"
cat >"$WORK/ctx/Dockerfile" <<EOF
FROM $RUN_TAG
COPY npm /usr/local/lib/node_modules/npm
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm && npm --version
EOF
docker build -q --label "$LABEL=$hash" -t "$BUILD_TAG" "$WORK/ctx" >/dev/null || die "building $BUILD_TAG failed"

for old in "$old_build" "$old_run"; do
  [[ -n $old ]] && docker image rm "$old" >/dev/null 2>&1 || true
done
say "built $RUN_TAG ($(size "$RUN_TAG")) and $BUILD_TAG ($(size "$BUILD_TAG")) in $((SECONDS - t0)) s"
