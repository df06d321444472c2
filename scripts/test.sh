#!/usr/bin/env bash
# Runs every check CI runs: workflow lint, the Swift test suite on real SQLite files and real gzip
# (including the workflows' steps as written), every output format loaded by Hugging Face `datasets`,
# the HTML report rendered in headless Chromium, and the local dry run on the fixture.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh
scripts/lint-workflows.sh
swift build
swift test
scripts/check-datasets.sh
scripts/check-report.sh
pipelines/dry-run.sh Fixtures/interactions.sqlite
