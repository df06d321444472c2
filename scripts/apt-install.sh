#!/usr/bin/env bash
# Installs the given Debian packages that are not installed yet; a no-op when all are present.
# Usage: scripts/apt-install.sh WHO PACKAGE...   (WHO prefixes the message, e.g. "bootstrap")
set -euo pipefail
who="$1"; shift
missing=()
for pkg in "$@"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
((${#missing[@]})) || exit 0
echo "$who: installing ${missing[*]}" >&2
sudo_cmd=""
[ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
$sudo_cmd apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
