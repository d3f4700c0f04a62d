#!/usr/bin/env bash
# Set up coopgraph on a fresh machine, load the bundled sample data into the default store and query it.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${COOPGRAPH_VENV:-.venv}"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet .
"$VENV/bin/coopgraph" load data/sample/*.csv
"$VENV/bin/coopgraph" query presidencies
