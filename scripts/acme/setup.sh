#!/usr/bin/env bash
# What the proxy and certificate tests need besides the engine and the images: Debian's Pebble (Let's
# Encrypt's test CA, with pebble-challtestsrv as its DNS) and openssl (the tests make Pebble's own TLS
# certificate); wrk, the load generator of `npm run bench:proxy`, and caddy, its reverse-proxy baseline. Idempotent: does nothing when they
# are there. Called by scripts/docker/setup.sh.
set -euo pipefail
need=()
command -v pebble >/dev/null 2>&1 && command -v pebble-challtestsrv >/dev/null 2>&1 || need+=(pebble)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
command -v wrk >/dev/null 2>&1 || need+=(wrk)
command -v caddy >/dev/null 2>&1 || need+=(caddy)
if ((${#need[@]})); then
  echo "[acme] installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
echo "[acme] $(dpkg-query -W -f '${Package} ${Version}' pebble 2>/dev/null || echo 'pebble missing')"
