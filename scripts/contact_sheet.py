"""Draw every movement's frames on one PNG, for reviewing the figures as a physiotherapist would.

Usage: .venv/bin/python scripts/contact_sheet.py OUT.png [--frames N] [--only ID ...]

One row per movement (both sides where it has two): N frames evenly spaced over one repetition,
drawn from the same outlines as the web's SVG (left limbs light, right limbs dark), with the
props at their real size, the second view in the corner where the movement has one, the contacts
in force as red dots and any problem ``backbeat catalog check`` would report under the name.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw

from backbeat.catalog.animation import sides
from backbeat.catalog.loader import builtin
from backbeat.catalog.schema import Movement
from backbeat.motion.checks import problems
from backbeat.motion.contract import frame_times, placed_at
from backbeat.motion.ground import Placed
from backbeat.motion.kinematics import View, project
from backbeat.motion.props import Box
from backbeat.motion.svg import GROUND, PROP, PROP_TOP, Drawing, drawing, fitted_box, prop_shapes
from backbeat.motion.svg import shapes as figure_shapes

Pixel = Callable[[float, float], tuple[float, float]]
CELL_W, CELL_H, LABEL_W = 170, 123, 200
SUPER = 2  # drawn this many times larger, then scaled down: smooth edges
INK, MUTED, DOT = "#24495e", "#7d8b93", "#d1495b"


def _cell(
    drawn: Drawing, placed: Placed | None, boxes: tuple[Box, ...], box: str, w: int, h: int
) -> Image.Image:
    """One picture of one moment, ``w`` by ``h`` pixels, for the view box ``box``."""
    x0, y0, width, _ = (float(v) for v in box.split())
    zoom = w * SUPER / width
    image = Image.new("RGB", (w * SUPER, h * SUPER), "white")
    pen = ImageDraw.Draw(image)

    def at(x: float, y: float) -> tuple[float, float]:
        return (x - x0) * zoom, (y - y0) * zoom

    view = drawn.view
    if view in ("side", "front"):
        pen.line([at(-120, 0), at(120, 0)], fill=GROUND, width=SUPER)
    elif view == "three-quarter":
        floor = prop_shapes(Box("floor", (-1.2, -0.01, -0.7), (1.2, 0.0, 0.7)), view)[1]
        pen.polygon([at(*p) for p in floor], fill="#f6f3ec")
    for prop in boxes:
        for i, shape in enumerate(prop_shapes(prop, view)):
            pen.polygon([at(*p) for p in shape], fill=PROP_TOP if i else PROP, outline=GROUND)
    for name, colour, polygons in figure_shapes(drawn):
        outline, width = (INK, int(2.4 * zoom)) if name == "head" else ("#fbfaf7", 1)
        for polygon in polygons:
            pen.polygon([at(*p) for p in polygon], fill=colour, outline=outline, width=width)
    if placed is not None:
        for name in placed.contacts:
            x, y, _ = project(placed.figure.points[name], view)
            cx, cy = at(x * 100, -y * 100)
            r = 2.5 * SUPER
            pen.ellipse([cx - r, cy - r, cx + r, cy + r], fill=DOT)
    return image.resize((w, h), Image.Resampling.LANCZOS)


def _row(movement: Movement, count: int) -> Image.Image:
    grounded = sides(movement)
    view: View = movement.motion.view
    inset = movement.motion.inset
    total = sum(g.keys[-1].t for g in grounded)
    times = frame_times(total, count)
    placed = [placed_at(grounded, t) for t in times]
    drawings = [drawing(p.figure, view) for p in placed]
    box = fitted_box(drawings, view)
    small_box = fitted_box([drawing(p.figure, inset) for p in placed], inset) if inset else ""
    row = Image.new("RGB", (LABEL_W + CELL_W * count, CELL_H + 14), "white")
    pen = ImageDraw.Draw(row)
    pen.text((6, 6), movement.id, fill=INK)
    pen.text((6, 20), f"{view}{' + ' + inset if inset else ''}, {total:g} s", fill=MUTED)
    for i, text in enumerate(p for g in grounded for p in problems(g)):
        pen.text((6, 34 + 12 * i), text[:34], fill=DOT)
    boxes = grounded[0].boxes
    for n, (frame, drawn) in enumerate(zip(placed, drawings, strict=True)):
        left = LABEL_W + n * CELL_W
        row.paste(_cell(drawn, frame, boxes, box, CELL_W - 4, CELL_H), (left, 0))
        if inset:
            small = _cell(drawing(frame.figure, inset), None, boxes, small_box, 56, 40)
            row.paste(small, (left + CELL_W - 4 - 57, 1))
            pen.rectangle([left + CELL_W - 62, 0, left + CELL_W - 4, 41], outline=GROUND)
        pen.text((left + 4, CELL_H), f"{times[n]:.1f}", fill=MUTED)
    return row


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="the PNG to write")
    parser.add_argument("--frames", type=int, default=8, help="frames per movement (8)")
    parser.add_argument("--only", nargs="*", default=None, help="only these movement ids")
    args = parser.parse_args(argv)
    movements = sorted(builtin().movements.values(), key=lambda m: m.id)
    rows = [_row(m, args.frames) for m in movements if not args.only or m.id in args.only]
    sheet = Image.new("RGB", (max(r.width for r in rows), sum(r.height for r in rows)), "white")
    y = 0
    for row in rows:
        sheet.paste(row, (0, y))
        y += row.height
    sheet = sheet.quantize(colors=64, method=Image.Quantize.MEDIANCUT)  # a small file to commit
    sheet.save(args.out, optimize=True)
    print(f"{args.out}: {len(rows)} movements, {args.frames} frames each")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
