#!/usr/bin/env python3
"""Makes the CJK font almanac embeds: Noto Sans CJK SC Regular (SIL OFL 1.1), cut down to the
characters Chinese and Japanese reports use, once, by hand (the result is committed).

  pip install fonttools brotli
  python3 fonts/subset-cjk.py NotoSansCJK-Regular.ttc

Writes src/plot/noto-sans-cjk-sc-subset.otf (charts' and diagrams' measuring, the PDF) and
templates/assets/fonts/noto-sans-cjk-sc.woff2 (the page), from the same glyphs:
- every hanzi of GB 2312 level 1 (3,755: the common characters of simplified Chinese) and every
  kanji of JIS X 0208 level 1 (2,965: the common kanji of Japanese), 5,009 in all;
- kana, CJK symbols and punctuation, full-width forms, enclosed CJK, radicals;
- the layout features `locl` (Japanese glyph forms where the page or PDF says `lang="ja"`),
  `kern`, `palt`, `halt` and `ccmp`.
The collection's font 2 is the SC face (simplified Chinese forms by default).
"""
import subprocess
import sys
from pathlib import Path

root = Path(__file__).resolve().parent.parent
source = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"

chars = set()
for b1 in range(0xB0, 0xD8):
    for b2 in range(0xA1, 0xFF):
        try:
            chars.add(bytes([b1, b2]).decode("gb2312"))
        except UnicodeDecodeError:
            pass
for b1 in range(0x88, 0x99):
    for b2 in range(0x40, 0xFD):
        if not 0x889F <= (b1 << 8 | b2) <= 0x9872:
            continue
        try:
            chars.add(bytes([b1, b2]).decode("shift_jis"))
        except UnicodeDecodeError:
            pass
ranges = ["U+2E80-2EFF", "U+3000-303F", "U+3040-309F", "U+30A0-30FF", "U+31F0-31FF",
          "U+3200-32FF", "U+FF00-FFEF"]
unicodes = ",".join(ranges + ["U+%04X" % ord(c) for c in sorted(chars)])
common = [
    "pyftsubset", source, "--font-number=2", f"--unicodes={unicodes}",
    "--layout-features=locl,kern,palt,halt,ccmp", "--no-hinting",
    "--name-IDs=0,1,2,3,4,5,6,13,14",
]
subprocess.run(common + [f"--output-file={root / 'src/plot/noto-sans-cjk-sc-subset.otf'}"], check=True)
subprocess.run(common + ["--flavor=woff2",
                         f"--output-file={root / 'templates/assets/fonts/noto-sans-cjk-sc.woff2'}"], check=True)
print(f"{len(chars)} ideographs")
