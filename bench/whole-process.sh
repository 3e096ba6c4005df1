#!/usr/bin/env bash
# Times whole-process builds with hyperfine (Debian package `hyperfine`) and measures peak
# memory with GNU time: the bundled sample, and generated corpora of 100 and 1,000 reports ×
# 2 editions (8 chapters of ~1,500 words, 5 boxes and 4 charts each). Reports wall time, CPU
# time and peak resident memory. Projects (the sample copied) and output folders go to temporary
# folders. Each project is timed four ways: a full build over its previous site (every edition
# rendered: the page notes of the build cache are removed first; unchanged files are still
# linked from the previous site), a rebuild after one chapter is edited (the usual case while
# writing: that report's editions are rendered, the others put back), a rebuild with nothing
# changed, and a full build from an empty output folder.
#   bench/whole-process.sh [--quick]      (--quick skips the 1,000 × 2 corpus)
# OUT_DIR=/dev/shm bench/whole-process.sh writes the sites to a memory file system instead, to
# separate almanac's own work from the file system's cost of creating thousands of files.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
cargo build --release --quiet --bin almanac --example gen_corpus
bin="$repo/target/release/almanac"
gen="$repo/target/release/examples/gen_corpus"
work="$(mktemp -d)"
out="$(mktemp -d -p "${OUT_DIR:-/tmp}")"
trap 'rm -rf "$work" "$out"' EXIT

measure() { # name root
  local name="$1" root="$2"
  local build="$bin build --no-pdf --root $root --out $out/$name"
  local notes="$root/.almanac-cache/pages"
  # One chapter edited: a line appended, then removed again at the next run.
  local chapter
  chapter="$(find "$root/content" -name '01-*.md' | sort | head -1)"
  local edit="if grep -q BENCH-EDIT '$chapter'; then sed -i '/BENCH-EDIT/d' '$chapter'; else echo BENCH-EDIT >>'$chapter'; fi"
  echo "== $name"
  echo "  full build over the previous site (every edition rendered, unchanged files linked):"
  hyperfine --warmup 1 --runs 5 --style basic --export-json "$work/$name.json" \
    --prepare "rm -rf $notes" "$build" | grep -E "Time|Range"
  echo "  rebuild after editing one chapter (its report's editions rendered):"
  hyperfine --warmup 1 --runs 5 --style basic --prepare "$edit" "$build" | grep -E "Time|Range"
  echo "  rebuild, nothing changed:"
  hyperfine --warmup 1 --runs 5 --style basic "$build" | grep -E "Time|Range"
  echo "  full build from an empty output folder (nothing to link from):"
  hyperfine --warmup 1 --runs 5 --style basic --prepare "rm -rf $out/$name $notes" \
    "$build" | grep -E "Time|Range"
  rm -rf "$notes"
  /usr/bin/time -f "peak memory (full build): %M KiB, CPU: %U s user + %S s system, wall %e s" \
    "$bin" build --no-pdf --root "$root" --out "$out/$name" 2>&1 | tail -1
  echo "pages: $(find "$out/$name" -name index.html | wc -l), files: $(find "$out/$name" -type f | wc -l)"
}

mkdir -p "$work/sample" && cp -r "$repo/content" "$work/sample/"
measure sample "$work/sample"
"$gen" --reports 100 --editions 2 --out "$work/c100"
measure corpus-100x2 "$work/c100"
if [ "${1:-}" != "--quick" ]; then
  "$gen" --reports 1000 --editions 2 --out "$work/c1000"
  measure corpus-1000x2 "$work/c1000"
fi
