#!/usr/bin/env bash
# The crash harness's full variant: SIGKILLs the built slareport at random moments during
# import, recompute and report (half the kills aimed at the end of the run, where the
# commit and the renames happen) and checks that the database passes integrity_check and
# holds the old or the new state, and that no report period mixes old and new files.
# Usage: scripts/crash-harness.sh [TRIALS_PER_STAGE]   (default 30; the test suite runs 4)
set -euo pipefail
cd "$(dirname "$0")/.."
trials="${1:-30}"
swift build --build-tests 2>&1 | grep -Ev '^\[[0-9]+/[0-9]+\]' || true
log=$(mktemp)
status=0
SLAREPORT_CRASH_TRIALS="$trials" swift test --skip-build --filter CrashHarnessTests >"$log" 2>&1 || status=$?
grep -E '^crash-harness |^  (import|recompute|report): ' "$log" || true
if [ "$status" -ne 0 ]; then
    echo "crash harness FAILED (swift test exit $status); log: $log" >&2
    exit 1
fi
rm -f "$log"
echo "crash harness passed: $trials trials per stage"
