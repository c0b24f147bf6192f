"""The figure in text: a drawing rasterised to Unicode braille, two dots across and four down
per character, each character coloured by the part that covers most of its dots.

The same outlines as the SVG (:func:`backbeat.motion.svg.shapes`), so the terminal shows the
figure the browser shows, only coarser. Pure: the terminal face adds the colours.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from backbeat.motion.outline import Point2
from backbeat.motion.svg import Drawing, shapes

# Braille dot bits by (column, row) inside one character.
_BITS = ((0x01, 0x02, 0x04, 0x40), (0x08, 0x10, 0x20, 0x80))
GROUND = "ground"


def _inside(x: float, y: float, polygon: Sequence[Point2]) -> bool:
    found = False
    j = len(polygon) - 1
    for i, (xi, yi) in enumerate(polygon):
        xj, yj = polygon[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            found = not found
        j = i
    return found


def braille(drawn: Drawing, box: str, cols: int, rows: int) -> list[list[tuple[str, str]]]:
    """``rows`` lines of ``cols`` (character, part) cells showing ``drawn`` in the view box
    ``box``; the part is a name from :func:`~backbeat.motion.svg.shapes` (``trunk``, ``arm_l``,
    ``head``...), :data:`GROUND` for the floor line, or ``""`` for an empty cell."""
    x0, y0, width, height = (float(v) for v in box.split())
    dots_x, dots_y = cols * 2, rows * 4
    step = max(width / dots_x, height / dots_y)  # square dots, the figure keeps its shape
    left = x0 + (width - step * dots_x) / 2
    top = y0 + (height - step * dots_y) / 2
    grid: list[list[str]] = [[""] * dots_x for _ in range(dots_y)]
    if drawn.view in ("side", "front") and top <= 0 <= top + step * dots_y:
        ground_row = min(dots_y - 1, int((0 - top) / step))
        grid[ground_row] = [GROUND] * dots_x
    for name, _, polygons in shapes(drawn):
        for polygon in polygons:
            xs, ys = [p[0] for p in polygon], [p[1] for p in polygon]
            c0, c1 = (
                max(0, int((min(xs) - left) / step)),
                min(dots_x - 1, int((max(xs) - left) / step)),
            )
            r0, r1 = (
                max(0, int((min(ys) - top) / step)),
                min(dots_y - 1, int((max(ys) - top) / step)),
            )
            for r in range(r0, r1 + 1):
                y = top + (r + 0.5) * step
                for c in range(c0, c1 + 1):
                    if _inside(left + (c + 0.5) * step, y, polygon):
                        grid[r][c] = name
    lines = []
    for row in range(rows):
        line = []
        for col in range(cols):
            bits, parts = 0, Counter[str]()
            for dx in range(2):
                for dy in range(4):
                    part = grid[row * 4 + dy][col * 2 + dx]
                    if part:
                        bits |= _BITS[dx][dy]
                        parts[part] += 1
            line.append((chr(0x2800 + bits), parts.most_common(1)[0][0] if parts else ""))
        lines.append(line)
    return lines
