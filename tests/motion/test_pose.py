"""Poses over time: easing stays between keyframes, mirroring is its own inverse."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from backbeat.motion.pose import Key, blend, keys_from, mirror, pose, pose_key_problem, sample
from backbeat.motion.skeleton import JOINTS

KEYS = [f"{j.name}.{d.name}" for j in JOINTS for d in j.dofs]
angles = st.floats(min_value=-180, max_value=180, allow_nan=False)
poses = st.dictionaries(st.sampled_from(KEYS), angles, max_size=8).map(pose)


@given(poses, poses, st.floats(min_value=-1, max_value=2, allow_nan=False))
def test_a_blend_never_overshoots_its_two_poses(
    a: dict[str, float], b: dict[str, float], f: float
) -> None:
    mid = blend(a, b, f)
    for key, value in mid.items():
        low, high = sorted((a.get(key, 0.0), b.get(key, 0.0)))
        assert low - 1e-9 <= value <= high + 1e-9


@given(poses)
def test_mirroring_twice_gives_the_same_pose(p: dict[str, float]) -> None:
    assert dict(mirror(mirror(p))) == dict(p)


def test_mirroring_swaps_sides_and_turns_the_other_way() -> None:
    mirrored = mirror(pose({"hip_l.flex": 90, "spine_lower.twist": 30, "hip_l.abduct": 10}))
    assert dict(mirrored) == {"hip_r.flex": 90, "spine_lower.twist": -30, "hip_r.abduct": 10}


@given(
    st.lists(st.floats(min_value=0.1, max_value=10), min_size=1, max_size=6),
    poses,
    st.floats(0, 80),
)
def test_sampling_starts_at_the_first_key_and_rests_on_the_last(
    gaps: list[float], change: dict[str, float], t: float
) -> None:
    times = [0.0]
    for gap in gaps:
        times.append(times[-1] + gap)
    keys = [Key(0.0, pose(), "start")] + [Key(tt, change, "move") for tt in times[1:]]
    assert dict(sample(keys, 0)) == {}
    assert dict(sample(keys, times[-1] + 1)) == dict(change)
    for key, value in sample(keys, t).items():
        assert min(0.0, change[key]) - 1e-9 <= value <= max(0.0, change[key]) + 1e-9


def test_keyframes_accumulate_on_the_base() -> None:
    keys = keys_from(
        pose({"body.pitch": -90}),
        [
            (0, "start", {}, ["heel_l"]),
            (2, "move", {"hip_l": {"flex": 90}}, None),
            (4, "move", {"knee_l": {"flex": 45}}, ["pelvis"]),
        ],
    )
    assert dict(keys[-1].pose) == {"body.pitch": -90, "hip_l.flex": 90, "knee_l.flex": 45}
    assert [set(k.contacts) for k in keys] == [{"heel_l"}, {"heel_l"}, {"pelvis"}]
    right = keys_from(
        pose(),
        [(0, "start", {}, ["toe_l"]), (1, "move", {"hip_l": {"flex": 90}}, None)],
        mirrored=True,
    )
    assert dict(right[-1].pose) == {"hip_r.flex": 90}
    assert right[-1].contacts == {"toe_r"}


def test_unknown_joints_and_movements_are_explained() -> None:
    assert pose_key_problem("hip_l.flex") is None
    assert "unknown joint 'tail'" in (pose_key_problem("tail.flex") or "")
    assert "allowed: flex, abduct, rotate" in (pose_key_problem("hip_l.wiggle") or "")
