#!/usr/bin/env bash
# Runs every check CI runs (.ci/run calls exactly this): workflow lint; the Swift test suite on real
# SQLite files, real gzip and a real PostgreSQL server (started here, stopped at the end), including
# the workflows' steps as written; every output format validated and loaded by Hugging Face
# `datasets`; the reference trainer trained and gated on CPU, offline; the HTML report rendered in
# headless Chromium; the libFuzzer targets for 30 s each; the DocC catalog; and the local dry run on
# the fixture. Everything it needs is installed by the scripts it calls.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh
scripts/lint-workflows.sh
swift build
eval "$(scripts/postgres.sh start)"
trap 'scripts/postgres.sh stop >/dev/null 2>&1 || true' EXIT
mkdir -p .build
swift test 2>&1 | tee .build/swift-test.log
scripts/check-datasets.sh
scripts/check-trainer.sh
scripts/check-report.sh
FUZZ_RUNS=20000 scripts/fuzz.sh 30   # fixed seed, capped: the same inputs as a run here (see fuzz.sh)
scripts/docs.sh --warnings-as-errors
pipelines/dry-run.sh Fixtures/interactions.sqlite
# One closing line for whoever reads the log: the Swift Testing run's count (the script stops
# at the first failure, so reaching here means every test passed).
tests=$(sed -n 's/.*Test run with \([0-9]*\) tests.* passed.*/\1/p' .build/swift-test.log | tail -1)
echo "tests: ${tests:-0} passed, 0 failed"
