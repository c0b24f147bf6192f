"""Motion frames for the browser: the same figure the SVG drawing makes, at the same times."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from backbeat.catalog.animation import grounded, movement_keys
from backbeat.catalog.loader import builtin
from backbeat.catalog.schema import Movement
from backbeat.motion.frames import PER_SPAN, frame, motion_frames, sample_times
from backbeat.motion.kinematics import forward
from backbeat.motion.outline import HEAD, PARTS
from backbeat.motion.pose import Key, pose
from backbeat.motion.svg import DRAWN, drawing, figure_svg, order, part_d

CATALOGUE = builtin()
movements: st.SearchStrategy[Movement] = st.sampled_from(
    sorted(CATALOGUE.movements.values(), key=lambda m: m.id)
)


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
        sent = {name: (numbers[2 * i], numbers[2 * i + 1]) for i, name in enumerate(DRAWN)}
        svg = figure_svg(placed.at(key.t).figure, view)
        drawn = re.findall(r'class="part [a-z]+"[^>]* d="([^"]+)"', svg)
        expected = [part_d(PARTS[i], sent) for i in frames["o"][at] if i != HEAD]
        assert [_numbers(d) for d in drawn] == [_numbers(d) for d in expected] or all(
            _near(_numbers(a), _numbers(b)) for a, b in zip(drawn, expected, strict=True)
        ), movement.id


def _numbers(d: str) -> list[float]:
    return [float(v) for v in re.findall(r"-?\d+\.?\d*", d)]


def _near(a: list[float], b: list[float]) -> bool:
    """Equal but for rounding: the browser's points carry one decimal, the server's all."""
    return len(a) == len(b) and all(abs(x - y) <= 0.6 for x, y in zip(a, b, strict=True))


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
def test_every_frame_draws_every_part_and_the_head_once(movement: Movement) -> None:
    placed = grounded(movement)
    inset = movement.motion.inset
    frames = motion_frames(placed, movement.motion.view, inset)
    views = 2 if inset else 1
    assert len(frames["t"]) == 1 + PER_SPAN * (len(placed.keys) - 1)
    for numbers, drawn_order in zip(frames["p"], frames["o"], strict=True):
        assert len(numbers) == 2 * len(DRAWN) * views
        assert sorted(drawn_order) == list(range((HEAD + 1) * views))


def test_frame_and_order_follow_the_drawing() -> None:
    knees = movement_keys(CATALOGUE.movements["knees-to-chest"])
    drawn = drawing(forward(knees[1].pose), "side")
    numbers = frame(drawn)
    assert numbers[:2] == [round(v, 1) for v in drawn.points[DRAWN[0]]]
    ranked = order(drawn)
    assert sorted(ranked) == list(range(HEAD + 1))
    assert ranked.index(PARTS.index(next(p for p in PARTS if p.name == "leg_l"))) < ranked.index(
        PARTS.index(next(p for p in PARTS if p.name == "leg_r"))
    ), "seen from the right, the left leg is behind the right one"
