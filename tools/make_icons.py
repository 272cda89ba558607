"""Draws the app icons (an envelope on the theme colour) as PNG files.

Run once when the design changes: python3 tools/make_icons.py
Plain zlib + struct, so it needs nothing beyond Python itself.
"""
import struct
import zlib
from pathlib import Path

BLUE = (11, 83, 148)
WHITE = (255, 255, 255)


def envelope(size, inset):
    """Pixel rows: an envelope centred with `inset` fraction of padding."""
    rows = []
    left, right = size * inset, size * (1 - inset)
    top, bottom = size * (0.5 - (0.5 - inset) * 0.7), size * (0.5 + (0.5 - inset) * 0.7)
    stroke = max(2, size / 40)
    mid_x = size / 2
    flap_y = top + (bottom - top) * 0.55
    for y in range(size):
        row = bytearray([0])  # filter: none
        for x in range(size):
            colour = BLUE
            if left <= x <= right and top <= y <= bottom:
                colour = WHITE
                # The flap: two lines from the top corners to the centre.
                t = (x - left) / (mid_x - left) if x <= mid_x else (right - x) / (right - mid_x)
                line_y = top + t * (flap_y - top)
                if abs(y - line_y) <= stroke:
                    colour = BLUE
            row.extend(colour)
        rows.append(bytes(row))
    return b"".join(rows)


def png(size, inset):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(envelope(size, inset), 9))
        + chunk(b"IEND", b"")
    )


out = Path(__file__).resolve().parent.parent / "public" / "icons"
out.mkdir(parents=True, exist_ok=True)
(out / "icon-192.png").write_bytes(png(192, 0.2))
(out / "icon-512.png").write_bytes(png(512, 0.2))
# Maskable icons keep their content inside the central 80% safe zone.
(out / "icon-512-maskable.png").write_bytes(png(512, 0.3))
