"""The progress report's rules: the window, each day's figures, adherence and streaks, the pain
trend, and per-movement verdicts that agree with progression."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from backbeat.plan.progression import HOLD_MAX, TOLERATED_MAX, progress
from backbeat.progress.report import ProgressReport, progress_report, streaks
from backbeat.records import (
    MorningRecord,
    MoveRecord,
    Record,
    ReviewRecord,
    SessionRecord,
)
from tests.plan.strategies import CATALOGUE

ZONE = timezone(timedelta(hours=1))
TODAY = date(2026, 11, 22)  # a Sunday
MOVES = sorted(CATALOGUE.movements)


def at(day: date, hour: int = 8) -> datetime:
    return datetime.combine(day, datetime.min.time(), ZONE).replace(hour=hour)


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def did(day: date, pain: int | None = 2, move: str = "knee-rolls", **more: object) -> MoveRecord:
    return MoveRecord.model_validate(
        {"at": at(day), "move": move, "pain_during": pain, **more, "hurt": more.get("hurt", False)}
    )


def woke(day: date, pain: int) -> MorningRecord:
    return MorningRecord(at=at(day, 7), morning_pain=pain)


def report(records: list[Record], planned: dict[date, int] | None = None, weeks: int = 4):  # type: ignore[no-untyped-def]
    return progress_report(records, planned or {}, TODAY, weeks)


def test_an_empty_journal_gives_an_empty_report_that_still_has_its_json_shape() -> None:
    empty = report([])
    assert empty.empty and empty.days == ()
    data = empty.as_json()
    assert data["start"] is None and data["days"] == [] and data["moves"] == []
    assert data["adherence"] == {
        "planned": 0,
        "done": 0,
        "percent": None,
        "active_days": 0,
        "current_streak": 0,
        "longest_streak": 0,
        "slots_planned": 0,
        "slots_done": 0,
        "slots_percent": None,
        "today_planned": None,
        "today_done": 0,
    }
    json.dumps(data)


def test_the_window_is_n_weeks_ending_today_but_never_before_the_first_record() -> None:
    long_ago = report([did(ago(100))])
    assert len(long_ago.days) == 28 and long_ago.days[-1].date == TODAY
    assert long_ago.days[0].date == ago(27)
    assert [d.date for d in report([did(ago(3))]).days] == [ago(n) for n in (3, 2, 1, 0)]
    assert len(report([did(ago(100))], weeks=1).days) == 7


def test_records_after_today_are_left_out() -> None:
    later = report([did(ago(1)), did(TODAY + timedelta(days=1), 9)])
    assert [d.date for d in later.days] == [ago(1), TODAY]
    assert later.adherence.done == 1 and later.days[-1].pain is None
    assert report([did(TODAY + timedelta(days=2))]).empty


def test_each_day_counts_check_ins_and_sessions_and_averages_every_pain_score() -> None:
    day = ago(2)
    records: list[Record] = [
        woke(day, 5),
        did(day, 2),
        did(day, 3, "pelvic-tilt"),
        did(day, None, "bird-dog", hurt=True),
        SessionRecord(at=at(day), ended=at(day, 9), session=["knee-rolls"], done=["knee-rolls"]),
    ]
    found = {d.date: d for d in report(records, {day: 6}).days}
    assert found[day].planned == 6 and found[day].done == 3 and found[day].sessions == 1
    assert found[day].pain == (5 + 2 + 3) / 3
    assert found[ago(1)].planned is None and found[ago(1)].done == 0
    assert found[ago(1)].pain is None and found[ago(1)].pain_7day == found[day].pain


def test_the_7_day_average_is_of_daily_means_and_reaches_back_before_the_window() -> None:
    records: list[Record] = [woke(ago(9), 8), woke(ago(8), 6), did(ago(8), 2), woke(ago(2), 1)]
    first = report(records, weeks=1).days[0]  # ago(6): the 7 days back to ago(12)
    assert first.pain is None and first.pain_7day == (8 + (6 + 2) / 2) / 2
    assert report(records, weeks=1).days[-1].pain_7day == 1


def test_percent_caps_each_day_at_its_plan_and_today_never_lowers_it() -> None:
    planned = {ago(2): 4, ago(1): 4, TODAY: 4}
    records: list[Record] = [did(ago(2)) for _ in range(8)] + [did(ago(1)) for _ in range(2)]
    a = report(records, planned).adherence
    assert (a.planned, a.done) == (12, 10)
    assert a.percent == round(100 * (4 + 2) / (4 + 4))  # extra on one day covers no other
    morning = report([*records, did(TODAY)], planned).adherence
    assert morning.percent == round(100 * (4 + 2 + 1) / (4 + 4 + 1))
    assert report(records).adherence.percent is None  # nothing known to be planned


def test_streaks_count_days_with_a_movement_and_today_not_yet_done_breaks_nothing() -> None:
    active = {ago(n) for n in (1, 2, 3, 5, 6, 7, 8, 9)}
    assert streaks(active, TODAY) == (3, 5)
    assert streaks(active | {TODAY}, TODAY) == (4, 5)
    assert streaks(active - {ago(1)}, TODAY) == (0, 5)
    assert streaks(set(), TODAY) == (0, 0)


def test_a_day_without_a_movement_ends_a_streak_in_the_report() -> None:
    a = report([did(ago(n)) for n in (1, 2, 5, 6, 7)] + [woke(ago(3), 2)]).adherence
    assert (a.current_streak, a.longest_streak, a.active_days) == (2, 3, 5)


def test_streaks_run_over_the_whole_journal_not_just_the_window() -> None:
    every_day = [did(ago(n)) for n in range(60)]
    a = report(every_day, weeks=1).adherence
    assert (a.current_streak, a.longest_streak, a.active_days) == (60, 60, 7)


def pains(first: int, last: int) -> list[Record]:
    return [woke(ago(n), first if n >= 21 else last) for n in range(28)]


def test_the_trend_compares_the_first_and_last_week_in_plain_words() -> None:
    easier = report(pains(6, 3)).pain
    assert (easier.first, easier.last, easier.trend) == (6, 3, "easier")
    assert "6.0/10" in easier.words and "3.0/10" in easier.words and "lower" in easier.words
    worse = report(pains(3, 5)).pain
    assert worse.trend == "worse" and "clinician" in worse.words
    assert report(pains(4, 4)).pain.trend == "steady"
    assert report(pains(4, 5)).pain.trend == "worse"  # a whole point is a change


def test_the_trend_waits_for_two_weeks_and_enough_scores() -> None:
    short = report([woke(ago(n), 3) for n in range(10)]).pain
    assert short.trend is None and "Two weeks" in short.words
    sparse = report([woke(ago(27), 5), woke(ago(0), 2), did(ago(15))]).pain
    assert sparse.trend is None and "backbeat checkin" in sparse.words


def test_no_trend_words_claim_a_cure() -> None:
    for records in (pains(8, 1), pains(1, 8), pains(4, 4), []):
        words = report(records).pain.words.lower()
        assert not any(w in words for w in ("cure", "heal", "fixed", "treat"))


def test_verdicts_use_progressions_thresholds() -> None:
    def verdict(*records: MoveRecord) -> str:
        return report(list(records)).moves[0].verdict

    assert verdict(did(ago(1), TOLERATED_MAX)) == "tolerated"
    assert verdict(did(ago(1), TOLERATED_MAX + 1)) == "borderline"
    assert verdict(did(ago(1), HOLD_MAX)) == "borderline"
    assert verdict(did(ago(1), HOLD_MAX + 1)) == "painful"
    assert verdict(did(ago(1), 0, sharp=True)) == "painful"
    assert verdict(did(ago(1), None, hurt=True)) == "painful"


def test_a_verdict_comes_from_the_latest_week_a_movement_was_done() -> None:
    bad_then_good = [did(ago(20), 8), did(ago(3), 1), did(ago(1), 2)]
    move = report(bad_then_good).moves[0]
    assert move.verdict == "tolerated" and move.verdict_week == ago(6)  # that week's Monday
    assert (move.times, move.pain_during_max, move.sharp, move.hurt) == (3, 8, 0, 0)
    assert move.pain_during_mean == (8 + 1 + 2) / 3


def test_movements_list_the_most_done_first_with_pain_after() -> None:
    records: list[Record] = [
        did(ago(1), 1, "pelvic-tilt", pain_after=2),
        did(ago(1), 1, "pelvic-tilt", pain_after=3),
        did(ago(2), 4, "cat-cow"),
        did(ago(40), 9, "bird-dog"),  # before the window
    ]
    moves = report(records).moves
    assert [(m.move, m.times) for m in moves] == [("pelvic-tilt", 2), ("cat-cow", 1)]
    assert moves[0].pain_after_mean == 2.5 and moves[1].pain_after_mean is None


def test_reviews_in_the_window_come_in_order_in_the_json() -> None:
    def review(day: date, pain: int) -> ReviewRecord:
        return ReviewRecord(
            at=at(day, 20),
            weekly_pain=pain,
            interference=2,
            activity="gardening",
            activity_ability=7,
        )

    found = report([review(ago(1), 3), review(ago(8), 4), review(ago(60), 6)])
    assert [r.weekly_pain for r in found.reviews] == [4, 3]
    assert found.as_json()["reviews"][0] == {
        "date": ago(8).isoformat(),
        "weekly_pain": 4,
        "interference": 2,
        "activity": "gardening",
        "activity_ability": 7,
    }


@st.composite
def journals(draw: st.DrawFn) -> list[Record]:
    records: list[Record] = []
    for back in draw(st.lists(st.integers(-3, 80), max_size=40)):
        day = ago(back)
        kind = draw(st.sampled_from(["move", "move", "morning", "session"]))
        if kind == "morning":
            records.append(woke(day, draw(st.integers(0, 10))))
        elif kind == "session":
            records.append(SessionRecord(at=at(day), ended=at(day, 9), session=["knee-rolls"]))
        else:
            hurt = draw(st.booleans())
            records.append(
                did(
                    day,
                    draw(st.none() if hurt else st.integers(0, 10)),
                    draw(st.sampled_from(MOVES[:6])),
                    hurt=hurt,
                    sharp=draw(st.booleans()),
                    pain_after=draw(st.none() | st.integers(0, 10)),
                )
            )
    return records


plans = st.dictionaries(st.integers(0, 80).map(ago), st.integers(0, 30))


@settings(max_examples=150, deadline=None)
@given(journals(), plans, st.integers(1, 12))
def test_rules_hold_for_any_journal(
    records: list[Record], planned: dict[date, int], weeks: int
) -> None:
    found: ProgressReport = progress_report(records, planned, TODAY, weeks)
    past = [r for r in records if r.at.date() <= TODAY]
    assert found.empty == (not past)
    if found.empty:
        return
    dates = [d.date for d in found.days]
    assert dates == [dates[0] + timedelta(days=n) for n in range(len(dates))]  # contiguous
    assert dates[-1] == TODAY and len(dates) <= 7 * weeks
    assert dates[0] >= min(r.at.date() for r in past)
    a = found.adherence
    assert a.percent is None or 0 <= a.percent <= 100
    assert a.current_streak <= a.longest_streak <= (TODAY - min(r.at.date() for r in past)).days + 1
    assert a.active_days <= len(found.days)
    assert a.done == sum(1 for r in past if isinstance(r, MoveRecord) and r.at.date() >= dates[0])
    daily = {d.date: d.pain for d in progress_report(records, {}, TODAY, 52).days}
    for day in found.days:
        week = [p for n in range(7) if (p := daily.get(day.date - timedelta(days=n))) is not None]
        if not week:
            assert day.pain_7day is None
        else:
            assert day.pain_7day is not None
            assert min(week) - 1e-9 <= day.pain_7day <= max(week) + 1e-9
        if day.pain is not None:
            assert 0 <= day.pain <= 10
    assert sum(m.times for m in found.moves) == a.done
    json.dumps(found.as_json())


WEEK1 = date(2026, 11, 2)  # a Monday: one week of check-ins, decided on the next Monday


@settings(max_examples=120, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(MOVES),
            st.integers(0, 6),
            st.integers(0, 10),
            st.booleans(),
            st.booleans(),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_verdicts_agree_with_what_progression_decides(
    week: list[tuple[str, int, int, bool, bool]],
) -> None:
    records: list[Record] = [
        MoveRecord(
            at=at(WEEK1 + timedelta(days=day)),
            move=move,
            pain_during=None if hurt else pain,
            hurt=hurt,
            sharp=sharp,
        )
        for move, day, pain, sharp, hurt in week
    ]
    sunday = WEEK1 + timedelta(days=6)
    verdicts = {m.move: m.verdict for m in progress_report(records, {}, sunday, 1).moves}
    decided = {
        c.move: c.change for c in progress(records, CATALOGUE, WEEK1 + timedelta(7), 4).changes
    }
    for move, verdict in verdicts.items():
        change = decided.get(move)
        if verdict == "painful":
            assert change in ("easier", "paused"), (move, change)
        elif verdict == "borderline":
            assert change == "steady", (move, change)
        else:
            assert change in (None, "harder", "added"), (move, change)
