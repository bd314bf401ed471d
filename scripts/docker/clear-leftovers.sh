#!/usr/bin/env bash
# clear-leftovers.sh: remove what an earlier test run left on the host engine when it was cut short (the engine
# stopped under it, the machine was stopped mid-run): containers of the tests' own domains (`*.summoner.test`,
# test/helpers/docker.ts) that a restart policy brings back at every engine start, and those domains' networks.
# Only what is older than the running dockerd: a test run going on right now (another checkout's) keeps its
# containers. Never touches anything outside the test domains. Called by setup.sh.
#
# --all (.ci/run): whatever their age, and the test domains' services and networks on the nested Swarm manager too.
# CI runs after the session that submitted has been stopped, on the same machine: a test run that session left going
# was ended with it, its apps and Swarm services stay on the engines (still running, restarting, taking the two
# cores) under a dockerd that did not restart. No other test run can be going on then.
set -euo pipefail
say() { printf '[clear-leftovers] %s\n' "$*" >&2; }
all=0
[[ ${1:-} == --all ]] && all=1

pid=$(pgrep -x -o dockerd || true)
[[ -n $pid ]] || { say "no dockerd: nothing to clear"; exit 0; }
# the engine's start, as an epoch: the process's start in clock ticks since boot
ticks=$(awk '{print $22}' "/proc/$pid/stat")
started=$(($(date +%s) - $(awk '{print int($1)}' /proc/uptime) + ticks / $(getconf CLK_TCK)))
((all)) && started=$(($(date +%s) + 1))

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

# the nested Swarm's manager (scripts/docker/swarm-nodes.sh), when it runs: the test domains' services, then networks
((all)) || exit 0
manager=tcp://10.199.0.2:2375
docker -H "$manager" info --format '{{.Swarm.ControlAvailable}}' 2>/dev/null | grep -qx true || exit 0
s=0
for id in $(docker -H "$manager" service ls -q --filter label=summoner.domain 2>/dev/null || true); do
  domain=$(docker -H "$manager" service inspect --format '{{index .Spec.Labels "summoner.domain"}}' "$id" 2>/dev/null || true)
  [[ $domain == *.summoner.test ]] || continue
  docker -H "$manager" service rm "$id" >/dev/null 2>&1 && s=$((s + 1))
done
m=0
while read -r id domain; do
  [[ $domain == *.summoner.test ]] || continue
  docker -H "$manager" network rm "$id" >/dev/null 2>&1 && m=$((m + 1))
done < <(docker -H "$manager" network ls --filter label=summoner.domain --format '{{.ID}} {{.Label "summoner.domain"}}' 2>/dev/null || true)
say "removed $s Swarm service(s) and $m Swarm network(s) left by earlier test runs"
