#!/usr/bin/env bash
# Builds the fixture in every format with the built CLI, holds each dataset to its manifest with
# `tripletforge validate`, and loads each with Hugging Face `datasets` (scripts/check-datasets.py):
# by data_files and by directory (the card's configs), checking columns and row counts, and the
# provenance side file. Called by scripts/test.sh; fails on any mismatch.
#
# `datasets` comes from a pinned wheel set in a private venv under .build/ (never committed),
# installed once and reused; loading runs with HF_DATASETS_OFFLINE=1, so nothing is fetched.
set -euo pipefail
cd "$(dirname "$0")/.."

DATASETS_PIN="datasets==4.4.1"
venv=".build/datasets-venv"
tripletforge="${TRIPLETFORGE:-.build/debug/tripletforge}"

if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/pip" show datasets 2>/dev/null | grep -q "^Version: ${DATASETS_PIN##*==}$"; then
  echo "datasets: installing $DATASETS_PIN into $venv" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check --only-binary=:all: "$DATASETS_PIN"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
dirs=()
for format in triplet n-tuple labeled-pair labeled-list grouped; do
  # The fixture's groups have two hard negatives each: k=2 gives n-tuple rows.
  "$tripletforge" build --db Fixtures/interactions.sqlite --out "$work/$format" --format "$format" --negatives 2 --quiet
  dirs+=("$work/$format")
done
# The threads layout: its provenance names feedback records.
"$tripletforge" build --db Fixtures/threads.sqlite --out "$work/threads" --quiet
dirs+=("$work/threads")
for dir in "${dirs[@]}"; do
  "$tripletforge" validate "$dir" --quiet
done
echo "datasets: every format passes tripletforge validate" >&2
HF_DATASETS_OFFLINE=1 HF_HUB_OFFLINE=1 "$venv/bin/python" scripts/check-datasets.py "${dirs[@]}"
echo "datasets: every format loads by data_files and by directory" >&2
