#!/usr/bin/env bash
# failed-tests.sh <log>: the failed tests of a vitest run, from its saved output, in a few lines: each project's
# totals and each failure's name, error and place (vitest's "Failed Tests" section, without colours), or, when the
# run stopped before vitest (typecheck, lint:imports), the run's last lines. Printed last by .ci/run, whose log is
# read from its end. Read-only; always exits 0.
set -uo pipefail
log=${1:?usage: failed-tests.sh <log>}
plain() { sed -e 's/\x1b\[[0-9;]*[A-Za-z]//g' "$log"; }
echo "== failed tests (from $log)"
if ! plain | grep -q 'Test Files'; then
  plain | tail -n 40
  exit 0
fi
plain | grep -E '^\s*(Test Files|Tests)\s' || true
# the failed tests' names first (every one), then vitest's "Failed Tests" sections (each failure's error and the
# lines of the test around it) as far as room allows
plain | grep -E '^\s*FAIL\s' | sort -u | head -n 30
plain | awk '/Failed Tests [0-9]+/ {on=1} on {print} /^\s*Test Files/ {on=0}' | grep -vE '^\s*$|^\s*FAIL\s|Test Files|Tests\s' | head -n 60
exit 0
