#!/usr/bin/env bash
# smoke-test.sh: prove the summoner-test/* images really work on this engine.
#
# Starts each image with `docker run -d`, checks it over its container IP (or
# docker exec), checks that `docker stop` ends it quickly (< 5 s, so the
# signal is handled rather than SIGKILLed after the 10 s grace), removes it.
# Also: crash image exits 1; DB images keep their data across a restart;
# a client container reaches the DB over the bridge network; the local
# registry serves summoner/web (if ensure-registry.sh ran); docker-compose v1
# can bring the web image up and down.
#
# Prerequisite: build-test-images.sh (and ensure-registry.sh for the registry
# check). Prints "N passed, N failed" and exits non-zero on any failure.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bash "$HERE/ensure-engine.sh" >/dev/null 2>&1 || bash "$HERE/ensure-engine.sh"
command -v curl >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq curl >/dev/null; }

P=summoner-smoke-$$
PASS=0
FAIL=0
CONTAINERS=()
WORK=$(mktemp -d)
cleanup() {
  ((${#CONTAINERS[@]})) && docker rm -f -v "${CONTAINERS[@]}" >/dev/null 2>&1 || true
  [[ -f $WORK/compose.yml ]] && docker-compose -f "$WORK/compose.yml" -p "$P" down -v >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

ok() { PASS=$((PASS + 1)); printf 'ok   %s\n' "$*"; }
bad() { FAIL=$((FAIL + 1)); printf 'FAIL %s\n' "$*"; }
check() { # check DESCRIPTION CMD...
  local d=$1; shift
  if "$@" >"$WORK/out" 2>&1; then ok "$d"; else bad "$d"; sed 's/^/     | /' "$WORK/out" | tail -n 15; fi
}
# retry CMD until it succeeds or SECS pass
wait_for() { # wait_for SECS CMD...
  local secs=$1; shift
  local end=$((SECONDS + secs))
  until "$@"; do ((SECONDS < end)) || return 1; sleep 0.5; done
}
run() { # run NAME docker-run-args... ; prints nothing, records the container
  local n=$P-$1; shift
  CONTAINERS+=("$n")
  docker run -d --name "$n" "$@" >/dev/null
}
ip_of() { docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$P-$1"; }
http_has() { curl -fsS --max-time 3 "$1" | grep -q -- "$2"; }
stop_fast() { # stop_fast NAME: docker stop must finish well within the grace period
  local t0 t1
  t0=$(date +%s%N)
  docker stop -t 10 "$P-$1" >/dev/null
  t1=$(date +%s%N)
  local ms=$(((t1 - t0) / 1000000))
  echo "stopped in ${ms} ms, exit code $(docker inspect -f '{{.State.ExitCode}}' "$P-$1")"
  ((ms < 5000))
}

# --- web ----------------------------------------------------------------------
for v in 1.0 1.1 2.0; do
  n=web${v/./}
  run "$n" "summoner-test/web:$v"
  ip=$(ip_of "$n")
  check "web:$v serves its version on http://$ip:8080/" wait_for 10 http_has "http://$ip:8080/" "version $v"
  check "web:$v /health" http_has "http://$ip:8080/health" ok
  check "web:$v docker health status becomes healthy" wait_for 15 \
    bash -c "[[ \$(docker inspect -f '{{.State.Health.Status}}' $P-$n) == healthy ]]"
  check "web:$v docker stop is quick (tini forwards SIGTERM)" stop_fast "$n"
done

# --- crash --------------------------------------------------------------------
run crash summoner-test/crash:1.0
check "crash:1.0 exits with code 1" bash -c "[[ \$(docker wait $P-crash) == 1 ]]"

# --- mariadb ------------------------------------------------------------------
MDB_ENV=(-e MARIADB_ROOT_PASSWORD='r00t pw' -e MARIADB_DATABASE=app -e MARIADB_USER=app -e "MARIADB_PASSWORD=s3cr'et")
run mariadb "${MDB_ENV[@]}" summoner-test/mariadb:10.11
mdb_user() { docker exec "$P-mariadb" sh -c 'mariadb -h127.0.0.1 -u"$MARIADB_USER" -p"$MARIADB_PASSWORD" "$MARIADB_DATABASE" -N -e "select 1"' | grep -qx 1; }
mdb_root() { docker exec "$P-mariadb" sh -c 'mariadb -uroot -p"$MARIADB_ROOT_PASSWORD" -N -e "select 1"' | grep -qx 1; }
check "mariadb: app user answers select 1 (TCP, password from env)" wait_for 60 mdb_user
check "mariadb: root answers select 1 (socket, password from env)" mdb_root
check "mariadb: wrong password is refused" bash -c "! docker exec $P-mariadb mariadb -h127.0.0.1 -uapp -pwrong app -e 'select 1'"
mip=$(ip_of mariadb)
check "mariadb: reachable from another container at $mip:3306" \
  docker run --rm --entrypoint mariadb summoner-test/mariadb:10.11 -h "$mip" -uapp "-ps3cr'et" app -e 'create table t(i int); insert into t values (42)'
check "mariadb: docker stop is quick and clean" stop_fast mariadb
docker start "$P-mariadb" >/dev/null
check "mariadb: data survives a restart" wait_for 60 bash -c \
  "docker exec $P-mariadb sh -c 'mariadb -uroot -p\"\$MARIADB_ROOT_PASSWORD\" -N app -e \"select i from t\"' | grep -qx 42"
docker rm -f -v "$P-mariadb" >/dev/null

# --- postgres -----------------------------------------------------------------
run postgres -e 'POSTGRES_PASSWORD=pg pw' -e POSTGRES_USER=app -e POSTGRES_DB=appdb summoner-test/postgres:15
pg_local() { docker exec "$P-postgres" psql -U app -d appdb -tAc 'select 1' | grep -qx 1; }
pg_tcp() { docker exec "$P-postgres" sh -c 'PGPASSWORD="$POSTGRES_PASSWORD" psql -h 127.0.0.1 -U "$POSTGRES_USER" -d "$POSTGRES_DB" -tAc "select 1"' | grep -qx 1; }
check "postgres: psql -c 'select 1' (socket)" wait_for 60 pg_local
check "postgres: select 1 over TCP with the password from env" pg_tcp
check "postgres: wrong password is refused" bash -c "! docker exec -e PGPASSWORD=wrong $P-postgres psql -h 127.0.0.1 -U app -d appdb -c 'select 1'"
pip_=$(ip_of postgres)
check "postgres: reachable from another container at $pip_:5432" \
  docker run --rm -e 'PGPASSWORD=pg pw' --entrypoint psql summoner-test/postgres:15 -h "$pip_" -U app -d appdb \
  -c 'create table t(i int); insert into t values (42)'
check "postgres: docker stop is quick and clean" stop_fast postgres
docker start "$P-postgres" >/dev/null
check "postgres: data survives a restart" wait_for 60 bash -c \
  "docker exec $P-postgres psql -U app -d appdb -tAc 'select i from t' 2>/dev/null | grep -qx 42"
check "postgres: no password -> refuses to initialise" bash -c \
  "! docker run --rm summoner-test/postgres:15 >/dev/null 2>&1"
docker rm -f -v "$P-postgres" >/dev/null

# --- nginx --------------------------------------------------------------------
run nginx summoner-test/nginx:1
nip=$(ip_of nginx)
check "nginx answers on http://$nip/" wait_for 10 http_has "http://$nip/" summoner-test/nginx
check "nginx: docker stop is quick" stop_fast nginx

# --- local registry -----------------------------------------------------------
if curl -fs -o /dev/null --max-time 3 http://127.0.0.1:5000/v2/; then
  check "registry lists summoner/web 1.0 1.1 2.0" bash -c \
    "curl -fsS http://127.0.0.1:5000/v2/summoner/web/tags/list | grep -q '\"1.0\"' && curl -fsS http://127.0.0.1:5000/v2/summoner/web/tags/list | grep -q '\"2.0\"'"
  # pull by a name not present locally (a fresh repo name in the registry is
  # not needed: removing the local tag forces a real pull)
  docker image rm 127.0.0.1:5000/summoner/web:1.1 >/dev/null 2>&1 || true
  check "registry: docker pull 127.0.0.1:5000/summoner/web:1.1" docker pull -q 127.0.0.1:5000/summoner/web:1.1
  run regweb 127.0.0.1:5000/summoner/web:1.1
  rip=$(ip_of regweb)
  check "registry: container from the pulled image serves 1.1" wait_for 10 http_has "http://$rip:8080/version" 1.1
  docker rm -f "$P-regweb" >/dev/null
else
  echo "skip registry checks: nothing answers on 127.0.0.1:5000 (run ensure-registry.sh)"
fi

# --- docker-compose (v1, Debian) -----------------------------------------------
if command -v docker-compose >/dev/null; then
  cat >"$WORK/compose.yml" <<'EOF'
version: "3.8"
services:
  web:
    image: summoner-test/web:1.0
EOF
  check "docker-compose up -d" docker-compose -f "$WORK/compose.yml" -p "$P" up -d
  cip=$(docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$(docker-compose -f "$WORK/compose.yml" -p "$P" ps -q web)")
  check "docker-compose: web answers on $cip" wait_for 10 http_has "http://$cip:8080/version" 1.0
  check "docker-compose down" docker-compose -f "$WORK/compose.yml" -p "$P" down -v
fi

echo "smoke: $PASS passed, $FAIL failed"
((FAIL == 0))
