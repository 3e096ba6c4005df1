#!/usr/bin/env bash
# Times typesetting the PDF editions with hyperfine (Debian package `hyperfine`), peak memory
# with GNU time: the bundled sample's one PDF, and the 100 reports × 2 editions corpus's 200,
# each from an empty cache and output folder (every PDF typeset), then rebuilt with every PDF
# taken from the cache. Projects are copied to a temporary folder; nothing of the repository
# is written.
#   bench/pdf.sh [RUNS]      (RUNS for the corpus, default 3; the sample runs 10 times)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
cargo build --release --quiet --bin almanac --example gen_corpus
bin="$repo/target/release/almanac"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/sample"
cp -r "$repo/content" "$work/sample/"
"$repo/target/release/examples/gen_corpus" --reports 100 --editions 2 --out "$work/c100" >/dev/null

measure() { # name root runs
  local name="$1" root="$2" runs="$3"
  echo "== $name, every PDF typeset (empty cache and output folder)"
  hyperfine --warmup 1 --runs "$runs" --style basic \
    --prepare "rm -rf $root/site $root/.almanac-cache" \
    "$bin build --root $root" | grep -E "Time|Range"
  rm -rf "$root/site" "$root/.almanac-cache"
  /usr/bin/time -f "peak memory: %M KiB, CPU: %U s user + %S s system, wall %e s" \
    "$bin" build --root "$root" 2>&1 | tail -1
  echo "== $name, rebuilt: every PDF from the cache"
  hyperfine --warmup 1 --runs "$runs" --style basic "$bin build --root $root" | grep -E "Time|Range"
  echo "PDFs: $(find "$root/site" -name '*.pdf' | wc -l)"
}

measure sample "$work/sample" 10
measure corpus-100x2 "$work/c100" "${1:-3}"
