"""What a physiotherapist would object to in a grounded repetition, found by geometry: contacts
that slide or float, points below the floor, limbs through a prop.

The same limits serve ``backbeat catalog check`` (so a user's movement file is told what is
wrong) and the tests over the whole catalogue.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence

from backbeat.motion.frames import sample_times
from backbeat.motion.ground import Grounded, Placed
from backbeat.motion.kinematics import Vec
from backbeat.motion.props import inside, support
from backbeat.motion.skeleton import FLESH

SINK = 0.005  # below the surface under it, in body heights
SLIDE = 0.01  # a contact moving while declared
FLOAT = 0.015  # a contact above the surface under it when declared
SAMPLES = 12  # checked moments per span between keyframes


def sink(grounded: Grounded, placed: Placed) -> tuple[str, float] | None:
    """The point deepest below the surface under its centre (the floor, a mat, a bed, a seat),
    when deeper than :data:`SINK`."""
    boxes = grounded.boxes
    depths = {
        name: support(boxes, p[0], p[2], below=p[1]) - (p[1] - FLESH[name])
        for name, p in placed.figure.points.items()
    }
    name = max(depths, key=lambda n: depths[n])
    return (name, depths[name]) if depths[name] > SINK else None


def through(grounded: Grounded, placed: Placed) -> tuple[str, str] | None:
    """A body part inside a prop, as (part, prop); limbs are checked along their length."""
    for segment in placed.figure.segments:
        for f in (0.0, 0.25, 0.5, 0.75, 1.0):
            point = _along(segment.start, segment.end, f)
            box = inside(grounded.boxes, point)
            if box is not None and box.prop not in ("mat", "bed"):
                return segment.joint, box.prop
    return None


def floating(grounded: Grounded, placed: Placed) -> tuple[str, float] | None:
    """A declared contact farther above the surface under it than :data:`FLOAT`."""
    for name in sorted(placed.contacts):
        p = placed.figure.points[name]
        gap = p[1] - FLESH[name] - support(grounded.boxes, p[0], p[2])
        if gap > FLOAT:
            return name, gap
    return None


def _along(a: Vec, b: Vec, f: float) -> Vec:
    return (a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f)


def slides(placed: Sequence[Placed]) -> Iterator[tuple[int, str, float]]:
    """(frame, contact, distance) for contacts that moved more than :data:`SLIDE` from where
    they were when declared, frame by frame in order."""
    since: dict[str, Vec] = {}
    for i, frame in enumerate(placed):
        since = {c: since.get(c, frame.figure.points[c]) for c in frame.contacts}
        for c, at in since.items():
            distance = math.dist(at, frame.figure.points[c])
            if distance > SLIDE:
                yield i, c, distance


def problems(grounded: Grounded) -> list[str]:
    """Each thing wrong with one side's repetition, once, in plain words with the time."""
    found: dict[str, str] = {}
    times = sample_times(grounded.keys, SAMPLES)
    placed = [grounded.at(t) for t in times]
    for t, frame in zip(times, placed, strict=True):
        if hit := sink(grounded, frame):
            found.setdefault(
                f"sink {hit[0]}", f"{hit[0]} goes {hit[1]:.3f} below what is under it at {t:g} s"
            )
        if part := through(grounded, frame):
            found.setdefault(f"through {part}", f"{part[0]} goes into the {part[1]} at {t:g} s")
    for key_at in (
        i for i, t in enumerate(times) if any(abs(k.t - t) < 1e-9 for k in grounded.keys)
    ):
        if hit := floating(grounded, placed[key_at]):
            t = times[key_at]
            found.setdefault(
                f"float {hit[0]}",
                f"contact {hit[0]} is {hit[1]:.3f} above what it rests on at {t:g} s",
            )
    for i, contact, distance in slides(placed):
        found.setdefault(
            f"slide {contact}", f"contact {contact} slides {distance:.3f} by {times[i]:g} s"
        )
    return list(found.values())
