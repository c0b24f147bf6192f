"""The skeleton's conventions hold: a positive angle moves a limb the way its name says."""

from __future__ import annotations

import pytest

from backbeat.motion.kinematics import Figure, forward, lowest
from backbeat.motion.pose import pose
from backbeat.motion.postures import POSTURES
from backbeat.motion.skeleton import JOINTS, SKELETON_VERSION

FORWARD, UP, RIGHT = 0, 1, 2


def end(figure: Figure, joint: str) -> tuple[float, float, float]:
    return next(s.end for s in figure.segments if s.joint == joint)


def start(figure: Figure, joint: str) -> tuple[float, float, float]:
    return next(s.start for s in figure.segments if s.joint == joint)


def test_version_and_every_joint_has_a_parent_before_it() -> None:
    assert SKELETON_VERSION == 2
    seen: set[str] = set()
    for joint in JOINTS:
        assert joint.parent is None or joint.parent in seen, joint.name
        seen.add(joint.name)


def test_standing_neutral_is_upright_and_facing_forward() -> None:
    figure = forward(pose())
    assert figure.head[UP] > end(figure, "spine_upper")[UP] > 0 > end(figure, "hip_l")[UP]
    assert figure.facing == pytest.approx((1, 0, 0))
    assert end(figure, "hip_l")[RIGHT] < 0 < end(figure, "hip_r")[RIGHT]  # left is negative z


@pytest.mark.parametrize(
    ("change", "point", "axis", "direction"),
    [
        ({"hip_l.flex": 90}, "hip_l", FORWARD, 1),
        ({"hip_r.flex": 90}, "hip_r", FORWARD, 1),
        ({"hip_l.abduct": 45}, "hip_l", RIGHT, -1),
        ({"hip_r.abduct": 45}, "hip_r", RIGHT, 1),
        ({"shoulder_l.flex": 90}, "shoulder_l", FORWARD, 1),
        ({"spine_lower.flex": 40}, "spine_upper", FORWARD, 1),
        ({"spine_lower.flex": -20}, "spine_upper", FORWARD, -1),
        ({"spine_lower.side": 30}, "spine_upper", RIGHT, -1),
        ({"neck.flex": 40}, "neck", FORWARD, 1),
        ({"clavicle_l.elevate": 20}, "clavicle_l", UP, 1),
        ({"clavicle_r.elevate": 20}, "clavicle_r", UP, 1),
        ({"clavicle_l.retract": 20}, "clavicle_l", FORWARD, -1),
        ({"clavicle_r.retract": 20}, "clavicle_r", FORWARD, -1),
        ({"body.pitch": 90}, "spine_upper", FORWARD, 1),
        ({"body.roll": 90}, "spine_upper", RIGHT, -1),
    ],
)
def test_positive_angles_move_the_named_way(
    change: dict[str, float], point: str, axis: int, direction: int
) -> None:
    before = end(forward(pose()), point)[axis]
    after = end(forward(pose(change)), point)[axis]
    assert (after - before) * direction > 0.01


def test_knee_flexion_takes_the_heel_back_and_ankle_flexion_lifts_the_toes() -> None:
    bent = forward(pose({"knee_l.flex": 90}))
    assert end(bent, "knee_l")[FORWARD] < start(bent, "knee_l")[FORWARD] - 0.2
    toes_up = forward(pose({"ankle_l.flex": 30}))
    assert end(toes_up, "ankle_l")[UP] > end(forward(pose()), "ankle_l")[UP]


def test_twisting_left_turns_the_chest_towards_the_left() -> None:
    turned = forward(pose({"spine_lower.twist": 45}))
    # the right shoulder comes forward when the chest turns left
    assert end(turned, "clavicle_r")[FORWARD] > 0.05 > end(turned, "clavicle_l")[FORWARD]


def test_lying_postures_face_the_right_way_and_lie_low() -> None:
    supine, prone = forward(POSTURES["supine"]), forward(POSTURES["prone"])
    assert supine.facing[UP] > 0.9
    assert prone.facing[UP] < -0.5
    for figure in (supine, prone):
        assert figure.head[UP] - lowest(figure) < 0.3


def test_every_posture_is_drawable_and_sensible() -> None:
    for name, p in POSTURES.items():
        figure = forward(p)
        height = max(max(s.end[UP], s.start[UP]) for s in figure.segments) - lowest(figure)
        assert 0.05 < height < 1.0, name
