"""From a pose to points: forward kinematics on the skeleton and a flat projection for a view.

Pure math on tuples so the browser, the terminal and tests all get the same figure.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Literal

from backbeat.motion.pose import Pose
from backbeat.motion.skeleton import HEAD_RADIUS, HEEL, JOINTS, Axis

View = Literal["side", "front", "top", "three-quarter"]
Vec = tuple[float, float, float]
Mat = tuple[Vec, Vec, Vec]

_IDENTITY: Mat = ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0))


def _rotation(axis: Axis, degrees: float) -> Mat:
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    if axis == "x":
        return ((1.0, 0.0, 0.0), (0.0, c, -s), (0.0, s, c))
    if axis == "y":
        return ((c, 0.0, s), (0.0, 1.0, 0.0), (-s, 0.0, c))
    return ((c, -s, 0.0), (s, c, 0.0), (0.0, 0.0, 1.0))


def _matmul(a: Mat, b: Mat) -> Mat:
    rows = tuple(
        tuple(sum(a[i][k] * b[k][j] for k in range(3)) for j in range(3)) for i in range(3)
    )
    return rows  # type: ignore[return-value]


def _apply(m: Mat, v: Vec) -> Vec:
    return (
        m[0][0] * v[0] + m[0][1] * v[1] + m[0][2] * v[2],
        m[1][0] * v[0] + m[1][1] * v[1] + m[1][2] * v[2],
        m[2][0] * v[0] + m[2][1] * v[1] + m[2][2] * v[2],
    )


def _add(a: Vec, b: Vec) -> Vec:
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2])


@dataclass(frozen=True, slots=True)
class Segment:
    """One bone in world space, from ``start`` to ``end``; ``side`` names its limb's side."""

    joint: str
    start: Vec
    end: Vec
    side: Literal["l", "r"] | None


@dataclass(frozen=True, slots=True)
class Figure:
    """A posed skeleton (y up): straight from :func:`forward` its pelvis is at the origin, and
    :func:`moved` sets it in the room. ``points`` are the skeleton's named points."""

    segments: tuple[Segment, ...]
    head: Vec
    facing: Vec  # unit vector the face points to
    points: Mapping[str, Vec]


def moved(figure: Figure, by: Vec) -> Figure:
    """The same figure, every point shifted by ``by``: root translation, the pose unchanged."""
    return replace(
        figure,
        segments=tuple(
            replace(s, start=_add(s.start, by), end=_add(s.end, by)) for s in figure.segments
        ),
        head=_add(figure.head, by),
        points=MappingProxyType({name: _add(v, by) for name, v in figure.points.items()}),
    )


def _points(
    starts: Mapping[str, Vec], ends: Mapping[str, Vec], heels: Mapping[str, Vec], head: Vec
) -> Mapping[str, Vec]:
    named = {"pelvis": starts["spine_lower"], "spine_upper": starts["spine_upper"]}
    named |= {"neck": starts["neck"], "head": head}
    for side in "lr":
        for joint in ("shoulder", "elbow", "hip", "knee", "ankle"):
            named[f"{joint}_{side}"] = starts[f"{joint}_{side}"]
        named[f"hand_{side}"] = ends[f"elbow_{side}"]
        named[f"toe_{side}"] = ends[f"ankle_{side}"]
        named[f"heel_{side}"] = heels[side]
    return MappingProxyType(named)


def forward(p: Pose) -> Figure:
    """Place every segment of the skeleton for pose ``p``."""
    frames: dict[str, Mat] = {}
    starts: dict[str, Vec] = {}
    ends: dict[str, Vec] = {}
    segments: list[Segment] = []
    for joint in JOINTS:
        parent_frame = frames[joint.parent] if joint.parent else _IDENTITY
        parent_start = starts[joint.parent] if joint.parent else (0.0, 0.0, 0.0)
        local = _IDENTITY
        for dof in joint.dofs:
            angle = p.get(f"{joint.name}.{dof.name}", 0.0)
            if angle:
                sign = dof.right_sign if joint.side == "r" else dof.left_sign
                local = _matmul(local, _rotation(dof.axis, sign * angle))
        frame = _matmul(parent_frame, local)
        start = _add(parent_start, _apply(parent_frame, joint.origin))
        frames[joint.name], starts[joint.name] = frame, start
        ends[joint.name] = _add(start, _apply(frame, joint.offset))
        if any(joint.offset):
            segments.append(Segment(joint.name, start, ends[joint.name], joint.side))
    head = _add(ends["neck"], _apply(frames["neck"], (0.0, HEAD_RADIUS * 0.6, 0.0)))
    heels = {
        side: _add(starts[f"ankle_{side}"], _apply(frames[f"ankle_{side}"], HEEL)) for side in "lr"
    }
    return Figure(
        tuple(segments),
        head,
        _apply(frames["neck"], (1.0, 0.0, 0.0)),
        _points(starts, ends, heels, head),
    )


# The three-quarter camera: turned this far from the side towards the front, this far above
# the figure looking down, and this far away (body heights) from the point it looks at.
QUARTER_TURN = 40.0
QUARTER_DROP = 18.0
QUARTER_DISTANCE = 4.0
_AIM = 0.35  # height the three-quarter camera looks at


def project(v: Vec, view: View) -> tuple[float, float, float]:
    """Screen x, screen y (up) and depth (larger is nearer the viewer) of a world point.

    ``side`` looks at the person's right side, ``front`` faces them, ``top`` looks down from
    above; ``three-quarter`` looks from their front right and a little above, in perspective,
    so circles, twists and side bends all show.
    """
    x, y, z = v
    if view == "side":
        return (x, y, z)
    if view == "front":
        return (-z, y, x)
    if view == "top":
        return (x, -z, y)
    turn, drop = math.radians(QUARTER_TURN), math.radians(QUARTER_DROP)
    sx = x * math.cos(turn) - z * math.sin(turn)
    depth = z * math.cos(turn) + x * math.sin(turn)
    up = y - _AIM
    sy = up * math.cos(drop) - depth * math.sin(drop)
    depth = depth * math.cos(drop) + up * math.sin(drop)
    scale = QUARTER_DISTANCE / (QUARTER_DISTANCE - depth)
    return (sx * scale, sy * scale + _AIM * math.cos(drop), depth)


def lowest(figure: Figure) -> float:
    """World height of the lowest point, the head's outline included: what touches the ground."""
    ys = [s.end[1] for s in figure.segments] + [s.start[1] for s in figure.segments]
    return min([*ys, figure.head[1] - HEAD_RADIUS])
