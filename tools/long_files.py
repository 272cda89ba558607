#!/usr/bin/env python3
"""Fails when a source file is longer than the limit: a file that grows
past it holds more than one use case and should be split (issue 9).
Test directories (`tests/`) are not counted.

Usage: tools/long_files.py <max lines> <dir>...
"""
import sys
from pathlib import Path

limit = int(sys.argv[1])
too_long = []
for root in sys.argv[2:]:
    for f in sorted(Path(root).rglob("*")):
        if f.suffix not in (".rs", ".js", ".mjs") or "tests" in f.parts:
            continue
        lines = len(f.read_text().splitlines())
        if lines > limit:
            too_long.append((lines, f))
for lines, f in too_long:
    print(f"{f}: {lines} lines (at most {limit})")
if not too_long:
    print(f"file lengths: none over {limit} lines")
sys.exit(1 if too_long else 0)
