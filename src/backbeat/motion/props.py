"""Props with real geometry: the surfaces a figure rests on and the solids it must stay out of.

Sizes are in body heights, like the skeleton, and taken from ordinary furniture for a person of
about 1.70 m: a chair seat 43 cm high (a stool's and a car seat's too, measured from the car's
floor), a bed 51 cm, a mat 1.4 cm thick. A chair stands with its
seat under the pelvis as a movement starts (the root is at x = z = 0 then); a mat and a bed lie
under the whole figure. Every prop is a few boxes, which is all the drawing and the checks need.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from backbeat.motion.kinematics import Vec

SEAT_HEIGHT = 0.25
BED_HEIGHT = 0.30
MAT_THICKNESS = 0.008
_TOLERANCE = 0.004  # a point this far inside a box only touches it


@dataclass(frozen=True, slots=True)
class Box:
    """A solid, axis-aligned: ``low`` and ``high`` are opposite corners (x, y, z)."""

    prop: str
    low: Vec
    high: Vec

    def covers(self, x: float, z: float) -> bool:
        """Whether the box is under (or over) the point ``(x, z)`` seen from above."""
        return self.low[0] <= x <= self.high[0] and self.low[2] <= z <= self.high[2]

    def holds(self, point: Vec) -> bool:
        """Whether ``point`` is inside the box, not merely touching it."""
        return all(
            lo + _TOLERANCE < v < hi - _TOLERANCE
            for lo, v, hi in zip(self.low, point, self.high, strict=True)
        )


def _slab(prop: str, top: float) -> Box:
    return Box(prop, (-1.2, 0.0, -0.6), (1.2, top, 0.6))


def _chair(prop: str) -> tuple[Box, ...]:
    seat = Box(prop, (-0.13, SEAT_HEIGHT - 0.03, -0.12), (0.13, SEAT_HEIGHT, 0.12))
    back = Box(prop, (-0.155, SEAT_HEIGHT, -0.12), (-0.13, SEAT_HEIGHT + 0.26, 0.12))
    legs = tuple(
        Box(prop, (x, 0.0, z), (x + 0.015, SEAT_HEIGHT - 0.03, z + 0.015))
        for x in (-0.13, 0.115)
        for z in (-0.12, 0.105)
    )
    return (seat, back, *legs)


def _stool(prop: str) -> tuple[Box, ...]:
    """A chair without its back: the seat and legs at the chair's height."""
    return tuple(box for box in _chair(prop) if box.low[1] < SEAT_HEIGHT)


def _car_seat(prop: str) -> tuple[Box, ...]:
    """A car's seat: a solid base under the seat (no legs to see between), the seat at the
    chair's height above the car's floor, a taller back and a headrest."""
    base = Box(prop, (-0.14, 0.0, -0.13), (0.13, SEAT_HEIGHT, 0.13))
    back = Box(prop, (-0.17, SEAT_HEIGHT, -0.13), (-0.14, SEAT_HEIGHT + 0.34, 0.13))
    rest = Box(prop, (-0.17, SEAT_HEIGHT + 0.38, -0.06), (-0.14, SEAT_HEIGHT + 0.46, 0.06))
    return (base, back, rest)


def _wall(prop: str) -> tuple[Box, ...]:
    return (Box(prop, (-0.5, 0.0, -0.6), (-0.45, 1.2, 0.6)),)


def stage(props: Sequence[str]) -> tuple[Box, ...]:
    """The boxes of every named prop; an unknown name is a ``KeyError`` naming the known ones."""
    builders = {
        "mat": lambda p: (_slab(p, MAT_THICKNESS),),
        "bed": lambda p: (_slab(p, BED_HEIGHT),),
        "chair": _chair,
        "stool": _stool,
        "car-seat": _car_seat,
        "wall": _wall,
    }
    boxes: list[Box] = []
    for name in props:
        if name not in builders:
            raise KeyError(f"unknown prop {name!r} (allowed: {', '.join(builders)})")
        boxes += builders[name](name)
    return tuple(boxes)


def support(boxes: Sequence[Box], x: float, z: float, below: float = math.inf) -> float:
    """Height of the surface under ``(x, z)``: the highest box top there no higher than
    ``below``, or the floor."""
    tops = (b.high[1] for b in boxes if b.covers(x, z) and b.high[1] <= below)
    return max(tops, default=0.0)


def inside(boxes: Sequence[Box], point: Vec) -> Box | None:
    """The box ``point`` is inside, if any."""
    return next((b for b in boxes if b.holds(point)), None)
