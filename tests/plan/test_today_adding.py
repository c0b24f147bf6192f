"""``Today.adding``: where a person stands after records were added, without planning the day
again, is exactly where planning it again from the whole journal puts them, whenever it says
it can stand for that; and it says so for what another program logs all day long."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from backbeat.plan.profile import Profile
from backbeat.plan.today import Today, reshapes, today
from backbeat.records import (
    ID_LENGTH,
    ForgetRecord,
    MorningRecord,
    MoveRecord,
    PlanRecord,
    Record,
    ReminderRecord,
    ReviewRecord,
    SessionRecord,
    fingerprint,
)
from tests.plan.strategies import CATALOGUE, MOVES, START, lived, profiles

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def instants(draw: st.DrawFn, now: datetime, days_before: int = 2) -> datetime:
    """An instant from ``days_before`` days before ``now`` to a day after, in ``now``'s zone
    or with none (a journal may hold both)."""
    minutes = draw(st.integers(-days_before * 24 * 60, 24 * 60))
    at = now + timedelta(minutes=minutes)
    return at if draw(st.booleans()) else at.replace(tzinfo=None)


@st.composite
def additions(draw: st.DrawFn, day: Today, *, standing_only: bool = False) -> list[Record]:
    """Records another program (or this one) might add during the day: check-ins by hand,
    sessions and reminder answers for today's slots, a review, a plan given; and unless
    ``standing_only``, mornings, back-dated check-ins, keyed saves and deletions."""
    slots = [s.id for s in day.day.slots] or ["2026-11-30-none"]
    now = day.now
    found: list[Record] = []
    for _ in range(draw(st.integers(0, 6))):
        choice = draw(st.integers(0, 8 if standing_only else 12))
        if choice <= 2:
            at = instants(draw, now, days_before=0 if standing_only else 2)
            if standing_only and at.date() < day.day.date:
                at = datetime.combine(day.day.date, at.time(), at.tzinfo)
            found.append(MoveRecord(at=at, move=draw(st.sampled_from(MOVES)), pain_during=3))
        elif choice <= 4:
            at = instants(draw, now)
            moves = draw(st.lists(st.sampled_from(MOVES), min_size=1, max_size=3, unique=True))
            done = draw(st.lists(st.sampled_from(moves), unique=True))
            found.append(
                SessionRecord(
                    at=at,
                    ended=at + timedelta(minutes=3),
                    session=moves,
                    slot=draw(st.sampled_from(slots)),
                    done=done,
                )
            )
        elif choice <= 6:
            at = instants(draw, now)
            found.append(
                ReminderRecord(
                    at=at,
                    reminder=draw(st.sampled_from(["skipped", "sent", "snoozed", "done"])),
                    slot=draw(st.sampled_from(slots)),
                    due=at,
                )
            )
        elif choice == 7:
            found.append(
                ReviewRecord(
                    at=now, weekly_pain=3, interference=2, activity="walking", activity_ability=6
                )
            )
        elif choice == 8:
            found.append(PlanRecord(at=now, plan={"start": day.day.date.isoformat()}))
        elif choice <= 10:
            found.append(
                MorningRecord(at=instants(draw, now), morning_pain=draw(st.integers(0, 10)))
            )
        elif choice == 11:
            found.append(
                MoveRecord(
                    at=instants(draw, now),
                    move=draw(st.sampled_from(MOVES)),
                    pain_during=9,
                    key="k-1",
                )
            )
        else:
            found.append(forgetting(MoveRecord(at=now, move=MOVES[0], pain_during=2), now))
    return found


def forgetting(record: Record, at: datetime) -> ForgetRecord:
    """The deletion of ``record`` at ``at``."""
    was = record.model_dump(mode="json")
    return ForgetRecord(at=at, forget=fingerprint(record)[:ID_LENGTH], was=was)


def standing(profile: Profile, history: list[Record], hour: int, minute: int) -> Today:
    wake = profile.day.wake
    now = datetime.combine(START, time(hour, minute))
    if (now - datetime.combine(START, wake)).total_seconds() < 0:
        now += timedelta(days=1)  # still START's plan day: before the next waking
    return today(profile, CATALOGUE, history, now)


@FAST
@given(profiles, lived(), st.integers(0, 23), st.integers(0, 59), st.data())
def test_adding_gives_what_planning_again_gives(
    profile: Profile, history: list[Record], hour: int, minute: int, data: st.DataObject
) -> None:
    before = standing(profile, history, hour, minute)
    added = data.draw(additions(before))
    later = before.now + timedelta(minutes=data.draw(st.integers(0, 30)))
    again = today(profile, CATALOGUE, [*added, *history], later)
    found = before.adding(added, later)
    if again.day.date != before.day.date:
        return  # the minutes went past the next waking: another plan day, never kept
    if found is None:
        assert any(reshapes(r, before.day.date) for r in added)
    else:
        event("kept the plan" + (", more done" if found.done != before.done else ""))
        assert found == again


@FAST
@given(profiles, lived(), st.integers(0, 23), st.integers(0, 59), st.data())
def test_what_is_logged_during_the_day_never_plans_it_again(
    profile: Profile, history: list[Record], hour: int, minute: int, data: st.DataObject
) -> None:
    before = standing(profile, history, hour, minute)
    added = data.draw(additions(before, standing_only=True))
    found = before.adding(added, before.now)
    event("more done" if found is not None and found.done != before.done else "none more")
    assert found == today(profile, CATALOGUE, [*added, *history], before.now)


def test_a_morning_a_back_dated_check_in_a_deletion_or_a_keyed_save_plans_it_again() -> None:
    day = START
    noon = datetime.combine(day, time(12))
    assert reshapes(MorningRecord(at=noon, morning_pain=2), day)
    assert reshapes(MoveRecord(at=noon - timedelta(days=1), move=MOVES[0], pain_during=1), day)
    assert not reshapes(MoveRecord(at=noon, move=MOVES[0], pain_during=1), day)
    assert reshapes(MoveRecord(at=noon, move=MOVES[0], pain_during=1, key="s-1"), day)
    assert reshapes(forgetting(MoveRecord(at=noon, move=MOVES[0], pain_during=1), noon), day)


@FAST
@given(profiles, lived(), st.integers(0, 24 * 60 - 1), st.integers(0, 24 * 60 - 1))
def test_moments_alike_show_the_same_standing(
    profile: Profile, history: list[Record], first: int, second: int
) -> None:
    """What Today shows as time passes (the slot due, whether it is due now or next, the slots
    past) is the same at two moments whose ``moment`` is: a page made at one serves the other."""
    day = standing(profile, history, profile.day.wake.hour, profile.day.wake.minute)
    one, two = (day.later(day.woke + timedelta(minutes=m)) for m in (first, second))

    def shown(at: Today) -> tuple[object, ...]:
        due = at.due
        begun = due is not None and due.offset <= at.awake
        past = tuple(s.id for s in at.day.slots if s.offset < at.awake)
        return (due.id if due else None, begun, past, at.finished)

    if day.moment(one.now) == day.moment(two.now):
        assert shown(one) == shown(two)
    else:
        assert (first < second) == (day.moment(one.now) < day.moment(two.now))
