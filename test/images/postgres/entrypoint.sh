#!/bin/bash
# Entrypoint of summoner-test/postgres, in the style of the official image.
#
# On first start (no $PGDATA/PG_VERSION) it runs initdb and sets up from:
#   POSTGRES_PASSWORD (required unless POSTGRES_HOST_AUTH_METHOD=trust)
#   POSTGRES_USER (default postgres), POSTGRES_DB (default $POSTGRES_USER)
#   POSTGRES_INITDB_ARGS, POSTGRES_HOST_AUTH_METHOD (default scram-sha-256)
# then runs /docker-entrypoint-initdb.d/*.sql|*.sh and execs postgres (as the
# postgres user, via setpriv) so that it is PID 1 and `docker stop` works.
# Local (socket) connections are trusted, as in the official image.
set -euo pipefail

: "${PGDATA:=/var/lib/postgresql/data}"
export PGDATA

log() { printf '[entrypoint] %s\n' "$*" >&2; }
as_pg() { setpriv --reuid=postgres --regid=postgres --init-groups "$@"; }

if [[ ${1:-} == -* ]]; then set -- postgres "$@"; fi
if [[ ${1:-} != postgres ]]; then exec "$@"; fi

mkdir -p "$PGDATA" /run/postgresql
chown postgres:postgres "$PGDATA" /run/postgresql
chmod 700 "$PGDATA"
chmod 2775 /run/postgresql

if [[ ! -s $PGDATA/PG_VERSION ]]; then
  user=${POSTGRES_USER:-postgres}
  db=${POSTGRES_DB:-$user}
  auth=${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}
  if [[ -z ${POSTGRES_PASSWORD:-} && $auth != trust ]]; then
    log "error: database is uninitialized and POSTGRES_PASSWORD is not set"
    log "  (or set POSTGRES_HOST_AUTH_METHOD=trust to allow all connections without a password)"
    exit 1
  fi

  log "initialising $PGDATA"
  pwfile=$(mktemp)
  printf '%s\n' "${POSTGRES_PASSWORD:-}" >"$pwfile"
  chown postgres "$pwfile"
  # shellcheck disable=SC2086 # POSTGRES_INITDB_ARGS is a word list, as upstream
  as_pg initdb --username="$user" --pwfile="$pwfile" --encoding=UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host="$auth" ${POSTGRES_INITDB_ARGS:-} >/dev/null
  rm -f "$pwfile"
  printf '\n# summoner-test: any address\nhost all all all %s\n' "$auth" >>"$PGDATA/pg_hba.conf"
  {
    echo "listen_addresses = '*'"
    # JIT's LLVM is left out of the image to keep it small.
    echo "jit = off"
  } >>"$PGDATA/postgresql.conf"

  # Temporary server on the socket only.
  as_pg pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w -t 60 start >/dev/null
  psql_=(as_pg psql -v ON_ERROR_STOP=1 --no-psqlrc --username="$user")
  if [[ $db != postgres ]]; then
    "${psql_[@]}" --dbname=postgres --set=db="$db" -q <<<'CREATE DATABASE :"db";'
  fi
  # shellcheck disable=SC1090 # sources user-provided init scripts
  for f in /docker-entrypoint-initdb.d/*; do
    case $f in
      *.sh) log "running $f"; . "$f" ;;
      *.sql) log "running $f"; "${psql_[@]}" --dbname="$db" -f - <"$f" ;;
      *.sql.gz) log "running $f"; gzip -dc "$f" | "${psql_[@]}" --dbname="$db" -f - ;;
      *) if [[ -e $f ]]; then log "ignoring $f"; fi ;;
    esac
  done
  as_pg pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
  log "initialisation done"
fi

# postgres refuses to run as root: drop to the postgres user and exec.
exec setpriv --reuid=postgres --regid=postgres --init-groups "$@"
