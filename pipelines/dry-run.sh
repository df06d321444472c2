#!/usr/bin/env bash
# A local dry run of the retrain pipeline over a database snapshot, on a laptop or a fresh machine.
#
#   pipelines/dry-run.sh [--train] [--base-model ID_OR_PATH] [--min-gain G] [--config FILE] SNAPSHOT.sqlite [LAST_TRAINED_DATASET_DIR] [-- CHECK FLAGS...]
#
# Runs what CI runs, with the same config file (tripletforge.toml at the repository root when it
# exists, as the workflows do; --config FILE to use another): builds TripletForge (release) if
# needed, copies the database with `tripletforge snapshot` (so a live WAL file is safe too), runs
# `build --dry-run`, builds the dataset into a temporary directory, runs `check` (with --since
# when a last-trained dataset is given), prints a short summary, and removes everything it wrote.
# Nothing is uploaded. With --train it also runs the train job: scripts/trainer-venv.sh and
# pipelines/train-reranker.py on that dataset (whether or not it is due, like force_train), and
# exits with the trainer's code: 0 promoted, 1 not promoted, 3 bad input, 4 training failed.
#
# Examples:
#   pipelines/dry-run.sh Fixtures/interactions.sqlite
#   pipelines/dry-run.sh snap.sqlite last-trained/ -- --min-new-triplets 200 --min-new-query-groups 50
#   KEEP=out/ pipelines/dry-run.sh snap.sqlite        # keep the dataset and the CI report in out/
#   KEEP=out/ pipelines/dry-run.sh --train --base-model path/to/model snap.sqlite   # and the model
#   TRIPLETFORGE=.build/debug/tripletforge pipelines/dry-run.sh snap.sqlite         # skip the release build
set -euo pipefail

usage() { sed -n '4,4p' "$0" | sed 's/^#  */usage: /' >&2; exit 2; }
train=false base_model="" min_gain="" config=""
while [ $# -ge 1 ]; do
  case "$1" in
    -h|--help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    --train) train=true; shift ;;
    --base-model) [ $# -ge 2 ] || usage; base_model="$2"; shift 2 ;;
    --min-gain) [ $# -ge 2 ] || usage; min_gain="$2"; shift 2 ;;
    --config) [ $# -ge 2 ] || usage; config="$2"; shift 2 ;;
    -*) usage ;;
    *) break ;;
  esac
done
[ $# -ge 1 ] || usage
database="$1"; shift
since=""
if [ $# -ge 1 ] && [ "$1" != "--" ]; then since="$1"; shift; fi
if [ $# -ge 1 ] && [ "$1" = "--" ]; then shift; fi
check_flags=("$@")

[ -f "$database" ] || { echo "dry-run: no database at '$database'" >&2; exit 3; }
if [ -n "$since" ] && [ ! -f "$since/manifest.json" ]; then
  echo "dry-run: '$since' is not a dataset directory (no manifest.json)" >&2; exit 3
fi
[ -z "$config" ] || [ -f "$config" ] || { echo "dry-run: no config file at '$config'" >&2; exit 3; }
database="$(cd "$(dirname "$database")" && pwd)/$(basename "$database")"
[ -z "$since" ] || since="$(cd "$since" && pwd)"
[ -z "$config" ] || config="$(cd "$(dirname "$config")" && pwd)/$(basename "$config")"
if [ -n "$base_model" ] && [ -e "$base_model" ]; then base_model="$(cd "$(dirname "$base_model")" && pwd)/$(basename "$base_model")"; fi

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
# The config file CI uses: the workflows pass tripletforge.toml from the repository root when present.
if [ -z "$config" ] && [ -f tripletforge.toml ]; then config="$root/tripletforge.toml"; fi
config_args=()
[ -z "$config" ] || config_args=(--config "$config")
# shellcheck source=scripts/bootstrap.sh
source scripts/bootstrap.sh
# $TRIPLETFORGE names an already built CLI (any build); otherwise the release build CI uses.
tool="${TRIPLETFORGE:-$root/.build/release/tripletforge}"
if [ -z "${TRIPLETFORGE:-}" ] && { [ ! -x "$tool" ] || [ -n "$(find Package.swift Sources -newer "$tool" -print -quit)" ]; }; then
  echo "== building TripletForge (release)" >&2
  swift build -c release --product tripletforge >&2
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/tripletforge-dry-run.XXXXXX")"
trap 'rm -rf "$work"' EXIT

steps=4; [ "$train" = false ] || steps=5
if [ -n "$config" ]; then echo "== config: $config"; else echo "== config: none (the tool's defaults)"; fi
echo "== 1/$steps snapshot $database"
"$tool" snapshot --db "$database" --to "$work/snapshot.sqlite"
echo
echo "== 2/$steps build --dry-run"
"$tool" build --db "$work/snapshot.sqlite" --immutable --dry-run "${config_args[@]}"
echo
echo "== 3/$steps build into a temporary directory"
"$tool" build --db "$work/snapshot.sqlite" --immutable --out "$work/dataset" --quiet "${config_args[@]}"
echo "wrote $(find "$work/dataset/data" -name '*.jsonl.gz' | wc -l) shard(s)"
echo
echo "== 4/$steps check${since:+ --since $since}"
args=(check --dataset "$work/dataset" "${config_args[@]}")
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

status=0
if [ "$train" = true ]; then
  echo
  echo "== 5/$steps train (CI's train job; it runs there only when due or with force_train)"
  venv="$(scripts/trainer-venv.sh)"
  train_args=(--dataset "$work/dataset" --output "$work/trained")
  [ -z "$base_model" ] || train_args+=(--base-model "$base_model")
  [ -z "$min_gain" ] || train_args+=(--min-gain "$min_gain")
  GITHUB_OUTPUT="$work/train-output" GITHUB_STEP_SUMMARY="$work/summary.md" \
    "$venv/bin/python" pipelines/train-reranker.py "${train_args[@]}" || status=$?
  case "$status" in
    0) echo "The tuned reranker is PROMOTED: CI would record this dataset as the last-trained state." ;;
    1) echo "The tuned reranker is NOT promoted: CI would keep it as an artifact and record the dataset as rejected." ;;
    *) echo "The trainer failed (exit $status: 3 = bad input, 4 = training failed): CI's train job would fail." ;;
  esac
fi
if [ -n "${KEEP:-}" ]; then
  mkdir -p "$KEEP"
  cp -R "$work/dataset" "$work/summary.md" "$work/github-output" "$KEEP"/
  kept="the dataset, summary.md (the CI report) and github-output"
  if [ -d "$work/trained" ]; then cp -R "$work/trained" "$KEEP"/; kept="$kept, and trained/ (model + metrics.json)"; fi
  echo "  kept $kept in $KEEP"
fi
exit "$status"
