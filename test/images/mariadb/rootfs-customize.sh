#!/bin/sh
# mmdebstrap customize hook for summoner-test/mariadb; $1 = the new root.
# The -core packages (chosen to avoid perl, galera, rsync, socat... that the
# full mariadb-server pulls in) do not create the mysql user: do it here.
set -eu
root=$1
chroot "$root" groupadd --system mysql
chroot "$root" useradd --system --gid mysql --home-dir /nonexistent --no-create-home \
  --shell /usr/sbin/nologin mysql
mkdir -p "$root/var/lib/mysql" "$root/run/mysqld" "$root/docker-entrypoint-initdb.d"
chroot "$root" chown mysql:mysql /var/lib/mysql /run/mysqld
