#!/usr/bin/env bash
# What search costs a build: the bundled sample and the 100 × 2 corpus, each built in full
# (page notes and the search index's cache removed first) without search and with
# `search: true`, in one hyperfine run so the two are timed in the same conditions; then the
# peak memory of each (GNU time), and a rebuild with nothing changed (the index from the cache).
#   bench/search.sh
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
cargo build --release --quiet --bin almanac --example gen_corpus
bin="$repo/target/release/almanac"
gen="$repo/target/release/examples/gen_corpus"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

compare() { # name project-with-content
  local name="$1" from="$2"
  for mode in off on; do
    mkdir -p "$work/$name-$mode"
    cp -r "$from/content" "$work/$name-$mode/"
    grep -v '^search:' "$from/content/site.yaml" >"$work/$name-$mode/content/site.yaml"
  done
  echo "search: true" >>"$work/$name-on/content/site.yaml"
  echo "== $name"
  local off="$bin build --no-pdf --root $work/$name-off" on="$bin build --no-pdf --root $work/$name-on"
  hyperfine --warmup 1 --runs 5 --style basic \
    --prepare "rm -rf $work/$name-off/.almanac-cache $work/$name-on/.almanac-cache" \
    -n "without search" "$off" -n "with search" "$on" | grep -E "Time|Range|without|with search|±"
  for mode in off on; do
    rm -rf "$work/$name-$mode/.almanac-cache"
    /usr/bin/time -f "search $mode: peak memory %M KiB, CPU %U s user + %S s system, wall %e s" \
      "$bin" build --no-pdf --root "$work/$name-$mode" 2>&1 | tail -1
  done
  echo "rebuild with search, nothing changed:"
  hyperfine --warmup 1 --runs 5 --style basic "$on" | grep -E "Time|Range"
  echo "index: $(du -sh "$work/$name-on/site/pagefind" | cut -f1) in $(find "$work/$name-on/site/pagefind" -type f | wc -l) files"
}

compare sample "$repo"
"$gen" --reports 100 --editions 2 --out "$work/c100"
compare corpus-100x2 "$work/c100"
