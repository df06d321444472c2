#!/usr/bin/env bash
# Builds the library's DocC catalog (Sources/TripletForge/TripletForge.docc) with swift-docc-plugin
# and fails on any error, so CI catches a catalog that no longer builds. Warnings (an unresolved
# symbol link, say) are printed but do not fail; pass --warnings-as-errors to make them fail too.
# The archive goes to .build/plugins/Swift-DocC/outputs/TripletForge.doccarchive.
set -euo pipefail
cd "$(dirname "$0")/.."
extra=()
if [[ "${1:-}" == "--warnings-as-errors" ]]; then extra+=(--warnings-as-errors); fi
swift package --disable-sandbox generate-documentation --target TripletForge "${extra[@]}"
