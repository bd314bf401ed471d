#!/usr/bin/env bash
# clear-leftovers.sh: remove what an earlier test run left on the host engine when it was cut short (the engine
# stopped under it, the machine was stopped mid-run): containers of the tests' own domains (`*.summoner.test`,
# test/helpers/docker.ts) that a restart policy brings back at every engine start, and those domains' networks.
# Only what is older than the running dockerd: a test run going on right now (another checkout's) keeps its
# containers. Never touches anything outside the test domains. Called by setup.sh.
set -euo pipefail
say() { printf '[clear-leftovers] %s\n' "$*" >&2; }

pid=$(pgrep -x -o dockerd || true)
[[ -n $pid ]] || { say "no dockerd: nothing to clear"; exit 0; }
# the engine's start, as an epoch: the process's start in clock ticks since boot
ticks=$(awk '{print $22}' "/proc/$pid/stat")
started=$(($(date +%s) - $(awk '{print int($1)}' /proc/uptime) + ticks / $(getconf CLK_TCK)))

n=0
while read -r id domain created; do
  [[ $domain == *.summoner.test ]] || continue
  [[ $(date -d "$created" +%s) -lt $started ]] || continue
  docker rm -f "$id" >/dev/null && n=$((n + 1))
done < <(docker ps -a --filter label=summoner.domain --format '{{.ID}} {{.Label "summoner.domain"}} {{.CreatedAt}}' | awk '{print $1, $2, $3"T"$4}')
m=0
while read -r id domain created; do
  [[ $domain == *.summoner.test ]] || continue
  [[ $(date -d "${created%%.*}" +%s) -lt $started ]] || continue
  docker network rm "$id" >/dev/null 2>&1 && m=$((m + 1))
done < <(docker network ls --filter label=summoner.domain --format '{{.ID}} {{.Label "summoner.domain"}} {{.CreatedAt}}' | awk '{print $1, $2, $3"T"$4}')
say "removed $n container(s) and $m network(s) left by earlier test runs"
