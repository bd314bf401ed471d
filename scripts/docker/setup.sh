#!/usr/bin/env bash
# setup.sh: the one idempotent command for a fresh machine (or CI):
# Docker Engine + summoner-test/* images + local registry with the web images.
#
# Usage: scripts/docker/setup.sh [--force] [--smoke]
#   --force  rebuild all images (passed to build-test-images.sh)
#   --smoke  run smoke-test.sh afterwards
# See docs/test-infrastructure.md.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build_args=()
smoke=0
for a in "$@"; do
  case $a in
    --force) build_args+=(--force) ;;
    --smoke) smoke=1 ;;
    *) echo "usage: $0 [--force] [--smoke]" >&2; exit 2 ;;
  esac
done
t0=$SECONDS
bash "$HERE/ensure-engine.sh"
bash "$HERE/clear-leftovers.sh" # an earlier run cut short: its containers come back with the engine
bash "$HERE/build-test-images.sh" "${build_args[@]}"
bash "$HERE/ensure-registry.sh"
bash "$HERE/../image/build-base.sh" "${build_args[@]}" # Summoner's own image: its local base (test/docker-image.test.ts builds the image)
bash "$HERE/../acme/setup.sh"
bash "$HERE/../backup/ensure-tools.sh"
((smoke)) && bash "$HERE/smoke-test.sh"
echo "[setup] done in $((SECONDS - t0)) s"
