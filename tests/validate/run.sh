#!/usr/bin/env bash
# Validates the bundled sample's built site: the W3C Nu HTML checker on every page and SVG, and
# axe-core in headless Chromium on every page (light and dark). Needs java, node/npm and Debian's
# chromium (`apt-get install chromium`); installs the npm packages it needs on first run.
#   tests/validate/run.sh [SITE_DIR]      (default: builds the sample into site/)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
site="${1:-}"
if [ -z "$site" ]; then
  (cd "$repo" && cargo run --release --quiet -- build)
  site="$repo/site"
fi
cd "$here"
[ -d node_modules/vnu-jar ] || npm ci --no-audit --no-fund --silent
echo "== W3C Nu HTML checker"
svgs=$(find "$site" -name '*.svg' | sort)
java -jar node_modules/vnu-jar/build/dist/vnu.jar --errors-only --skip-non-html "$site"
if [ -n "$svgs" ]; then
  # shellcheck disable=SC2086
  java -jar node_modules/vnu-jar/build/dist/vnu.jar --errors-only --svg $svgs
fi
echo "vnu: no errors"
echo "== axe-core"
node axe.mjs "$site"
