"""The frames contract (``backbeat moves show ID --frames N --json``): every named point's place
in the room through one whole repetition, for checks and camera work that must not depend on how
the figure is drawn.

Units are body heights, the floor is ``y = 0`` with ``y`` up, ``x`` is where the person faces at
the start and ``z`` is to their right. A movement done on both sides plays the left side and then
the right one, so its repetition is twice as long.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypedDict

from backbeat.motion.ground import Grounded, Placed


class Frame(TypedDict):
    """One moment: ``t`` seconds, every point's (x, y, z), and the contacts in force."""

    t: float
    joints: dict[str, list[float]]
    contacts: list[str]


def frame_times(total: float, count: int) -> list[float]:
    """``count`` evenly spaced times from 0 to ``total``, both ends included."""
    if count <= 1:
        return [0.0][:count]
    return [total * i / (count - 1) for i in range(count)]


def placed_at(sides: Sequence[Grounded], t: float) -> Placed:
    """The figure ``t`` seconds into the sides played one after the other."""
    for side in sides[:-1]:
        length = side.keys[-1].t
        if t <= length:
            return side.at(t)
        t -= length
    return sides[-1].at(t)


def frames(sides: Sequence[Grounded], count: int) -> list[Frame]:
    """``count`` frames evenly spaced over one repetition of each side in turn."""
    total = sum(side.keys[-1].t for side in sides)
    out: list[Frame] = []
    for t in frame_times(total, count):
        placed = placed_at(sides, t)
        joints = {name: [round(v, 4) for v in p] for name, p in placed.figure.points.items()}
        out.append({"t": round(t, 3), "joints": joints, "contacts": sorted(placed.contacts)})
    return out
