#!/usr/bin/env bash
# Renders the HTML report of the fixture dataset in headless Chromium and fails unless the page
# has every expected section, draws its SVG charts, fetches nothing and logs no console error.
# Called by scripts/test.sh; installs Debian's chromium when missing.
#
#   scripts/check-report.sh                # check only
#   scripts/check-report.sh docs/report.png  # check and keep the screenshot there
set -euo pipefail
cd "$(dirname "$0")/.."

tripletforge="${TRIPLETFORGE:-.build/debug/tripletforge}"
chromium="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}"
if [ -z "$chromium" ]; then
  scripts/apt-install.sh report chromium
  chromium="$(command -v chromium)"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$tripletforge" build --db Fixtures/interactions.sqlite --out "$work/dataset" --quiet
"$tripletforge" report --dataset "$work/dataset" --out "$work/report.html" --quiet

# The page must stand alone: no script, no stylesheet or image from anywhere.
if grep -Eqi '<script|<link|src="http|href="http|@import|url\(' "$work/report.html"; then
  echo "report: the page references external resources or scripts" >&2
  exit 1
fi

flags=(--headless --disable-gpu --no-sandbox --no-first-run --hide-scrollbars --user-data-dir="$work/profile"
       --enable-logging=stderr --v=0 --virtual-time-budget=2000)
"$chromium" "${flags[@]}" --dump-dom "file://$work/report.html" >"$work/dom.html" 2>"$work/dom.log"
"$chromium" "${flags[@]}" --window-size=1280,"${SHOT_HEIGHT:-2000}" --screenshot="$work/report.png" "file://$work/report.html" \
  >/dev/null 2>"$work/shot.log"

status=0
for id in summary set-aside label-mix top-groups pairings-per-group text-lengths sample settings; do
  grep -q "<section id=\"$id\">" "$work/dom.html" || { echo "report: section #$id missing from the rendered page" >&2; status=1; }
done
charts=$(grep -o '<svg ' "$work/dom.html" | wc -l)
[ "$charts" -ge 6 ] || { echo "report: expected at least 6 SVG charts, found $charts" >&2; status=1; }
# Chromium logs console messages as "CONSOLE(line)" / "Uncaught" lines, and failed loads as net errors.
if grep -Ehi 'CONSOLE|Uncaught|ERR_FILE_NOT_FOUND|net::ERR' "$work/dom.log" "$work/shot.log"; then
  echo "report: the page logged console or network errors (above)" >&2
  status=1
fi
[ -s "$work/report.png" ] || { echo "report: no screenshot was written" >&2; status=1; }
if [ "$status" -eq 0 ] && [ -n "${1:-}" ]; then cp "$work/report.png" "$1"; fi
[ "$status" -eq 0 ] && echo "report: renders in $("$chromium" --version 2>/dev/null | head -1): 8 sections, $charts charts, no console errors" >&2
exit "$status"
