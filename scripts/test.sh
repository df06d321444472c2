#!/usr/bin/env bash
# Runs every check CI runs: workflow lint, the Swift test suite on real SQLite files and real gzip
# (including the workflows' steps as written), every output format loaded by Hugging Face `datasets`,
# the HTML report rendered in headless Chromium, and the local dry run on the fixture.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh
scripts/lint-workflows.sh
swift build
mkdir -p .build
swift test 2>&1 | tee .build/swift-test.log
scripts/check-datasets.sh
scripts/check-trainer.sh
scripts/check-report.sh
pipelines/dry-run.sh Fixtures/interactions.sqlite
# One closing line for whoever reads the log: the Swift Testing run's count (the script stops
# at the first failure, so reaching here means every test passed).
tests=$(sed -n 's/.*Test run with \([0-9]*\) tests.* passed.*/\1/p' .build/swift-test.log | tail -1)
echo "tests: ${tests:-0} passed, 0 failed"
