"""A movement's motion as data for the browser: the figure's points at sample times of one
repetition, so the page only interpolates between points the Python pose math placed and draws
the parts of :mod:`backbeat.motion.outline` around them, as :mod:`backbeat.motion.svg` does.

Between two keyframes the pose eases along joint angles, which moves a hand on an arc; sampling
each span ``PER_SPAN`` times keeps the browser's straight-line interpolation on that arc.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import TypedDict

from backbeat.motion.ground import Grounded
from backbeat.motion.kinematics import View
from backbeat.motion.outline import HEAD, PARTS
from backbeat.motion.pose import Key
from backbeat.motion.svg import DRAWN, Drawing, drawing, order, part_depth

PER_SPAN = 6  # samples between two keyframes


class Frames(TypedDict):
    """One side's frames: times, numbers (see :func:`frame`), draw orders (see
    :func:`~backbeat.motion.svg.order`) and, per frame, a mask of the parts behind the trunk."""

    t: list[float]
    p: list[list[float]]
    o: list[list[int]]
    far: list[int]


def sample_times(keys: Sequence[Key], per_span: int = PER_SPAN) -> list[float]:
    """Every keyframe's time, and ``per_span - 1`` evenly spaced times between each two."""
    times = [keys[0].t] if keys else []
    for before, after in itertools.pairwise(keys):
        step = (after.t - before.t) / per_span
        times += [before.t + step * n for n in range(1, per_span)] + [after.t]
    return times


def frame(drawn: Drawing) -> list[float]:
    """One drawing as a flat list: x, y of each of :data:`~backbeat.motion.svg.DRAWN` in turn;
    one decimal of an SVG unit (a hundredth of body height) is plenty."""
    return [round(v, 1) for name in DRAWN for v in drawn.points[name]]


def behind(drawn: Drawing) -> int:
    trunk = part_depth(PARTS[0], drawn)
    return sum(1 << i for i, p in enumerate(PARTS) if part_depth(p, drawn) < trunk)


def motion_frames(grounded: Grounded, view: View, inset: View | None = None) -> Frames:
    """The frames of one repetition on one side, at :func:`sample_times`. With an ``inset``
    view, each frame's numbers and order go on with that view's (its order offset by
    ``HEAD + 1``), so the page can draw the small second view from the same frame."""
    times = sample_times(grounded.keys)
    figures = [grounded.at(t).figure for t in times]
    drawings = [drawing(f, view) for f in figures]
    numbers = [frame(d) for d in drawings]
    orders = [order(d) for d in drawings]
    if inset is not None:
        for i, figure in enumerate(figures):
            small = drawing(figure, inset)
            numbers[i] += frame(small)
            orders[i] += [HEAD + 1 + n for n in order(small)]
    return {
        "t": [round(t, 3) for t in times],
        "p": numbers,
        "o": orders,
        "far": [behind(d) for d in drawings],
    }
