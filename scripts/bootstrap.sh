#!/usr/bin/env bash
# Installs what TripletForge needs on a fresh Debian/Ubuntu machine, once; a no-op when present.
# Sourced by scripts/demo.sh and scripts/test.sh, so nobody installs anything by hand.
set -euo pipefail

need_apt=()
for pkg in libsqlite3-dev zlib1g-dev libisal-dev sqlite3 pkg-config; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need_apt+=("$pkg")
done
if ((${#need_apt[@]})); then
  echo "bootstrap: installing ${need_apt[*]}" >&2
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if ! command -v swift >/dev/null 2>&1; then
  for candidate in /opt/swift/usr/bin /usr/share/swift/usr/bin; do
    [ -x "$candidate/swift" ] && export PATH="$candidate:$PATH" && break
  done
fi
command -v swift >/dev/null 2>&1 || { echo "bootstrap: Swift 6 is required (https://swift.org/install)" >&2; exit 1; }
