"""Draw the app icons (static/icons/icon-*.png) from the same shapes as favicon.svg.

Standard library only (zlib + struct): run `python scripts/make_icons.py` after changing
the shapes; the PNGs are committed.
"""

import itertools
import math
import struct
import zlib
from pathlib import Path

BLUE = (13, 110, 253)
WHITE = (255, 255, 255)
# favicon.svg's path on its 64-unit grid, and its stroke width.
POINTS = [(18, 44), (30, 20), (38, 34), (46, 24)]
STROKE = 6
OUT = Path(__file__).resolve().parent.parent / "static" / "icons"


def _segment_distance(px, py, ax, ay, bx, by) -> float:
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def _pixel(x: float, y: float, radius: float, scale: float) -> tuple[int, int, int, int]:
    """Colour at (x, y) in 64-unit coordinates; `scale` shrinks the glyph (maskable safe zone)."""
    if radius:
        cx, cy = min(max(x, radius), 64 - radius), min(max(y, radius), 64 - radius)
        if math.hypot(x - cx, y - cy) > radius:
            return (0, 0, 0, 0)
    gx, gy = 32 + (x - 32) / scale, 32 + (y - 32) / scale
    for (ax, ay), (bx, by) in itertools.pairwise(POINTS):
        if _segment_distance(gx, gy, ax, ay, bx, by) <= STROKE / 2:
            return (*WHITE, 255)
    return (*BLUE, 255)


def png(size: int, radius: float, scale: float) -> bytes:
    rows = []
    for py in range(size):
        row = bytearray([0])
        for px in range(size):
            row += bytes(_pixel((px + 0.5) * 64 / size, (py + 0.5) * 64 / size, radius, scale))
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + chunk(b"IEND", b"")
    )


if __name__ == "__main__":
    for size in (192, 512):
        (OUT / f"icon-{size}.png").write_bytes(png(size, radius=14, scale=1))
    # Maskable: full bleed, the glyph inside the central safe zone.
    (OUT / "icon-maskable-512.png").write_bytes(png(512, radius=0, scale=1.25))
