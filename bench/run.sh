#!/usr/bin/env bash
# The benchmark, in one command:
#
#   bench/run.sh                          # 10k, 100k and 1M rated interactions
#   bench/run.sh --sizes 10000,100000     # a quicker run
#   bench/run.sh --sizes 10000 --skip-python
#
# Builds the release binaries, generates the databases once (cached in bench/cache/, keyed by
# size, seed and generator version; ≈ 14 KB per rated row with the default unrated share), then
# measures `tripletforge build`, the floor (sqlite3 scan + gzip -1) and the Python reference, and
# writes bench/results/latest.md. See docs/benchmark.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh
command -v python3 >/dev/null 2>&1 || scripts/apt-install.sh bench python3
swift build -c release
exec python3 bench/bench.py "$@"
