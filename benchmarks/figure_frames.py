"""How long the figure takes: one movement's frames (the browser's set, both sides where the
movement has two) over the whole catalogue, median and worst, and one SVG frame drawn, beside
the 16.7 ms a 60 Hz screen allows a frame; and one frame of the terminal's braille figure.

Usage: .venv/bin/python benchmarks/figure_frames.py
"""

from __future__ import annotations

import statistics
import time

from backbeat.catalog.animation import grounded, sides
from backbeat.catalog.loader import builtin
from backbeat.motion.braille import braille
from backbeat.motion.frames import motion_frames
from backbeat.motion.svg import drawing, figure_svg, fitted_box

FRAME_BUDGET_MS = 1000 / 60


def _ms(run: object, repeat: int = 3) -> float:
    assert callable(run)
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, (time.perf_counter() - start) * 1000)
    return best


def main() -> None:
    catalogue = builtin()
    per_movement = {}
    for movement in catalogue.movements.values():
        view = movement.motion.view
        per_movement[movement.id] = _ms(
            lambda m=movement, v=view: [motion_frames(g, v, m.motion.inset) for g in sides(m)]
        )
    worst = max(per_movement, key=lambda k: per_movement[k])
    placed = grounded(catalogue.movements["child-pose"])
    figure = placed.at(4.0).figure
    svg_ms = _ms(lambda: figure_svg(figure, "side", boxes=placed.boxes), repeat=50)
    print(f"frames of one movement, {len(per_movement)} movements:")
    print(f"  median {statistics.median(per_movement.values()):.1f} ms")
    print(f"  worst  {per_movement[worst]:.1f} ms ({worst})")
    drawn = drawing(figure, "side")
    box = fitted_box([drawn], "side")
    text_ms = _ms(lambda: braille(drawing(figure, "side"), box, 34, 12), repeat=20)
    print(f"one SVG frame drawn: {svg_ms:.2f} ms")
    print(f"one terminal (braille) frame drawn: {text_ms:.2f} ms")
    print(f"a 60 Hz frame allows {FRAME_BUDGET_MS:.1f} ms")


if __name__ == "__main__":
    main()
