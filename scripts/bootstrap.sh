#!/usr/bin/env bash
# Installs what TripletForge needs on a fresh Debian/Ubuntu machine, once; a no-op when present.
# Sourced by scripts/demo.sh and scripts/test.sh, so nobody installs anything by hand.
set -euo pipefail

"$(dirname "${BASH_SOURCE[0]}")/apt-install.sh" bootstrap libsqlite3-dev libpq-dev zlib1g-dev libisal-dev sqlite3 pkg-config

if ! command -v swift >/dev/null 2>&1; then
  for candidate in /opt/swift/usr/bin /usr/share/swift/usr/bin; do
    [ -x "$candidate/swift" ] && export PATH="$candidate:$PATH" && break
  done
fi
command -v swift >/dev/null 2>&1 || { echo "bootstrap: Swift 6 is required (https://swift.org/install)" >&2; exit 1; }
