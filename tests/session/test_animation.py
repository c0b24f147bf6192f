"""What the figure does in each cue: the next stretch of keyframes, on the cue's side."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from backbeat.catalog.animation import movement_keys
from backbeat.session.animation import LOOP_FROM, spans
from backbeat.session.timeline import Step, build
from tests.session.strategies import CATALOGUE, sessions


@given(sessions, st.sampled_from([1.0, 3.0, 40.0]))
def test_every_lasting_cue_plays_a_stretch_of_its_own_movement(
    steps: list[Step], speed: float
) -> None:
    timeline = build(steps).scaled(speed)
    found = spans(timeline)
    assert len(found) == len(timeline.events)
    for event, span in zip(timeline.events, found, strict=True):
        if event.kind in ("tick", "done"):
            assert span is None
            continue
        assert span is not None
        step = 0 if event.step is None else event.step
        movement = timeline.steps[step].movement
        assert span.move == movement.id and span.step == step
        assert span.mirrored == (event.side == "right")
        keys = movement_keys(movement)
        assert keys[0].t <= span.start <= span.end <= keys[-1].t
        if event.kind in ("intro", "prepare", "switch"):
            assert span.start == span.end == keys[0].t  # the starting position, still
        if span.loops > 1:
            assert (event.seconds or 0) * speed >= LOOP_FROM * (keys[-1].t - keys[0].t)


@given(sessions)
def test_moving_cues_move_the_figure(steps: list[Step]) -> None:
    timeline = build(steps)
    for event, span in zip(timeline.events, spans(timeline), strict=True):
        if event.kind in ("move", "release") and span is not None:
            phases = {k.phase for k in movement_keys(timeline.steps[span.step].movement)[1:]}
            if phases - {"hold", "rest"}:
                assert span.end > span.start, (span, event)


def test_a_hold_holds_and_a_rest_keeps_still_between_repetitions() -> None:
    timeline = build([Step.of(CATALOGUE.movements["knees-to-chest"])])
    shown = [
        (e.kind, s.start, s.end)
        for e, s in zip(timeline.events, spans(timeline), strict=True)
        if s is not None and e.kind in ("move", "hold", "release", "rest")
    ]
    assert shown[:5] == [
        ("move", 0, 3),  # the keyframes: start 0, move 3, hold 11, release 14
        ("hold", 3, 11),
        ("release", 11, 14),
        ("rest", 14, 14),
        ("move", 0, 3),
    ]


def test_a_repetition_longer_than_a_cue_goes_on_where_it_left_off() -> None:
    timeline = build([Step.of(CATALOGUE.movements["cat-cow"])])
    stretches = [(s.start, s.end) for s in spans(timeline) if s is not None and s.end > s.start]
    assert stretches[:5] == [(0, 3), (3, 6), (6, 9), (9, 12), (0, 3)]  # cat, then cow, in turn


def test_a_walk_loops_its_steps_through_each_long_cue() -> None:
    timeline = build([Step.of(CATALOGUE.movements["short-walk"])])
    walking = [s for e, s in zip(timeline.events, spans(timeline), strict=True) if e.kind == "move"]
    assert walking and all(s is not None and s.loops > 10 for s in walking)
