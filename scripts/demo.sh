#!/usr/bin/env bash
# Builds TripletForge (release) and runs the batch job and the threshold check on the fixture DB.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh
swift build -c release
./.build/release/tripletforge build --db Fixtures/interactions.sqlite --out dataset/
./.build/release/tripletforge check --dataset dataset/
