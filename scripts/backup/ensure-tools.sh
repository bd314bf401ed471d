#!/usr/bin/env bash
# ensure-tools.sh: what the backup module and its tests need on the host, from Debian's packages:
#   zstd            the compressor Summoner spawns for dumps (gzip from Node's zlib is the fallback)
#   openssh-server  the sshd the off-site tests start on a loopback port (never the system's ssh service)
# Idempotent: nothing is done when both are installed. Installing openssh-server does not start the
# system's sshd (a policy-rc.d that says "no" is in place for the time of the install).
set -euo pipefail
need=()
for p in zstd openssh-server; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need+=("$p")
done
((${#need[@]})) || exit 0
echo "[backup-tools] installing ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
policy=/usr/sbin/policy-rc.d
made_policy=0
if [[ ! -e $policy ]]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy"
  chmod 755 "$policy"
  made_policy=1
fi
trap 'if ((made_policy)); then rm -f "$policy"; fi' EXIT
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
