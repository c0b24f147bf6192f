"""Each branch of the pain-monitoring model, on hand-written histories."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from backbeat.plan.progression import progress, week_of
from backbeat.records import MorningRecord, MoveRecord, Record
from tests.journal.strategies import records
from tests.plan.strategies import CATALOGUE, histories

WEEK1 = date(2026, 11, 2)  # a Monday
WEEK2 = WEEK1 + timedelta(days=7)


def did(move: str, day: int, pain: int, *, sharp: bool = False) -> MoveRecord:
    at = datetime.combine(WEEK1 + timedelta(days=day), datetime.min.time()).replace(hour=8)
    return MoveRecord(at=at, move=move, pain_during=pain, sharp=sharp)


def morning(day: int, pain: int) -> MorningRecord:
    at = datetime.combine(WEEK1 + timedelta(days=day), datetime.min.time()).replace(hour=7)
    return MorningRecord(at=at, morning_pain=pain)


def state(records: list[Record], start: date = WEEK2, usual: int = 4):  # type: ignore[no-untyped-def]
    return progress(records, CATALOGUE, start, usual)


def test_week_one_is_the_week_of_the_first_record() -> None:
    assert week_of([did("pelvic-tilt", 2, 1)], WEEK1 + timedelta(days=13)) == (WEEK1, 2)
    assert week_of([], WEEK1) == (WEEK1, 1)


def test_tolerated_three_times_steps_to_the_harder_variation() -> None:
    result = state([did("knee-rolls", d, 2) for d in range(3)])
    assert result.current("knee-rolls") == "knee-rolls-lifted"
    assert [(c.move, c.change, c.to) for c in result.changes] == [
        ("knee-rolls", "harder", "knee-rolls-lifted")
    ]


def test_no_more_than_two_steps_up_a_week() -> None:
    records = [
        did(m, d, 1)
        for m in ("knee-rolls", "knee-sway", "pelvic-rocking", "neck-tilts")
        for d in range(3)
    ]
    grown = [c for c in state(records).changes if c.change in ("harder", "added")]
    assert len(grown) == 2


def test_four_or_five_holds_steady() -> None:
    result = state([did("knee-rolls", d, 4 + d % 2) for d in range(4)])
    assert result.current("knee-rolls") == "knee-rolls"
    assert result.changes[0].change == "steady"


def test_six_or_more_steps_back_to_the_easier_variation() -> None:
    result = state([did("knees-to-chest", 1, 6)])
    assert result.current("knees-to-chest") == "single-knee-to-chest"
    assert result.changes[0].change == "easier" and "6/10" in result.changes[0].why


def test_a_flare_next_morning_steps_back_too() -> None:
    records: list[Record] = [morning(d, 2) for d in range(3)]
    records += [did("knees-to-chest", 3, 2), morning(4, 5)]
    assert state(records).current("knees-to-chest") == "single-knee-to-chest"


def test_no_easier_variation_means_a_week_off() -> None:
    easiest = next(m.id for m in CATALOGUE.movements.values() if not m.easier and m.kind == "micro")
    result = state([did(easiest, 2, 7)])
    assert easiest in result.paused
    assert result.changes[0].change == "paused"


def test_sharp_pain_leaves_the_movement_out_and_suggests_a_clinician() -> None:
    result = state([did("child-pose", 2, 1, sharp=True)])
    assert "child-pose" in result.paused
    assert "clinician" in result.changes[0].why


def test_a_pause_lasts_one_week() -> None:
    records = [did("child-pose", 2, 1, sharp=True)]
    assert "child-pose" not in state(records, WEEK2 + timedelta(days=7)).paused


def test_records_on_or_after_the_start_are_not_used() -> None:
    assert state([did("knee-rolls", d, 1) for d in range(7, 10)]).changes == ()


def test_stopping_a_movement_because_it_hurt_steps_back() -> None:
    """A "this hurts" record from a session, even one with no pain score, means easier."""
    at = datetime.combine(WEEK1, datetime.min.time()).replace(hour=8)
    result = state([did("knee-rolls", 0, 1), MoveRecord(at=at, move="knee-rolls", hurt=True)])
    assert result.current("knee-rolls") == "knee-sway"
    [change] = result.changes
    assert change.change == "easier" and "hurt" in change.why


def test_a_record_without_pain_must_say_it_hurt() -> None:
    from backbeat.records import parse_lines

    records, problems = parse_lines(['{"at": "2026-11-02T08:00:00", "move": "knee-rolls"}'], "h")
    assert records == [] and "h: line 1: pain_during: is missing" in str(problems[0])
    records, problems = parse_lines(
        ['{"at": "2026-11-02T08:00:00", "move": "knee-rolls", "hurt": true}'], "h"
    )
    assert problems == [] and len(records) == 1


@settings(max_examples=50, deadline=None)
@given(histories(datetime(2026, 11, 2)), st.lists(records, max_size=6))
def test_only_check_ins_move_the_programme(history: list[Record], others: list[Record]) -> None:
    """Sessions, reviews, reminders and plans given are kept, but they say nothing about how a
    movement felt: adding them changes neither week 1 nor any decision."""
    extra = [r for r in others if not isinstance(r, MoveRecord | MorningRecord)]
    assert state([*history, *extra]) == state(history)


def test_times_with_and_without_a_zone_can_share_a_history() -> None:
    zoned = did("knee-rolls", 1, 2).at.replace(tzinfo=timezone(timedelta(hours=1)))
    records: list[Record] = [
        did("knee-rolls", 0, 2),
        MoveRecord(at=zoned, move="knee-rolls", pain_during=2),
        did("knee-rolls", 2, 2),
    ]
    assert state(records).current("knee-rolls") == "knee-rolls-lifted"
