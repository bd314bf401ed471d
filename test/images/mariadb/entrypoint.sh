#!/bin/bash
# Entrypoint of summoner-test/mariadb, in the style of the official image.
#
# On first start (no $DATADIR/mysql) it initialises the data directory from:
#   MARIADB_ROOT_PASSWORD | MARIADB_ALLOW_EMPTY_ROOT_PASSWORD | MARIADB_RANDOM_ROOT_PASSWORD
#   MARIADB_ROOT_HOST (default %), MARIADB_DATABASE, MARIADB_USER, MARIADB_PASSWORD
# (MYSQL_* names are accepted too), runs /docker-entrypoint-initdb.d/*.sql|*.sh,
# then execs the server so that it is PID 1 and `docker stop` (SIGTERM) shuts
# it down cleanly.
set -euo pipefail

DATADIR=/var/lib/mysql
SOCKET=/run/mysqld/mysqld.sock

log() { printf '[entrypoint] %s\n' "$*" >&2; }

# `docker run IMAGE --some-flag` -> flags for mariadbd; any other command runs as is.
if [[ ${1:-} == -* ]]; then set -- mariadbd "$@"; fi
if [[ ${1:-} != mariadbd && ${1:-} != mysqld ]]; then exec "$@"; fi

for v in ROOT_PASSWORD ALLOW_EMPTY_ROOT_PASSWORD RANDOM_ROOT_PASSWORD ROOT_HOST DATABASE USER PASSWORD; do
  m=MARIADB_$v y=MYSQL_$v
  if [[ -z ${!m:-} && -n ${!y:-} ]]; then export "$m=${!y}"; fi
done

mkdir -p /run/mysqld "$DATADIR"
chown mysql:mysql /run/mysqld "$DATADIR"

sql_str() { local s=${1//\\/\\\\}; s=${s//\'/\\\'}; printf "'%s'" "$s"; }
sql_id() { printf '`%s`' "${1//\`/\`\`}"; }

if [[ ! -d $DATADIR/mysql ]]; then
  if [[ -z ${MARIADB_ROOT_PASSWORD:-} && -z ${MARIADB_ALLOW_EMPTY_ROOT_PASSWORD:-} && -z ${MARIADB_RANDOM_ROOT_PASSWORD:-} ]]; then
    log "error: database is uninitialized and no password option is specified"
    log "  set one of MARIADB_ROOT_PASSWORD, MARIADB_ALLOW_EMPTY_ROOT_PASSWORD, MARIADB_RANDOM_ROOT_PASSWORD"
    exit 1
  fi
  if [[ -n ${MARIADB_RANDOM_ROOT_PASSWORD:-} && -z ${MARIADB_ROOT_PASSWORD:-} ]]; then
    MARIADB_ROOT_PASSWORD=$(tr -dc 'A-Za-z0-9' </dev/urandom | head -c 24 || true)
    log "GENERATED ROOT PASSWORD: $MARIADB_ROOT_PASSWORD"
  fi

  log "initialising $DATADIR"
  mariadb-install-db --user=mysql --datadir="$DATADIR" --auth-root-authentication-method=normal \
    --skip-test-db --skip-name-resolve --default-time-zone=SYSTEM --skip-log-bin \
    --loose-innodb_buffer_pool_load_at_startup=0 --loose-innodb_buffer_pool_dump_at_shutdown=0 >/dev/null

  # Temporary server on the socket only.
  mariadbd --user=mysql --datadir="$DATADIR" --skip-networking --socket="$SOCKET" --skip-log-bin \
    --loose-innodb_buffer_pool_load_at_startup=0 --loose-innodb_buffer_pool_dump_at_shutdown=0 &
  tmp_pid=$!
  client=(mariadb --protocol=socket --socket="$SOCKET" -uroot)
  for _ in $(seq 1 60); do
    if "${client[@]}" -e 'SELECT 1' >/dev/null 2>&1; then break; fi
    kill -0 "$tmp_pid" 2>/dev/null || { log "temporary server died"; exit 1; }
    sleep 0.5
  done
  "${client[@]}" -e 'SELECT 1' >/dev/null

  root_host=${MARIADB_ROOT_HOST:-%}
  {
    echo "SET @@SESSION.SQL_LOG_BIN=0;"
    # Only root@localhost (and root@root_host below) stay.
    echo "DELETE FROM mysql.global_priv WHERE User='' OR (User='root' AND Host NOT IN ('localhost'));"
    echo "DELETE FROM mysql.proxies_priv WHERE User='root' AND Host NOT IN ('localhost');"
    echo "FLUSH PRIVILEGES;"
    if [[ -n ${MARIADB_ROOT_PASSWORD:-} ]]; then
      echo "ALTER USER 'root'@'localhost' IDENTIFIED BY $(sql_str "$MARIADB_ROOT_PASSWORD");"
    fi
    if [[ $root_host != localhost ]]; then
      echo "CREATE USER 'root'@$(sql_str "$root_host") IDENTIFIED BY $(sql_str "${MARIADB_ROOT_PASSWORD:-}");"
      echo "GRANT ALL ON *.* TO 'root'@$(sql_str "$root_host") WITH GRANT OPTION;"
    fi
    if [[ -n ${MARIADB_DATABASE:-} ]]; then
      echo "CREATE DATABASE IF NOT EXISTS $(sql_id "$MARIADB_DATABASE");"
    fi
    if [[ -n ${MARIADB_USER:-} ]]; then
      [[ -n ${MARIADB_PASSWORD:-} ]] || log "warning: MARIADB_USER without MARIADB_PASSWORD: empty password"
      echo "CREATE USER $(sql_str "$MARIADB_USER")@'%' IDENTIFIED BY $(sql_str "${MARIADB_PASSWORD:-}");"
      if [[ -n ${MARIADB_DATABASE:-} ]]; then
        echo "GRANT ALL ON $(sql_id "$MARIADB_DATABASE").* TO $(sql_str "$MARIADB_USER")@'%';"
      fi
    fi
    echo "FLUSH PRIVILEGES;"
  } | "${client[@]}"

  export MYSQL_PWD=${MARIADB_ROOT_PASSWORD:-}
  db_args=()
  if [[ -n ${MARIADB_DATABASE:-} ]]; then db_args=("$MARIADB_DATABASE"); fi
  # shellcheck disable=SC1090 # sources user-provided init scripts
  for f in /docker-entrypoint-initdb.d/*; do
    case $f in
      *.sh) log "running $f"; . "$f" ;;
      *.sql) log "running $f"; "${client[@]}" "${db_args[@]}" <"$f" ;;
      *.sql.gz) log "running $f"; gzip -dc "$f" | "${client[@]}" "${db_args[@]}" ;;
      *) if [[ -e $f ]]; then log "ignoring $f"; fi ;;
    esac
  done

  "${client[@]}" -e 'SHUTDOWN'
  wait "$tmp_pid" || true
  unset MYSQL_PWD
  log "initialisation done"
fi

# mariadbd starts as root and switches to user=mysql itself (see 99-summoner.cnf).
exec "$@"
