#!/bin/sh
# mmdebstrap customize hook for summoner-test/postgres; $1 = the new root.
# Debian's postinst creates a "15/main" cluster; the entrypoint makes its own
# in $PGDATA from env vars instead, so drop it (saves ~40 MB).
set -eu
root=$1
rm -rf "$root"/etc/postgresql/*/main "$root"/var/lib/postgresql/*/main
mkdir -p "$root/var/lib/postgresql/data" "$root/run/postgresql" "$root/docker-entrypoint-initdb.d"
chroot "$root" chown postgres:postgres /var/lib/postgresql/data /run/postgresql
chmod 700 "$root/var/lib/postgresql/data"
chmod 2775 "$root/run/postgresql"
