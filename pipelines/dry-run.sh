#!/usr/bin/env bash
# A local dry run of the retrain pipeline over a database snapshot, on a laptop or a fresh machine.
#
#   pipelines/dry-run.sh SNAPSHOT.sqlite [LAST_TRAINED_DATASET_DIR] [-- CHECK FLAGS...]
#
# Builds TripletForge (release) if needed, copies the database with `tripletforge snapshot` (so a
# live WAL file is safe too), runs `build --dry-run`, builds the dataset into a temporary
# directory, runs `check` (with --since when a last-trained dataset is given) exactly as CI does,
# prints a short summary, and removes everything it wrote. Nothing is uploaded or trained.
#
# Examples:
#   pipelines/dry-run.sh Fixtures/interactions.sqlite
#   pipelines/dry-run.sh snap.sqlite last-trained/ -- --min-new-triplets 200 --min-new-query-groups 50
#   KEEP=out/ pipelines/dry-run.sh snap.sqlite        # keep the dataset and the CI report in out/
set -euo pipefail

usage() { sed -n '4,4p' "$0" | sed 's/^#  */usage: /' >&2; exit 2; }
[ $# -ge 1 ] || usage
case "$1" in -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
database="$1"; shift
since=""
if [ $# -ge 1 ] && [ "$1" != "--" ]; then since="$1"; shift; fi
if [ $# -ge 1 ] && [ "$1" = "--" ]; then shift; fi
check_flags=("$@")

[ -f "$database" ] || { echo "dry-run: no database at '$database'" >&2; exit 3; }
if [ -n "$since" ] && [ ! -f "$since/manifest.json" ]; then
  echo "dry-run: '$since' is not a dataset directory (no manifest.json)" >&2; exit 3
fi
database="$(cd "$(dirname "$database")" && pwd)/$(basename "$database")"
[ -z "$since" ] || since="$(cd "$since" && pwd)"

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
# shellcheck source=scripts/bootstrap.sh
source scripts/bootstrap.sh
tool="$root/.build/release/tripletforge"
if [ ! -x "$tool" ] || [ -n "$(find Package.swift Sources -newer "$tool" -print -quit)" ]; then
  echo "== building TripletForge (release)" >&2
  swift build -c release --product tripletforge >&2
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/tripletforge-dry-run.XXXXXX")"
trap 'rm -rf "$work"' EXIT

echo "== 1/4 snapshot $database"
"$tool" snapshot --db "$database" --to "$work/snapshot.sqlite"
echo
echo "== 2/4 build --dry-run"
"$tool" build --db "$work/snapshot.sqlite" --immutable --dry-run
echo
echo "== 3/4 build into a temporary directory"
"$tool" build --db "$work/snapshot.sqlite" --immutable --out "$work/dataset" --quiet
echo "wrote $(find "$work/dataset/data" -name '*.jsonl.gz' | wc -l) shard(s)"
echo
echo "== 4/4 check${since:+ --since $since}"
args=(check --dataset "$work/dataset")
[ -z "$since" ] || args+=(--since "$since")
GITHUB_OUTPUT="$work/github-output" GITHUB_STEP_SUMMARY="$work/summary.md" "$tool" "${args[@]}" "${check_flags[@]}"

value() { sed -n "s/^$1=//p" "$work/github-output"; }
echo
echo "== summary"
if [ "$(value due)" = "true" ]; then
  echo "Retraining is DUE: CI would train on this dataset and record it as the last-trained one."
else
  echo "Retraining is NOT due: CI would upload the dataset and stop."
fi
echo "  new triplets:     $(value new_triplets)${since:+ (by content, compared with $since)}"
echo "  new query groups: $(value new_query_groups)"
echo "  reason:           $(value reason)"
if [ -n "${KEEP:-}" ]; then
  mkdir -p "$KEEP"
  cp -R "$work/dataset" "$work/summary.md" "$work/github-output" "$KEEP"/
  echo "  kept the dataset, summary.md (the CI report) and github-output in $KEEP"
fi
