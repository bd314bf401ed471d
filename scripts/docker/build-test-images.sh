#!/usr/bin/env bash
# build-test-images.sh: build the local summoner-test/* images (no registry
# pulls: Docker Hub is not reachable, so every image starts FROM scratch or
# from a Debian root made here with mmdebstrap and `docker import`).
#
#   summoner-test/web:1.0, :1.1, :2.0   busybox httpd on :8080 (FROM scratch)
#   summoner-test/crash:1.0             exits 1 at start (FROM scratch)
#   summoner-test/mariadb:10.11 (+:10)  Debian MariaDB, :3306
#   summoner-test/mariadb:10.11-backup  the same plus mariadb-backup (physical backups)
#   summoner-test/postgres:15           Debian PostgreSQL, :5432
#   summoner-test/nginx:1.22 (+:1)      Debian nginx, :80
#   summoner-test/swarm-node:20.10      Debian docker.io: a nested Swarm node (only when named:
#                                       scripts/docker/swarm-nodes.sh builds it)
#
# Idempotent: an image is skipped when its tag exists with the same recipe
# hash (label org.summoner.test.recipe: hash of test/images/<name>/ and of the
# build parameters), so editing a recipe rebuilds just that image.
#
# Usage: build-test-images.sh [--force] [NAME...]   NAME: web crash mariadb mariadb-backup postgres nginx swarm-node
#   --force  rebuild (including the Debian roots) even when up to date
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive
export DOCKER_BUILDKIT=0 # legacy builder: Debian's engine has no buildx; FROM scratch needs nothing else
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
IMAGES=$(cd "$HERE/../../test/images" && pwd)
LABEL=org.summoner.test.recipe

# Debian's versions on bookworm. The build checks the installed version
# against these and fails loudly if Debian moved on (then update the tags).
SUITE=bookworm
MARIADB_VERSION=10.11
POSTGRES_VERSION=15
NGINX_VERSION=1.22
DOCKER_VERSION=20.10
WEB_VERSIONS=(1.0 1.1 2.0)
MIRRORS=(
  "deb http://deb.debian.org/debian $SUITE main"
  "deb http://deb.debian.org/debian $SUITE-updates main"
  "deb http://deb.debian.org/debian-security $SUITE-security main"
)
# Common mmdebstrap options: smallest root with apt (minbase), merged /usr set
# up by mmdebstrap's hook instead of the usrmerge package (which drags in full
# perl: ~50 MB), no recommends, no docs/man/translations.
MMDEBSTRAP_ARGS=(
  --variant=minbase
  --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr
  '--aptopt=APT::Install-Recommends "false"'
  --dpkgopt=path-exclude=/usr/share/doc/*
  --dpkgopt=path-include=/usr/share/doc/*/copyright
  --dpkgopt=path-exclude=/usr/share/man/*
  --dpkgopt=path-exclude=/usr/share/info/*
  --dpkgopt=path-exclude=/usr/share/locale/*
  --dpkgopt=path-exclude=/usr/share/lintian/*
  '--customize-hook=rm -rf "$1"/var/log/apt/* "$1"/var/log/dpkg.log "$1"/var/log/alternatives.log "$1"/var/cache/debconf/*-old "$1"/var/lib/dpkg/*-old'
)

say() { printf '[build-test-images] %s\n' "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }

FORCE=0
ONLY=()
for a in "$@"; do
  case $a in
    --force) FORCE=1 ;;
    -h | --help) sed -n '2,21p' "$0"; exit 0 ;;
    web | crash | mariadb | mariadb-backup | postgres | nginx | swarm-node) ONLY+=("$a") ;;
    *) die "unknown argument: $a" ;;
  esac
done
((${#ONLY[@]})) || ONLY=(web crash mariadb mariadb-backup postgres nginx)

bash "$HERE/ensure-engine.sh" >/dev/null 2>&1 || bash "$HERE/ensure-engine.sh"

pkg_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
missing=()
for p in mmdebstrap busybox-static tini; do pkg_installed "$p" || missing+=("$p"); done
if ((${#missing[@]})); then
  say "installing ${missing[*]}"
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

exec 9>/tmp/summoner-build-test-images.lock
flock -w 1800 9 || die "timed out waiting for another build-test-images.sh"

WORK=$(mktemp -d /tmp/summoner-images.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

# hash of a directory's files (names + contents) plus extra strings
recipe_hash() {
  local dir=$1; shift
  {
    (cd "$dir" && find . -type f -print0 | sort -z | xargs -0 sha256sum)
    printf '%s\n' "$@"
  } | sha256sum | cut -c1-16
}
image_recipe() { docker image inspect -f "{{index .Config.Labels \"$LABEL\"}}" "$1" 2>/dev/null || true; }
image_id() { docker image inspect -f '{{.Id}}' "$1" 2>/dev/null || true; }
# after a rebuild under the same tag: remove the image it replaced, if unused
drop_replaced() { # drop_replaced OLD_ID TAG
  [[ -n $1 && $1 != "$(image_id "$2")" ]] || return 0
  docker image rm "$1" >/dev/null 2>&1 || true
}
image_size() { docker image inspect -f '{{.Size}}' "$1" | awk '{printf "%.1f MB", $1/1000000}'; }

# run a command quietly; show its output only when it fails
quiet() {
  local out=$WORK/quiet.log
  if ! "$@" >"$out" 2>&1; then cat "$out" >&2; die "failed: $*"; fi
}

SUMMARY=()
note() { SUMMARY+=("$(printf '%-28s %-8s %6ss  %s' "$1" "$2" "$3" "$4")"); }

# --- FROM scratch images (web, crash) ---------------------------------------------
scratch_context() { # $1 = image dir; prints the context dir
  local ctx
  ctx=$(mktemp -d "$WORK/ctx.XXXX")
  cp "$1/Dockerfile" "$ctx/"
  cp /bin/busybox "$ctx/busybox"
  cp /usr/bin/tini-static "$ctx/tini"
  mkdir "$ctx/bin"
  for applet in sh wget cat ls echo sleep ps kill env; do ln -s busybox "$ctx/bin/$applet"; done
  printf '%s' "$ctx"
}

build_web() {
  local v tag hash t0 ctx old
  for v in "${WEB_VERSIONS[@]}"; do
    tag=summoner-test/web:$v
    hash=$(recipe_hash "$IMAGES/web" "version=$v" "$(sha256sum /bin/busybox /usr/bin/tini-static)")
    if ((!FORCE)) && [[ $(image_recipe "$tag") == "$hash" ]]; then
      note "$tag" skipped 0 "$(image_size "$tag")"; continue
    fi
    t0=$SECONDS
    old=$(image_id "$tag")
    ctx=$(scratch_context "$IMAGES/web")
    mkdir "$ctx/www"
    sed "s/@VERSION@/$v/g" "$IMAGES/web/index.html" >"$ctx/www/index.html"
    echo ok >"$ctx/www/health"
    echo "$v" >"$ctx/www/version"
    quiet docker build -q --build-arg "VERSION=$v" --label "$LABEL=$hash" -t "$tag" "$ctx"
    drop_replaced "$old" "$tag"
    note "$tag" built $((SECONDS - t0)) "$(image_size "$tag")"
  done
}

build_crash() {
  local tag=summoner-test/crash:1.0 hash t0 ctx old
  hash=$(recipe_hash "$IMAGES/crash" "$(sha256sum /bin/busybox)")
  if ((!FORCE)) && [[ $(image_recipe "$tag") == "$hash" ]]; then
    note "$tag" skipped 0 "$(image_size "$tag")"; return
  fi
  t0=$SECONDS
  old=$(image_id "$tag")
  ctx=$(scratch_context "$IMAGES/crash")
  quiet docker build -q --label "$LABEL=$hash" -t "$tag" "$ctx"
  drop_replaced "$old" "$tag"
  note "$tag" built $((SECONDS - t0)) "$(image_size "$tag")"
}

# --- Debian-root images (mariadb, postgres, nginx) --------------------------------
# Two steps, so that editing an entrypoint does not re-run mmdebstrap:
#  1. rootfs: mmdebstrap (packages from test/images/<name>/packages, extra
#     options from mmdebstrap.args, hook rootfs-customize.sh) streamed as a tar
#     into `docker import` -> summoner-test/rootfs:<name>-<hash>
#  2. final image: docker build of test/images/<name>/Dockerfile FROM that
#     rootfs (COPY entrypoint/config, ENV, EXPOSE, STOPSIGNAL, CMD: metadata
#     that `docker import --change` cannot all express, e.g. STOPSIGNAL).
# Variants (another tag from the same recipe dir plus packages) set ROOT_NAME and EXTRA_PKGS.
ROOT_NAME=
EXTRA_PKGS=()
build_rootfs() { # $1 = recipe dir name; sets ROOTFS_TAG
  local name=${ROOT_NAME:-$1} dir=$IMAGES/$1 hash tag t0 old
  local -a pkgs extra=()
  hash=$(cd "$dir" && {
    cat packages
    ((${#EXTRA_PKGS[@]})) && printf '%s\n' "${EXTRA_PKGS[@]}"
    cat mmdebstrap.args 2>/dev/null || true
    cat rootfs-customize.sh 2>/dev/null || true
    printf '%s\n' "$SUITE" "${MIRRORS[@]}" "${MMDEBSTRAP_ARGS[@]}"
  } | sha256sum | cut -c1-16)
  tag=summoner-test/rootfs:$name-$hash
  OLD_ROOTFS=()
  if ((FORCE)) || ! docker image inspect "$tag" >/dev/null 2>&1; then
    # the root(s) this replaces; removed once the final image no longer uses them
    mapfile -t OLD_ROOTFS < <(docker image ls -q --no-trunc --filter "reference=summoner-test/rootfs:$name-*")
    mapfile -t pkgs < <(grep -v '^\s*\(#\|$\)' "$dir/packages")
    pkgs+=("${EXTRA_PKGS[@]}")
    if [[ -f $dir/mmdebstrap.args ]]; then mapfile -t extra < <(grep -v '^\s*\(#\|$\)' "$dir/mmdebstrap.args"); fi
    [[ -x $dir/rootfs-customize.sh ]] && extra+=("--customize-hook=\"$dir/rootfs-customize.sh\" \"\$1\"")
    say "mmdebstrap $name root (${pkgs[*]})"
    t0=$SECONDS
    mmdebstrap --quiet "${MMDEBSTRAP_ARGS[@]}" "${extra[@]}" --include="$(IFS=,; echo "${pkgs[*]}")" \
      "$SUITE" - "${MIRRORS[@]}" 2>"$WORK/mmdebstrap-$name.log" |
      docker import - "$tag" >/dev/null ||
      { tail -n 30 "$WORK/mmdebstrap-$name.log" >&2; die "mmdebstrap/import of $name failed"; }
    note "(root for $name)" mmdebstr $((SECONDS - t0)) "$(image_size "$tag")"
    # untag roots of older recipes (their layers go with OLD_ROOTFS below)
    for old in $(docker image ls --format '{{.Repository}}:{{.Tag}}' "summoner-test/rootfs" | grep ":$name-" | grep -v "^$tag\$" || true); do
      docker image rm "$old" >/dev/null 2>&1 || true
    done
  fi
  ROOTFS_TAG=$tag
}

# $1 name, $2 package to check, $3 expected version prefix, $4.. tags
build_debian_image() {
  local name=$1 pkg=$2 want=$3; shift 3
  local tags=("$@") rootfs hash t0 have
  build_rootfs "$name"
  rootfs=$ROOTFS_TAG
  hash=$(recipe_hash "$IMAGES/$name" "$rootfs" "${tags[@]}")
  if ((!FORCE)) && [[ $(image_recipe "${tags[0]}") == "$hash" ]]; then
    local t; for t in "${tags[@]}"; do docker image inspect "$t" >/dev/null 2>&1 || docker tag "${tags[0]}" "$t"; done
    note "${tags[0]}" skipped 0 "$(image_size "${tags[0]}")"; return
  fi
  t0=$SECONDS
  local -a targs=()
  local old_final; old_final=$(image_id "${tags[0]}")
  local t; for t in "${tags[@]}"; do targs+=(-t "$t"); done
  quiet docker build -q --build-arg "ROOTFS=$rootfs" --label "$LABEL=$hash" "${targs[@]}" "$IMAGES/$name"
  drop_replaced "$old_final" "${tags[0]}"
  for t in "${OLD_ROOTFS[@]}"; do docker image rm "$t" >/dev/null 2>&1 || true; done
  have=$(docker run --rm --entrypoint dpkg-query "${tags[0]}" -W -f '${Version}' "$pkg")
  have=${have#*:} # drop the epoch
  [[ $have == "$want".* || $have == "$want" ]] ||
    die "${tags[0]}: Debian's $pkg is $have, not $want.x: update the version constants in $0"
  note "${tags[0]}" built $((SECONDS - t0)) "$(image_size "${tags[0]}") ($pkg $have)"
}

for name in "${ONLY[@]}"; do
  case $name in
    web) build_web ;;
    crash) build_crash ;;
    mariadb) build_debian_image mariadb mariadb-server-core "$MARIADB_VERSION" \
      "summoner-test/mariadb:$MARIADB_VERSION" "summoner-test/mariadb:${MARIADB_VERSION%%.*}" ;;
    mariadb-backup) # a root of its own (name without the `mariadb-` prefix, which the untagging above matches)
      ROOT_NAME=mariadbbackup EXTRA_PKGS=(mariadb-backup)
      build_debian_image mariadb mariadb-backup "$MARIADB_VERSION" "summoner-test/mariadb:$MARIADB_VERSION-backup"
      ROOT_NAME= EXTRA_PKGS=() ;;
    postgres) build_debian_image postgres "postgresql-$POSTGRES_VERSION" "$POSTGRES_VERSION" \
      "summoner-test/postgres:$POSTGRES_VERSION" ;;
    nginx) build_debian_image nginx nginx "$NGINX_VERSION" \
      "summoner-test/nginx:$NGINX_VERSION" "summoner-test/nginx:${NGINX_VERSION%%.*}" ;;
    swarm-node) build_debian_image swarm-node docker.io "$DOCKER_VERSION" "summoner-test/swarm-node:$DOCKER_VERSION" ;;
  esac
done

printf '%-28s %-8s %7s  %s\n' IMAGE ACTION TIME SIZE
printf '%s\n' "${SUMMARY[@]}"
