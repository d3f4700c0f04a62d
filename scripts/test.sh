#!/usr/bin/env bash
# Set up everything the test suite needs on a fresh machine (only Python 3.11+ assumed), then run it.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${COOPGRAPH_VENV:-.venv}"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet -e '.[test]'
"$VENV/bin/ruff" check src tests benchmarks
"$VENV/bin/python" -m pytest "$@"
