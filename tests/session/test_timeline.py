"""The timeline: cues in time order, lengths that add up to the doses, every side covered."""

from __future__ import annotations

import math
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backbeat.catalog.timing import dose_seconds, side_count
from backbeat.session import timeline as tl
from backbeat.session.timeline import Step, Timeline, build
from tests.session.strategies import CATALOGUE, sessions

FAST = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
KEYS = {"t", "kind", "text", "move", "side", "rep"}


def lasting(timeline: Timeline) -> list[tl.Event]:
    return [e for e in timeline.events if e.seconds is not None]


def of_step(timeline: Timeline, index: int, kind: str) -> list[tl.Event]:
    return [e for e in timeline.events if e.step == index and e.kind == kind]


def counted(step: Step) -> bool:
    return not tl._flowing(step.dose)


@FAST
@given(sessions)
def test_events_are_in_time_order_and_end_to_end(steps: list[Step]) -> None:
    timeline = build(steps)
    times = [e.t for e in timeline.events]
    assert times == sorted(times)
    cursor = 0.0
    for event in lasting(timeline):
        assert math.isclose(event.t, cursor, abs_tol=1e-9)
        cursor = event.end
    assert timeline.events[0].kind == "intro" and timeline.events[0].t == 0
    assert timeline.events[-1].kind == "done"
    assert math.isclose(timeline.events[-1].t, timeline.duration) and math.isclose(
        cursor, timeline.duration
    )


@FAST
@given(sessions)
def test_durations_add_up_to_the_doses(steps: list[Step]) -> None:
    """The movement time is exactly what the plan counts; only getting ready, the intro and
    changing sides are added."""
    timeline = build(steps)
    overhead = tl.INTRO_S
    for index, step in enumerate(steps):
        overhead += of_step(timeline, index, "prepare")[0].seconds or 0
        overhead += tl.SWITCH_S if step.dose.sides == "both" else 0
        playing = sum(
            e.seconds or 0 for e in lasting(timeline) if e.step == index and e.kind != "prepare"
        )
        switch = tl.SWITCH_S if step.dose.sides == "both" else 0
        assert math.isclose(playing - switch, dose_seconds(step.dose), abs_tol=1e-6)
    expected = overhead + sum(dose_seconds(s.dose) for s in steps)
    assert math.isclose(timeline.duration, expected, abs_tol=1e-6)


@FAST
@given(sessions)
def test_holds_match_the_dose_and_count_down(steps: list[Step]) -> None:
    timeline = build(steps)
    for index, step in enumerate(steps):
        holds = of_step(timeline, index, "hold")
        dose = step.dose
        if not dose.hold_s or not counted(step):
            assert holds == []
            continue
        assert all(h.seconds == dose.hold_s for h in holds)
        if not dose.duration_s:
            assert len(holds) == (dose.reps or 1) * side_count(dose)
        for hold in holds:
            ticks = [e for e in timeline.events if e.kind == "tick" and hold.t < e.t < hold.end]
            assert [int(t.text) for t in ticks] == list(
                range(math.ceil(hold.seconds or 0) - 1, 0, -1)
            )


@FAST
@given(sessions)
def test_both_sides_are_covered_in_the_right_order(steps: list[Step]) -> None:
    timeline = build(steps)
    for index, step in enumerate(steps):
        moves = of_step(timeline, index, "move")
        sides = [m.side for m in moves]
        if step.dose.sides == "none":
            assert set(sides) == {None}
            continue
        counts = Counter(sides)
        assert counts["left"] == counts["right"] > 0 and None not in counts
        if step.dose.sides == "both":
            switch = of_step(timeline, index, "switch")
            assert len(switch) == 1 and switch[0].side == "right"
            assert all(m.side == "left" for m in moves if m.t < switch[0].t)
            assert all(m.side == "right" for m in moves if m.t > switch[0].t)
        elif counted(step):
            assert sides == ["left", "right"] * (len(sides) // 2)


@FAST
@given(sessions, st.floats(0.25, 50))
def test_speed_divides_every_time(steps: list[Step], speed: float) -> None:
    normal, fast = build(steps), build(steps).scaled(speed)
    assert math.isclose(fast.duration, normal.duration / speed)
    for a, b in zip(normal.events, fast.events, strict=True):
        assert math.isclose(b.t, a.t / speed) and (a.kind, a.text) == (b.kind, b.text)
        if a.seconds is not None:
            assert b.seconds is not None and math.isclose(b.seconds, a.seconds / speed)


@FAST
@given(sessions)
def test_every_cue_is_finished_text(steps: list[Step]) -> None:
    for event in build(steps).events:
        assert event.text.strip() and "{" not in event.text and "}" not in event.text


def test_json_carries_the_contract_keys() -> None:
    steps = [Step.of(CATALOGUE.movements[m]) for m in ("knees-to-chest", "knee-rolls")]
    data = build(steps).as_json()
    assert set(data) == {"duration", "events"}
    for event in data["events"]:  # type: ignore[union-attr]
        assert set(event) >= KEYS
        lasts = event["kind"] not in ("tick", "done")
        assert ("seconds" in event) == lasts, event
        assert event["side"] in (None, "left", "right")


def test_a_session_speaks_in_varied_words() -> None:
    """Eight pelvic tilts do not say the same eight sentences."""
    steps = [Step.of(CATALOGUE.movements["pelvic-tilt"])]
    timeline = build(steps)
    for kind in ("move", "hold", "release", "rest"):
        texts = [e.text for e in timeline.events if e.kind == kind]
        assert len(set(texts)) >= 2, kind


def test_knee_rolls_say_which_way_and_count_down_the_holds() -> None:
    timeline = build([Step.of(CATALOGUE.movements["knee-rolls"])])
    moves = [e for e in timeline.events if e.kind == "move"]
    assert all(e.side in e.text for e in moves if e.side)
    hold = next(e for e in timeline.events if e.kind == "hold")
    assert "5 seconds" in hold.text
    assert [e.text for e in timeline.events if e.kind == "tick" and hold.t < e.t < hold.end] == [
        "4",
        "3",
        "2",
        "1",
    ]


def test_getting_down_to_the_floor_gets_more_time() -> None:
    steps = [Step.of(CATALOGUE.movements[m]) for m in ("seated-march", "neck-tilts", "knee-rolls")]
    timeline = build(steps)
    prepares = [e.seconds for e in timeline.events if e.kind == "prepare"]
    assert prepares == [tl.PREPARE_NEW_POSITION_S, tl.PREPARE_S, tl.PREPARE_NEW_POSITION_S]


def test_a_walk_is_cued_about_once_a_minute() -> None:
    timeline = build([Step.of(CATALOGUE.movements["walk-after-dinner"])])
    moves = [e for e in timeline.events if e.kind == "move"]
    assert len(moves) == 12 and all(50 <= (e.seconds or 0) <= 60 for e in moves)
    assert [e.kind for e in timeline.events[-2:]] == ["release", "done"]
