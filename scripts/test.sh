#!/usr/bin/env bash
# Runs every check CI runs: the Swift test suite on real SQLite files and real gzip.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh
swift build
swift test
