"""Named starting postures: the base a movement's keyframes change.

Each posture is a flat pose (``"joint.dof"`` to degrees) on the skeleton; angles left
out are 0, the standing neutral. The seven catalogue positions each have a posture of the same
name, and a few variants cover common set-ups (lying with the knees bent, sitting on the heels).
Seated is on a chair of :data:`backbeat.motion.props.SEAT_HEIGHT`: the thighs slope a little
down to the knees so the feet rest flat on the floor, shins upright.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

from backbeat.motion.pose import Pose, pose

_ARMS_RELAXED = {"shoulder_l.flex": 5, "shoulder_r.flex": 5, "elbow_l.flex": 10, "elbow_r.flex": 10}
_LYING_ARMS = {"shoulder_l.abduct": 12, "shoulder_r.abduct": 12}
_FLOOR_KNEES = {  # feet flat on the floor, level with the pelvis resting on it
    "hip_l.flex": 42,
    "hip_r.flex": 42,
    "knee_l.flex": 100,
    "knee_r.flex": 100,
    "ankle_l.flex": -32.5,
    "ankle_r.flex": -32.5,
}

POSTURES: Final = MappingProxyType(
    {
        "standing": pose(_ARMS_RELAXED),
        "seated": pose(
            _ARMS_RELAXED,
            {"hip_l.flex": 81, "hip_r.flex": 81, "knee_l.flex": 81, "knee_r.flex": 81},
            {"shoulder_l.flex": 20, "shoulder_r.flex": 20, "elbow_l.flex": 70, "elbow_r.flex": 70},
        ),
        "supine": pose(_LYING_ARMS, {"body.pitch": -90}),
        "supine-knees-bent": pose(_LYING_ARMS, _FLOOR_KNEES, {"body.pitch": -90}),
        "kneeling": pose(
            _ARMS_RELAXED,
            {"knee_l.flex": 90, "knee_r.flex": 90, "ankle_l.flex": -90, "ankle_r.flex": -90},
        ),
        "kneeling-on-heels": pose(
            _ARMS_RELAXED,
            {"hip_l.flex": 85, "hip_r.flex": 85, "knee_l.flex": 165, "knee_r.flex": 165},
            {"ankle_l.flex": -75, "ankle_r.flex": -75},
        ),
        "hands-and-knees": pose(
            {"body.pitch": 90, "neck.flex": -15},
            {"hip_l.flex": 90, "hip_r.flex": 90, "knee_l.flex": 90, "knee_r.flex": 90},
            {"ankle_l.flex": -90, "ankle_r.flex": -90},
            {"shoulder_l.flex": 90, "shoulder_r.flex": 90},
        ),
        "side-lying": pose(
            {"body.roll": 90, "hip_l.flex": 40, "hip_r.flex": 40, "knee_l.flex": 60},
            {"knee_r.flex": 60, "shoulder_l.flex": 90, "shoulder_r.flex": 60},
        ),
        "prone": pose(
            {"body.pitch": 90, "ankle_l.flex": -70, "ankle_r.flex": -70, "neck.flex": -20},
            {"shoulder_l.abduct": 80, "shoulder_r.abduct": 80, "elbow_l.flex": 90},
            {"elbow_r.flex": 90, "shoulder_l.flex": 30, "shoulder_r.flex": 30},
        ),
    }
)


def posture(name: str) -> Pose:
    """The named posture; raises KeyError naming the known postures."""
    try:
        return POSTURES[name]
    except KeyError:
        raise KeyError(f"unknown posture {name!r} (allowed: {', '.join(POSTURES)})") from None
