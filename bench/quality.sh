#!/usr/bin/env bash
# The label-quality benchmark: TripletForge vs a naive script, scored against generated ground truth.
# Usage: bench/quality.sh [--rated 20000] [--levels 0.10:0.05,0.25:0.10]   (see bench/quality.py)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh
swift build -c release --product tripletforge >/dev/null
swift build -c release --product tripletforge-gen >/dev/null
exec python3 bench/quality.py "$@"
