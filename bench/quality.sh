#!/usr/bin/env bash
# The label-quality benchmark: TripletForge vs a naive script, scored against generated ground truth,
# on tuning settings A–D of bench/HELD-OUT.md, both layouts, seeds 1–3 (≈ 10 min at the default --rated 15000).
#
#   bench/quality.sh                                   # A–D, both layouts → bench/results/quality.md
#   bench/quality.sh --settings B --layouts threads --seeds 1
#   bench/quality.sh --sweep mining.confidence=0.8,0.9,0.95   # one build per value: a precision/coverage curve
#   bench/quality.sh --tripletforge /path/to/other/tripletforge --config my.toml --out /tmp/q.md
#   bench/quality.sh --held-out                        # ONLY the held-out setting; run once, at the end
#
# See docs/quality-benchmark.md and bench/quality.py --help.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh
swift build -c release --product tripletforge >/dev/null
swift build -c release --product tripletforge-gen >/dev/null
exec python3 bench/quality.py "$@"
