"""Motion frames for the browser: the same figure the SVG drawing makes, at the same times."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from backbeat.catalog.animation import grounded, movement_keys
from backbeat.catalog.loader import builtin
from backbeat.catalog.schema import Movement
from backbeat.motion.frames import PER_SPAN, frame, motion_frames, order, sample_times
from backbeat.motion.kinematics import forward
from backbeat.motion.pose import Key, pose
from backbeat.motion.skeleton import JOINTS
from backbeat.motion.svg import drawing, figure_svg

CATALOGUE = builtin()
movements: st.SearchStrategy[Movement] = st.sampled_from(
    sorted(CATALOGUE.movements.values(), key=lambda m: m.id)
)
BONES = sum(1 for joint in JOINTS if any(joint.offset))


@given(movements, st.booleans())
def test_at_each_keyframe_the_browser_draws_the_figure_the_svg_draws(
    movement: Movement, mirrored: bool
) -> None:
    placed = grounded(movement, mirrored=mirrored)
    view = movement.motion.view
    frames = motion_frames(placed, view)
    for key in placed.keys:
        at = frames["t"].index(round(key.t, 3))
        numbers = frames["p"][at]
        svg = figure_svg(placed.at(key.t).figure, view)
        lines = re.findall(
            r'class="bone[^"]*" x1="([-\d.]+)" y1="([-\d.]+)" x2="([-\d.]+)" y2="([-\d.]+)"', svg
        )
        drawn = sorted(tuple(round(float(v), 1) for v in line) for line in lines)
        sent = sorted(tuple(numbers[4 * i : 4 * i + 4]) for i in range(BONES))
        assert all(_near(a, b) for a, b in zip(drawn, sent, strict=True)), movement.id


def _near(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    """Equal but for the last digit's rounding (0.05 can round either way in binary)."""
    return all(abs(x - y) <= 0.11 for x, y in zip(a, b, strict=True))


@given(st.lists(st.floats(0.1, 20), min_size=1, max_size=8), st.integers(1, 10))
def test_sample_times_hold_every_keyframe_in_order(gaps: list[float], per_span: int) -> None:
    times = [0.0]
    for gap in gaps:
        times.append(times[-1] + gap)
    keys = [Key(t, pose(), "move") for t in times]
    sampled = sample_times(keys, per_span)
    assert len(sampled) == 1 + per_span * len(gaps)
    assert sampled == sorted(sampled)
    for t in times:
        assert min(abs(t - s) for s in sampled) < 1e-9


@given(movements)
def test_every_frame_draws_every_bone_and_the_head_once(movement: Movement) -> None:
    placed = grounded(movement)
    frames = motion_frames(placed, movement.motion.view)
    assert len(frames["t"]) == 1 + PER_SPAN * (len(placed.keys) - 1)
    for numbers, drawn_order in zip(frames["p"], frames["o"], strict=True):
        assert len(numbers) == 4 * BONES + 4
        assert sorted(drawn_order) == list(range(BONES + 1))


def test_frame_and_order_follow_the_drawing() -> None:
    knees = movement_keys(CATALOGUE.movements["knees-to-chest"])
    drawn = drawing(forward(knees[1].pose), "side")
    numbers = frame(drawn)
    assert numbers[:4] == [
        round(v, 1)
        for v in (drawn.bones[0].x1, drawn.bones[0].y1, drawn.bones[0].x2, drawn.bones[0].y2)
    ]
    depths = [b.depth for b in drawn.bones] + [drawn.head[2]]
    assert [depths[i] for i in order(drawn)] == sorted(depths)
