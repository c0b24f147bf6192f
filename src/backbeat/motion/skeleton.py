"""The stick-figure skeleton that every movement's keyframes are written against.

This model is a contract shared by the catalogue, the animation, the session pacing and (later)
camera checks, so it is versioned: change ``SKELETON_VERSION`` whenever a joint, a degree of
freedom, a sign or a segment changes meaning, and migrate the catalogue with it.

Conventions (version 2)
-----------------------
* Body frame: ``x`` points forward (where the chest faces), ``y`` up, ``z`` to the person's right.
  The standing neutral posture has every angle at 0; lengths are fractions of body height.
* Angles are degrees, relative to the parent segment, and named anatomically so that a positive
  value means the same thing on both sides of the body:

  ========== ============================================================================
  joint      degrees of freedom (positive direction)
  ========== ============================================================================
  body       pitch (tip forward: 90 lies face down, -90 face up), roll (onto the left
             side), yaw (turn left). Root of the figure; where it stands in the room is not
             an angle but found by :mod:`backbeat.motion.ground` from the contacts.
  pelvis     tilt (anterior tilt: arching the low back), hike (left side up), turn (left)
  spine_lower, spine_upper
             flex (bend forward; negative arches back), side (bend to the left),
             twist (turn the upper part to the left)
  neck       flex (chin down), side (left ear to left shoulder), twist (look left)
  clavicle_l/_r elevate (shrug up), retract (shoulder blade back)
  shoulder_l/_r flex (arm forward and up; 180 is overhead), abduct (out to the side),
             rotate (internal rotation)
  elbow_l/_r flex
  hip_l/_r   flex (thigh forward and up), abduct (out to the side), rotate (internal)
  knee_l/_r  flex (heel towards the buttock)
  ankle_l/_r flex (toes up)
  ========== ============================================================================

* A joint applies its rotations in the order flex-like (about the side-to-side axis), then
  side-like (about the front-to-back axis), then twist-like (about the segment's long axis).
* Mirroring a pose swaps ``_l`` and ``_r`` joints and negates every left/right-handed degree of
  freedom (``side``, ``twist``, ``turn``, ``hike``, ``roll``, ``yaw``): this is how a movement
  written for the left side is played for the right.
* Named points (:data:`POINTS`) are where a figure can bear weight and what the frames contract
  reports: joint centres, plus the hands, heels and toes at the ends of the limbs and the centre
  of the head. ``FLESH`` is how far each point's centre sits above the surface it rests on (a
  lying head rests on the back of the skull, a seated pelvis on the buttocks).

Version 2 added root translation, the named points and the contacts a keyframe declares; the
angles mean what they meant in version 1, so a version-1 file is a version-2 file without contacts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

SKELETON_VERSION = 2

Axis = Literal["x", "y", "z"]


@dataclass(frozen=True, slots=True)
class Dof:
    """One named degree of freedom: the axis it turns about and the sign that makes it anatomical.

    ``left_sign`` and ``right_sign`` differ for limb movements such as abduction, where "out to
    the side" turns the left and the right leg in opposite directions.
    """

    name: str
    axis: Axis
    left_sign: float
    right_sign: float
    handed: bool = False  # negated when a pose is mirrored to the other side


@dataclass(frozen=True, slots=True)
class Joint:
    """A joint moves a segment starting at ``origin`` (in the parent frame) along ``offset``."""

    name: str
    parent: str | None
    origin: tuple[float, float, float]
    offset: tuple[float, float, float]
    dofs: tuple[Dof, ...]
    side: Literal["l", "r"] | None = None


def _flex(sign: float) -> Dof:
    return Dof("flex", "z", sign, sign)


_TRUNK = (Dof("flex", "z", -1, -1), Dof("side", "x", -1, -1, True), Dof("twist", "y", 1, 1, True))
_LIMB_OUT = Dof("abduct", "x", 1, -1)
_LIMB_ROT = Dof("rotate", "y", -1, 1)

_PELVIS_HALF_WIDTH = 0.095
_CLAVICLE = 0.13


def _pair(
    name: str,
    parent: str,
    origin: tuple[float, float, float],
    offset: tuple[float, float, float],
    dofs: tuple[Dof, ...],
) -> tuple[Joint, Joint]:
    """Both sides of a limb joint; the left one sits at negative z (the person's left).

    A parent ending in ``_`` is itself paired (``hip_`` becomes ``hip_l`` or ``hip_r``).
    """
    ox, oy, oz = origin
    fx, fy, fz = offset

    def parent_on(side: str) -> str:
        return parent + side if parent.endswith("_") else parent

    left = Joint(f"{name}_l", parent_on("l"), (ox, oy, -oz), (fx, fy, -fz), dofs, "l")
    right = Joint(f"{name}_r", parent_on("r"), (ox, oy, oz), (fx, fy, fz), dofs, "r")
    return left, right


_ROOT_DOFS = (
    Dof("pitch", "z", -1, -1),
    Dof("roll", "x", -1, -1, True),
    Dof("yaw", "y", 1, 1, True),
)
_PELVIS_DOFS = (
    Dof("tilt", "z", -1, -1),
    Dof("hike", "x", 1, 1, True),
    Dof("turn", "y", 1, 1, True),
)
_CLAVICLE_DOFS = (Dof("elevate", "x", 1, -1), Dof("retract", "y", 1, -1))
_LIMB_DOFS = (_flex(1), _LIMB_OUT, _LIMB_ROT)


def _build() -> tuple[Joint, ...]:
    return (
        Joint("body", None, (0, 0, 0), (0, 0, 0), _ROOT_DOFS),
        Joint("pelvis", "body", (0, 0, 0), (0, 0, 0), _PELVIS_DOFS),
        Joint("spine_lower", "pelvis", (0, 0, 0), (0, 0.12, 0), _TRUNK),
        Joint("spine_upper", "spine_lower", (0, 0.12, 0), (0, 0.17, 0), _TRUNK),
        Joint("neck", "spine_upper", (0, 0.17, 0), (0, 0.11, 0), _TRUNK),
        *_pair("clavicle", "spine_upper", (0, 0.17, 0), (0, 0, _CLAVICLE), _CLAVICLE_DOFS),
        *_pair("shoulder", "clavicle_", (0, 0, _CLAVICLE), (0, -0.186, 0), _LIMB_DOFS),
        *_pair("elbow", "shoulder_", (0, -0.186, 0), (0, -0.226, 0), (_flex(1),)),
        *_pair("hip", "pelvis", (0, 0, _PELVIS_HALF_WIDTH), (0, -0.245, 0), _LIMB_DOFS),
        *_pair("knee", "hip_", (0, -0.245, 0), (0, -0.246, 0), (_flex(-1),)),
        *_pair("ankle", "knee_", (0, -0.246, 0), (0.13, -0.02, 0), (_flex(1),)),
    )


JOINTS: tuple[Joint, ...] = _build()
JOINTS_BY_NAME: dict[str, Joint] = {joint.name: joint for joint in JOINTS}

HEAD_RADIUS = 0.065
HEEL = (-0.035, -0.02, 0.0)  # from the ankle, in the foot's frame: level with the toes

POINTS: tuple[str, ...] = (
    "pelvis",
    "spine_upper",
    "neck",
    "head",
    *(f"{name}_{side}" for side in "lr" for name in ("shoulder", "elbow", "hand")),
    *(f"{name}_{side}" for side in "lr" for name in ("hip", "knee", "ankle", "heel", "toe")),
)

_FLESH_BY_KIND = {
    "pelvis": 0.055,
    "spine_upper": 0.06,
    "neck": 0.05,
    "head": HEAD_RADIUS,
    "shoulder": 0.045,
    "elbow": 0.025,
    "hand": 0.012,
    "hip": 0.025,
    "knee": 0.03,
    "ankle": 0.02,
    "heel": 0.0,
    "toe": 0.0,
}
FLESH: dict[str, float] = {
    p: _FLESH_BY_KIND[p.removesuffix("_l").removesuffix("_r")] for p in POINTS
}


def dof_names(joint: str) -> tuple[str, ...]:
    """The degrees of freedom a joint accepts, in the order they are applied."""
    return tuple(dof.name for dof in JOINTS_BY_NAME[joint].dofs)


def mirrored_joint(name: str) -> str:
    """The same joint on the other side of the body (unchanged for joints on the midline)."""
    if name.endswith("_l"):
        return name[:-2] + "_r"
    if name.endswith("_r"):
        return name[:-2] + "_l"
    return name


def is_handed(joint: str, dof: str) -> bool:
    """Whether a degree of freedom changes sign when a pose is mirrored to the other side."""
    return any(d.name == dof and d.handed for d in JOINTS_BY_NAME[joint].dofs)
