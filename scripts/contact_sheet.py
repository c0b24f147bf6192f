"""Draw every movement's frames on one PNG, for reviewing the figures as a physiotherapist would.

Usage: .venv/bin/python scripts/contact_sheet.py OUT.png [--frames N] [--only ID ...]

One row per movement (both sides where it has two): N frames evenly spaced over one repetition,
drawn by the same projection as the web's SVG, with the props at their real size, the contacts
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
from backbeat.motion.kinematics import View, project
from backbeat.motion.svg import Drawing, drawing, fitted_box, prop_rect

Pixel = Callable[[float, float], tuple[float, float]]
CELL_W, CELL_H, LABEL_W, SCALE = 150, 108, 190, 150 / 180
INK, FAR, PROP, GROUND, DOT = "#2f4858", "#9fb3bf", "#e6dfd1", "#c9c2b4", "#d1495b"


def _row(movement: Movement, count: int) -> Image.Image:
    grounded = sides(movement)
    view: View = movement.motion.view
    total = sum(g.keys[-1].t for g in grounded)
    placed = [placed_at(grounded, t) for t in frame_times(total, count)]
    drawings = [drawing(p.figure, view) for p in placed]
    x0, y0, width, _ = (float(v) for v in fitted_box(drawings, view).split())
    zoom = SCALE * 180 / width
    row = Image.new("RGB", (LABEL_W + CELL_W * count, CELL_H + 14), "white")
    pen = ImageDraw.Draw(row)
    pen.text((6, 6), movement.id, fill=INK)
    pen.text((6, 20), f"{movement.motion.view}, {total:g} s", fill=FAR)
    for i, text in enumerate(p for g in grounded for p in problems(g)):
        pen.text((6, 34 + 12 * i), text[:34], fill=DOT)
    for n, (frame, drawn) in enumerate(zip(placed, drawings, strict=True)):
        left = LABEL_W + n * CELL_W

        def at(x: float, y: float, left: int = left) -> tuple[float, float]:
            return left + (x - x0) * zoom, (y - y0) * zoom

        if view != "top":
            pen.line([at(-120, 0), at(120, 0)], fill=GROUND)
            for box in grounded[0].boxes:
                bx, by, bw, bh = prop_rect(box, view)
                a, b = at(bx, by), at(bx + bw, by + bh)
                pen.rectangle(
                    [max(a[0], left), a[1], min(b[0], left + CELL_W - 2), b[1]], fill=PROP
                )
        _figure(pen, drawn, at, zoom)
        for name in frame.contacts:
            x, y, _ = project(frame.figure.points[name], view)
            cx, cy = at(x * 100, -y * 100)
            pen.ellipse([cx - 2, cy - 2, cx + 2, cy + 2], fill=DOT)
        pen.text((left + 4, CELL_H), f"{frame_times(total, count)[n]:.1f}", fill=FAR)
    return row


def _figure(pen: ImageDraw.ImageDraw, drawn: Drawing, place: Pixel, zoom: float) -> None:
    for bone in sorted(drawn.bones, key=lambda b: b.depth):
        colour = FAR if bone.far else INK
        pen.line([place(bone.x1, bone.y1), place(bone.x2, bone.y2)], fill=colour, width=3)
    hx, hy = place(drawn.head[0], drawn.head[1])
    r = 6.5 * zoom
    pen.ellipse([hx - r, hy - r, hx + r, hy + r], fill="#f4f1ea", outline=INK, width=2)
    nx, ny = place(*drawn.nose)
    pen.ellipse([nx - 1.5, ny - 1.5, nx + 1.5, ny + 1.5], fill=INK)


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
    sheet.save(args.out)
    print(f"{args.out}: {len(rows)} movements, {args.frames} frames each")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
