#!/usr/bin/env bash
# Set up coopgraph on a fresh machine, load the bundled demo data (facts extracted from the network's
# newsletters, plus the official data on French authorities) into the default embedded store, and
# serve the web app on http://127.0.0.1:5000/ (Ctrl+C stops it). Extra arguments go to `coopgraph demo`,
# e.g. `bash scripts/demo.sh --no-serve` or `bash scripts/demo.sh --port 8080`.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${COOPGRAPH_VENV:-.venv}"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet '.[france]'
exec "$VENV/bin/coopgraph" demo "$@"
