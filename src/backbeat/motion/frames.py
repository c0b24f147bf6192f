"""A movement's motion as data for the browser: the figure drawn at sample times of one
repetition, so the page only interpolates between points the Python pose math placed.

Between two keyframes the pose eases along joint angles, which moves a hand on an arc; sampling
each span ``PER_SPAN`` times keeps the browser's straight-line interpolation on that arc.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import TypedDict

from backbeat.motion.ground import Grounded
from backbeat.motion.kinematics import View
from backbeat.motion.pose import Key
from backbeat.motion.svg import Drawing, drawing

PER_SPAN = 6  # samples between two keyframes


class Frames(TypedDict):
    """One side's frames: times, numbers (see :func:`frame`), draw orders and far-limb masks."""

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
    """One drawing as a flat list: x1, y1, x2, y2 per bone in skeleton order, then the head's
    centre and the nose; one decimal of an SVG unit (a hundredth of body height) is plenty."""
    numbers = [v for b in drawn.bones for v in (b.x1, b.y1, b.x2, b.y2)]
    numbers += [drawn.head[0], drawn.head[1], *drawn.nose]
    return [round(v, 1) for v in numbers]


def order(drawn: Drawing) -> list[int]:
    """Back to front: bone indexes, with the head as index ``len(bones)``."""
    depths = [b.depth for b in drawn.bones] + [drawn.head[2]]
    return sorted(range(len(depths)), key=lambda i: depths[i])


def motion_frames(grounded: Grounded, view: View) -> Frames:
    """The frames of one repetition on one side, at :func:`sample_times`."""
    times = sample_times(grounded.keys)
    drawings = [drawing(grounded.at(t).figure, view) for t in times]
    return {
        "t": [round(t, 3) for t in times],
        "p": [frame(d) for d in drawings],
        "o": [order(d) for d in drawings],
        "far": [sum(1 << i for i, b in enumerate(d.bones) if b.far) for d in drawings],
    }
