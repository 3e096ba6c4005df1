#!/usr/bin/env bash
# Times whole-process builds with hyperfine (Debian package `hyperfine`) and measures peak
# memory with GNU time: the bundled sample, and generated corpora of 100 and 1,000 reports ×
# 2 editions (8 chapters of ~1,500 words, 5 boxes and 4 charts each). Reports wall time, CPU
# time and peak resident memory. Output folders go to a temporary folder. Each project is timed
# twice: rebuilding over its previous site (the usual case: unchanged files are linked from it),
# and from an empty output folder.
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
  echo "== $name"
  hyperfine --warmup 1 --runs 5 --style basic --export-json "$work/$name.json" \
    "$bin build --no-pdf --root $root --out $out/$name" | grep -E "Time|Range"
  echo "  from an empty output folder (nothing to link from):"
  hyperfine --warmup 1 --runs 5 --style basic --prepare "rm -rf $out/$name" \
    "$bin build --no-pdf --root $root --out $out/$name" | grep -E "Time|Range"
  /usr/bin/time -f "peak memory: %M KiB, CPU: %U s user + %S s system, wall %e s" \
    "$bin" build --no-pdf --root "$root" --out "$out/$name" 2>&1 | tail -1
  echo "pages: $(find "$out/$name" -name index.html | wc -l), files: $(find "$out/$name" -type f | wc -l)"
}

measure sample "$repo"
"$gen" --reports 100 --editions 2 --out "$work/c100"
measure corpus-100x2 "$work/c100"
if [ "${1:-}" != "--quick" ]; then
  "$gen" --reports 1000 --editions 2 --out "$work/c1000"
  measure corpus-1000x2 "$work/c1000"
fi
