#!/usr/bin/env bash
# Copy the pinned @zazuko/yasgui build into the Python package, where Flask serves it.
# Run after `npm ci` in this folder (see web/README.md). The copied files are committed,
# so `pip install coopgraph` needs neither npm nor the network.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
src="$here/node_modules/@zazuko/yasgui/build"
dest="$here/../../src/coopgraph/web/static/yasgui"
version="$(node -p "require('$here/node_modules/@zazuko/yasgui/package.json').version")"

[[ -f "$src/yasgui.min.js" ]] || { echo "no $src/yasgui.min.js: run 'npm ci' in $here first" >&2; exit 1; }
mkdir -p "$dest"
# The source maps (3.6 MB) are not shipped: drop the comment that points browsers at them.
sed '/^\/\/# sourceMappingURL=/d' "$src/yasgui.min.js" > "$dest/yasgui.min.js"
sed 's#/\*\# sourceMappingURL=[^*]*\*/##' "$src/yasgui.min.css" > "$dest/yasgui.min.css"
cat > "$dest/VERSION" <<NOTE
@zazuko/yasgui $version (MIT licence, https://github.com/rdfjs/Yasgui), from the npm registry.
Built by web/yasgui/build.sh; do not edit these files by hand.
NOTE
echo "copied @zazuko/yasgui $version into $dest"
