"""Poses and how they change over time.

A pose is a flat, read-only mapping from ``"joint.dof"`` to degrees on the skeleton of
:mod:`backbeat.motion.skeleton`; anything it does not name is 0 (standing neutral). Keyframes
change a pose cumulatively, and the pose between two keyframes eases in and out, because the
movements backbeat teaches are slow and should start and stop softly.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from backbeat.motion.skeleton import JOINTS_BY_NAME, is_handed, mirrored_joint

Pose = Mapping[str, float]


def pose(*parts: Mapping[str, float]) -> Pose:
    """A read-only pose made of several partial ones (later parts win)."""
    merged: dict[str, float] = {}
    for part in parts:
        merged.update({key: float(value) for key, value in part.items()})
    return MappingProxyType(merged)


def pose_key_problem(key: str) -> str | None:
    """Why ``key`` is not a ``joint.dof`` of the skeleton, or None when it is one."""
    joint, _, dof = key.partition(".")
    known = JOINTS_BY_NAME.get(joint)
    if known is None:
        return f"unknown joint {joint!r} (allowed: {', '.join(JOINTS_BY_NAME)})"
    names = [d.name for d in known.dofs]
    if dof not in names:
        return f"joint {joint!r} has no movement {dof!r} (allowed: {', '.join(names)})"
    return None


def mirror(p: Pose) -> Pose:
    """The same pose done on the other side of the body."""
    out: dict[str, float] = {}
    for key, value in p.items():
        joint, _, dof = key.partition(".")
        sign = -1.0 if is_handed(joint, dof) else 1.0
        out[f"{mirrored_joint(joint)}.{dof}"] = sign * value
    return MappingProxyType(out)


@dataclass(frozen=True, slots=True)
class Key:
    """The whole pose reached at ``t`` seconds into one repetition, and the named points that
    bear weight there (see :mod:`backbeat.motion.ground`)."""

    t: float
    pose: Pose
    phase: str
    contacts: frozenset[str] = frozenset()


def mirror_key(key: Key) -> Key:
    """The same keyframe done on the other side of the body: its contacts swap sides too."""
    return Key(key.t, mirror(key.pose), key.phase, frozenset(map(mirrored_joint, key.contacts)))


def accumulate(base: Pose, changes: Sequence[tuple[float, str, Pose]]) -> tuple[Key, ...]:
    """Turn keyframes that name only what changes into whole poses, starting from ``base``."""
    keys: list[Key] = []
    current = dict(base)
    for t, phase, change in changes:
        current.update(change)
        keys.append(Key(t, MappingProxyType(dict(current)), phase))
    return tuple(keys)


def _ease(fraction: float) -> float:
    return 0.5 - 0.5 * math.cos(math.pi * min(max(fraction, 0.0), 1.0))


def blend(a: Pose, b: Pose, fraction: float) -> Pose:
    """The pose ``fraction`` of the way from ``a`` to ``b`` (0 is ``a``, 1 is ``b``), eased."""
    w = _ease(fraction)
    keys = set(a) | set(b)
    return MappingProxyType(
        {k: a.get(k, 0.0) + (b.get(k, 0.0) - a.get(k, 0.0)) * w for k in sorted(keys)}
    )


def sample(keys: Sequence[Key], t: float) -> Pose:
    """The pose at ``t`` seconds; before the first key and after the last the pose rests."""
    if not keys:
        return MappingProxyType({})
    if t <= keys[0].t:
        return keys[0].pose
    for before, after in itertools.pairwise(keys):
        if t <= after.t:
            span = after.t - before.t
            return blend(before.pose, after.pose, (t - before.t) / span if span > 0 else 1.0)
    return keys[-1].pose


def flatten(nested: Mapping[str, Mapping[str, float]]) -> Pose:
    """``{"hip_l": {"flex": 90}}`` (as TOML writes it) becomes ``{"hip_l.flex": 90}``."""
    return pose(
        {f"{joint}.{dof}": value for joint, dofs in nested.items() for dof, value in dofs.items()}
    )


Keyframe = tuple[float, str, Mapping[str, Mapping[str, float]], Sequence[str] | None]


def keys_from(
    base: Pose, keyframes: Sequence[Keyframe], *, mirrored: bool = False
) -> tuple[Key, ...]:
    """Whole poses for a movement's keyframes; ``mirrored`` plays it on the other side.

    Contacts carry over like angles do: a keyframe that names none keeps the ones before it.
    """
    keys = accumulate(base, [(t, phase, flatten(change)) for t, phase, change, _ in keyframes])
    contacts: frozenset[str] = frozenset()
    grounded = []
    for key, (*_, named) in zip(keys, keyframes, strict=True):
        contacts = frozenset(named) if named is not None else contacts
        grounded.append(Key(key.t, key.pose, key.phase, contacts))
    return tuple(mirror_key(k) for k in grounded) if mirrored else tuple(grounded)
