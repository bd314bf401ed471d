#!/usr/bin/env bash
# engines-report.sh: what happened to the engines the tests ran on, printed after a failed test run (.ci/run),
# so that a CI log tells an engine that died from a test that failed on its own:
#   * the host's dockerd: does it answer, and the last error lines of its log;
#   * each Swarm node container (scripts/docker/swarm-nodes.sh): running, restart count, last exit code, OOM kill,
#     when it started; its dockerd is the container's first process, so a panic or a fatal error is in the
#     container's own log, kept across restarts: those lines are printed with the stack that follows them;
#   * the kernel's out-of-memory kills, if any.
# Read-only: it changes nothing. Always exits 0 (it reports; the test run's own exit code is what counts).
set -uo pipefail

say() { printf '[engines-report] %s\n' "$*"; }
LOG=${DOCKERD_LOG:-/var/log/summoner-dockerd.log}
# (ENGINES_SINCE, set by .ci/run when it starts: only what the nodes logged during this run, not an older panic)
SINCE=(${ENGINES_SINCE:+--since "$ENGINES_SINCE"})
NODE_NOISE='kernel parameter|disable IPv6 forwarding|default vlan|default_pvid'

if timeout 10 docker info >/dev/null 2>&1; then say "host engine: answers"; else say "host engine: DOES NOT ANSWER"; fi
if [[ -f $LOG ]]; then
  say "host dockerd log, last error lines:"
  grep -E 'level=(error|fatal)|panic:|fatal error:' "$LOG" | tail -n 15
fi

for n in manager worker1 worker2; do
  c=summoner-swarm-$n
  state=$(docker inspect -f '{{.State.Status}} running={{.State.Running}} restarts={{.RestartCount}} exit={{.State.ExitCode}} oomkilled={{.State.OOMKilled}} started={{.State.StartedAt}} finished={{.State.FinishedAt}}' "$c" 2>/dev/null) ||
    { say "$c: no such container"; continue; }
  say "$c: $state"
  # a Go panic or fatal error, with the goroutine that raised it (not every goroutine's stack)
  docker logs "${SINCE[@]}" "$c" 2>&1 | grep -E -A 30 '^(panic:|fatal error:)' | head -n 80
  # (less what every nested node logs at each start: kernel parameters and bridge settings a container cannot set)
  docker logs "${SINCE[@]}" "$c" 2>&1 | grep -E 'level=(fatal|error)' | grep -vE "$NODE_NOISE" | tail -n 10
done

if command -v dmesg >/dev/null && dmesg >/dev/null 2>&1; then
  oom=$(dmesg | grep -iE 'out of memory|oom-kill|killed process' | tail -n 10)
  [[ -n $oom ]] && { say "kernel: out-of-memory kills:"; printf '%s\n' "$oom"; } || say "kernel: no out-of-memory kill"
fi
free -m
exit 0
