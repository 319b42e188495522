#!/usr/bin/env bash
# Times the two test loops on this machine and lists their slowest files:
#   1. `make test-unit` (no build, no engine), as a contributor runs it;
#   2. the vitest part of `make test` (every project; lint and the build are left out, and dist/ is
#      built before the clock starts so that the engine tests' global setup finds it current).
# Other jobs on the machine change the numbers: run it twice and keep the better, or compare runs
# made side by side. Per-file times come from scripts/durations-reporter.ts (import, hooks and tests).
# Usage: make bench-tests   (or scripts/bench-tests.sh [how many slowest files to list, default 10])
set -euo pipefail
cd "$(dirname "$0")/.."
# As the Makefile does: Node 22 and the engine from the repository first.
export PATH="$PWD/node_modules/.bin:$PWD/.tools/bin:$PATH"
TOP="${1:-10}"
OUT="$(mktemp -d "${TMPDIR:-/tmp}/bench-tests-XXXXXX")"
trap 'rm -rf "$OUT"' EXIT
REPORTERS="--reporter=default --reporter=./scripts/durations-reporter.ts"

# Runs "$@", printing its wall time (s) into the variable named by $1.
timed() {
  local var="$1"
  shift
  local start end
  start=$(node -p 'Date.now()')
  "$@"
  end=$(node -p 'Date.now()')
  printf -v "$var" '%s' "$(node -p "(($end - $start) / 1000).toFixed(1)")"
}

# Prints the $TOP slowest files of a durations file, with their share of the summed time.
slowest() {
  node -e '
    const rows = require(process.argv[1]);
    const total = rows.reduce((s, r) => s + r.seconds, 0);
    for (const r of rows.slice(0, Number(process.argv[2])))
      console.log(`  ${r.seconds.toFixed(1).padStart(7)} s  ${r.importSeconds.toFixed(1).padStart(5)} s import  ${String(r.tests).padStart(4)} tests  ${r.project.padEnd(9)} ${r.file}`);
    console.log(`  ${total.toFixed(1).padStart(7)} s summed over ${rows.length} files`);
  ' "$1" "$TOP"
}

echo "== make test-unit"
timed unit env TEST_DURATIONS_FILE="$OUT/unit.json" make --no-print-directory test-unit VITEST_ARGS="$REPORTERS"

echo "== make build (not timed), then the vitest part of make test"
make --no-print-directory build > /dev/null
timed full env TEST_DURATIONS_FILE="$OUT/full.json" vitest run $REPORTERS

echo
echo "make test-unit: ${unit} s wall; slowest files:"
slowest "$OUT/unit.json"
echo "vitest part of make test: ${full} s wall; slowest files:"
slowest "$OUT/full.json"
echo "(load average now: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown))"
