"""Choosing what a session plays: the slot due now, the day a night belongs to, micro-breaks."""

from __future__ import annotations

from datetime import date, datetime, time

from hypothesis import given
from hypothesis import strategies as st

from backbeat.plan.model import DayPlan, Item, Slot
from backbeat.plan.today import done_today, due, minutes_awake, plan_day
from backbeat.records import MoveRecord
from backbeat.session.choose import micro_break
from backbeat.session.timeline import build
from tests.session.strategies import CATALOGUE

WAKE = time(7, 0)
DAY = date(2026, 11, 23)


def slot(offset: int, *moves: str) -> Slot:
    items = tuple(Item(m, (("reps", 3),), "why", 30.0) for m in moves)
    return Slot(offset, f"{offset}", "desk", "desk", items, id=f"2026-11-23/desk-{offset}")


SLOTS = [slot(60, "neck-tilts"), slot(120, "shoulder-rolls"), slot(180, "neck-tilts")]


def test_the_last_begun_slot_is_due_or_else_the_next() -> None:
    assert due(SLOTS, 10) == SLOTS[0]
    assert due(SLOTS, 130) == SLOTS[1]
    assert due(SLOTS, 500) == SLOTS[2]
    assert due(SLOTS, 130, done={SLOTS[1].id}) == SLOTS[2]
    assert due(SLOTS, 500, done={SLOTS[2].id}) is None
    assert due([], 10) is None


@given(st.integers(0, 1439), st.sets(st.sampled_from([s.id for s in SLOTS])))
def test_a_due_slot_is_never_one_already_done(awake: int, done: set[str]) -> None:
    chosen = due(SLOTS, awake, done)
    if chosen is not None:
        assert chosen.id not in done
        later_begun = [s for s in SLOTS if chosen.offset < s.offset <= awake]
        assert not later_begun or chosen.offset > awake


def test_a_check_in_marks_only_the_slot_it_falls_in() -> None:
    day = DayPlan(DAY, tuple(SLOTS))
    now = datetime(2026, 11, 23, 11, 0)
    at = datetime(2026, 11, 23, 8, 5)  # 65 minutes after waking: the first slot
    done = done_today(day, [MoveRecord(at=at, move="neck-tilts", pain_during=1)], now, WAKE)
    assert done == {SLOTS[0].id}
    other = MoveRecord(at=at, move="shoulder-rolls", pain_during=1)
    assert done_today(day, [other], now, WAKE) == set()
    yesterday = MoveRecord(at=at.replace(day=22), move="neck-tilts", pain_during=1)
    assert done_today(day, [yesterday], now, WAKE) == set()


def test_after_midnight_on_a_late_night_still_belongs_to_the_day_before() -> None:
    late = datetime(2026, 11, 24, 1, 30)
    assert plan_day(late, time(14, 0)) == date(2026, 11, 23)
    assert minutes_awake(late, time(14, 0)) == 11 * 60 + 30
    assert plan_day(datetime(2026, 11, 23, 7, 0), WAKE) == DAY


def test_a_micro_break_is_two_gentle_movements_of_about_two_minutes() -> None:
    for place in ("desk", "car", "standing", "floor", "bed", "sofa"):
        for offset in range(7):
            steps = micro_break(CATALOGUE, place, date.fromordinal(DAY.toordinal() + offset))
            assert len(steps) == 2
            assert all(place in s.movement.places and s.movement.effort <= 2 for s in steps)
            assert 100 <= build(steps).duration <= 145, (place, build(steps).duration)
