"""Where the figure stands: root translation found from the contacts, so weight-bearing points
stay put and nothing sinks into the floor or a prop.

The pose fixes the figure's shape; this module only moves it as a whole. The rules, in order:

1. At the first keyframe the root is over x = z = 0 and the declared contacts rest on the
   surfaces under them (the highest need wins; with no contacts, the lowest point rests).
2. Through a span between two keyframes, the contacts declared at both ends keep the places they
   had at the span's start: the root is where, on average, it puts them back there. A span
   without such contacts glides the root from one keyframe's place to the next and rests its
   lowest point.
3. Whatever the contacts say, no point's surface goes below the surface under it.

With consistent keyframes rule 2 holds every contact exactly; where an author's angles pull two
contacts apart, :func:`backbeat.motion.checks.contact_problems` says so.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

from backbeat.motion.kinematics import Figure, Vec, forward, moved
from backbeat.motion.pose import Key, blend, sample
from backbeat.motion.props import Box, support
from backbeat.motion.skeleton import FLESH


@dataclass(frozen=True, slots=True)
class Placed:
    """A figure set in the room, with the contacts in force at that moment."""

    figure: Figure
    contacts: frozenset[str]


def _lift(figure: Figure, names: Iterable[str], boxes: Sequence[Box]) -> float:
    """How far up ``figure`` must go for the surfaces of ``names`` to reach what is under them."""
    pts = figure.points
    return max(support(boxes, pts[n][0], pts[n][2]) + FLESH[n] - pts[n][1] for n in names)


def _root(anchors: dict[str, Vec], local: Figure) -> Vec:
    """The root that puts each anchored point back at its anchor, on average."""
    n = len(anchors)
    sums = [0.0, 0.0, 0.0]
    for name, at in anchors.items():
        p = local.points[name]
        for i in range(3):
            sums[i] += at[i] - p[i]
    return (sums[0] / n, sums[1] / n, sums[2] / n)


class Grounded:
    """One repetition's keyframes placed in a room with ``boxes``: figures at any time."""

    def __init__(self, keys: Sequence[Key], boxes: Sequence[Box]) -> None:
        self.keys = tuple(keys)
        self.boxes = tuple(boxes)
        self._times = [k.t for k in self.keys]

    def _guarded(self, local: Figure, root: Vec) -> Figure:
        placed = moved(local, root)
        rise = _lift(placed, placed.points, self.boxes)
        return moved(placed, (0.0, rise, 0.0)) if rise > 0 else placed

    def _rested(self, local: Figure, x: float, z: float, names: Iterable[str]) -> Figure:
        over = moved(local, (x, 0.0, z))
        return moved(over, (0.0, _lift(over, names, self.boxes), 0.0))

    @cached_property
    def _at_keys(self) -> tuple[Figure, ...]:
        """The figure at every keyframe, each placed from the one before."""
        placed: list[Figure] = []
        for i, key in enumerate(self.keys):
            local = forward(key.pose)
            held = self._held(i)
            if held:
                before = placed[-1].points
                root = _root({c: before[c] for c in held}, local)
                placed.append(self._guarded(local, root))
                continue
            x, z = (placed[-1].points["pelvis"][0], placed[-1].points["pelvis"][2]) if i else (0, 0)
            placed.append(self._rested(local, x, z, key.contacts or local.points))
        return tuple(placed)

    def _held(self, i: int) -> frozenset[str]:
        """Contacts kept through the span that ends at keyframe ``i``."""
        return self.keys[i - 1].contacts & self.keys[i].contacts if i else frozenset()

    def at(self, t: float) -> Placed:
        """The figure at ``t`` seconds into the repetition (resting before and after it)."""
        keys = self.keys
        if t <= keys[0].t or t >= keys[-1].t:
            i = 0 if t <= keys[0].t else len(keys) - 1
            return Placed(self._at_keys[i], keys[i].contacts)
        i = bisect.bisect_left(self._times, t)
        if abs(keys[i].t - t) < 1e-9:
            return Placed(self._at_keys[i], keys[i].contacts)
        local = forward(sample(keys, t))
        held = self._held(i)
        if held:
            before = self._at_keys[i - 1].points
            return Placed(self._guarded(local, _root({c: before[c] for c in held}, local)), held)
        a, b = self._at_keys[i - 1].points["pelvis"], self._at_keys[i].points["pelvis"]
        span = keys[i].t - keys[i - 1].t
        mid = blend({"x": a[0], "z": a[2]}, {"x": b[0], "z": b[2]}, (t - keys[i - 1].t) / span)
        return Placed(self._rested(local, mid["x"], mid["z"], local.points), held)
