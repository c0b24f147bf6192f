"""A catalogue movement's keyframes as whole poses: the bridge from data to the motion module."""

from __future__ import annotations

from backbeat.catalog.schema import Movement
from backbeat.motion.ground import Grounded
from backbeat.motion.pose import Key, keys_from
from backbeat.motion.postures import posture
from backbeat.motion.props import stage


def movement_keys(movement: Movement, *, mirrored: bool = False) -> tuple[Key, ...]:
    """Whole poses at each keyframe of one repetition; ``mirrored`` for the right side."""
    motion = movement.motion
    return keys_from(
        posture(motion.base),
        [(k.t, k.phase, k.pose, k.contacts) for k in motion.keyframes],
        mirrored=mirrored,
    )


def grounded(movement: Movement, *, mirrored: bool = False) -> Grounded:
    """One repetition set in the room with the movement's props: figures at any time."""
    return Grounded(movement_keys(movement, mirrored=mirrored), stage(movement.motion.props))


def sides(movement: Movement) -> tuple[Grounded, ...]:
    """One repetition of each side the movement is done on: the left, then the right if any."""
    left = grounded(movement)
    return (left,) if movement.dose.sides == "none" else (left, grounded(movement, mirrored=True))
