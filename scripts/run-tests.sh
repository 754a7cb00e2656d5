#!/usr/bin/env bash
# Runs the whole Vitest suite with a JSON report, then fails if any test was skipped or none
# ran, and prints the plain closing line "N passed, N failed". Extra args go to Vitest.
set -uo pipefail
cd "$(dirname "$0")/.."
report=${SEXTANT_TEST_REPORT:-test-results/vitest.json}
mkdir -p "$(dirname "$report")"
npx vitest run --reporter=default --reporter=json --outputFile.json="$report" "$@"
status=$?
if [ -f "$report" ]; then
  node scripts/check-test-report.mjs "$report" || status=1
fi
exit $status
