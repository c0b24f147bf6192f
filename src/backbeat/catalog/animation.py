"""A catalogue movement's keyframes as whole poses: the bridge from data to the motion module."""

from __future__ import annotations

from backbeat.catalog.schema import Movement
from backbeat.motion.pose import Key, keys_from
from backbeat.motion.postures import posture


def movement_keys(movement: Movement, *, mirrored: bool = False) -> tuple[Key, ...]:
    """Whole poses at each keyframe of one repetition; ``mirrored`` for the right side."""
    motion = movement.motion
    return keys_from(
        posture(motion.base),
        [(k.t, k.phase, k.pose) for k in motion.keyframes],
        mirrored=mirrored,
    )
