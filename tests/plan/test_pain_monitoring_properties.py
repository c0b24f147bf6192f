"""The pain-monitoring model over random lived histories: guided sessions sharing one check-in
(with "this hurts" on a movement now and then), check-ins by hand with pain after, and morning
check-ins with stiffness, over five weeks."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backbeat.plan.builder import make_plan
from backbeat.plan.model import DayPlan
from backbeat.plan.profile import Profile
from backbeat.plan.progression import GROWTH_PER_WEEK, Progression
from backbeat.records import MorningRecord, MoveRecord, Record
from backbeat.session.checkin import CheckIn
from backbeat.session.checkin import records as checkin_records
from backbeat.session.player import Outcome
from tests.plan.strategies import CATALOGUE, profiles
from tests.plan.test_plan_days import replay

MODEST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
START = date(2026, 11, 30)  # a Monday, five weeks after the first day below
MOVES = sorted(CATALOGUE.movements)
pains = st.integers(0, 10)
mostly_low = st.one_of(st.integers(0, 3), st.integers(0, 3), pains)


@st.composite
def lived(draw: st.DrawFn) -> list[Record]:
    """Five weeks of a person's check-ins before START, on the few movements they do."""
    own = draw(st.lists(st.sampled_from(MOVES), min_size=2, max_size=6, unique=True))
    records: list[Record] = []
    level = draw(st.integers(0, 8))  # how the back feels on waking, drifting week to week
    for n in range(35):
        day = START - timedelta(days=35 - n)
        if n % 7 == 0:
            level = min(8, max(0, level + draw(st.integers(-2, 3))))
        if draw(st.booleans()):
            pain = level + draw(st.integers(0, 2))
            stiffness = draw(st.none() | st.integers(level, level + 2))
            at = datetime.combine(day, time(7))
            records.append(MorningRecord(at=at, morning_pain=pain, stiffness=stiffness))
        if draw(st.booleans()):  # a guided session: one check-in for all its movements
            moves = draw(st.lists(st.sampled_from(own), min_size=1, max_size=4, unique=True))
            hurt = draw(st.none() | st.none() | st.sampled_from(moves))
            outcome = Outcome(started=moves, hurt=[hurt] if hurt else [])
            answers = CheckIn(draw(mostly_low), draw(st.integers(0, 20)) == 0, "ok")
            at = datetime.combine(day, time(draw(st.integers(8, 21))))
            records += checkin_records(outcome, draw(st.none() | st.just(answers)), at)
        for _ in range(draw(st.integers(0, 2))):  # by hand
            records.append(
                MoveRecord(
                    at=datetime.combine(day, time(draw(st.integers(8, 21)), 30)),
                    move=draw(st.sampled_from(own)),
                    pain_during=draw(mostly_low),
                    pain_after=draw(st.none() | mostly_low),
                )
            )
    return records


def moves_on(day: DayPlan) -> set[str]:
    return {i.move for s in day.slots for i in s.items}


@MODEST
@given(profiles, lived(), st.integers(0, 6))
def test_no_plan_holds_a_paused_movement_or_one_stepped_back_from(
    profile: Profile, history: list[Record], offset: int
) -> None:
    """Nothing paused (for sharp pain, or resting) is in that week's plan, and an easier step
    never yields the movement that was stepped back, wherever it could be done."""
    start = START + timedelta(days=offset)
    line = Progression(history, CATALOGUE, profile.pain)
    plan = make_plan(profile, CATALOGUE, history, start, 3)
    for day in plan.days:
        state = line.at(day.date)
        given_now = moves_on(day)
        assert not given_now & state.paused
        stepped = {c.move for c in state.changes if c.change in ("easier", "replaced")}
        assert not given_now & stepped, day.date
        assert not given_now & state.stepped_back


@MODEST
@given(st.integers(0, 10), lived())
def test_at_most_two_changes_up_a_week(pain: int, history: list[Record]) -> None:
    line = Progression(history, CATALOGUE, pain)
    for weeks in range(6):
        state = line.at(START - timedelta(weeks=weeks))
        up = [c for c in state.changes if c.change in ("harder", "added")]
        assert len(up) <= GROWTH_PER_WEEK
        assert len({c.move for c in state.changes if c.change == "added"}) == len(
            [c for c in state.changes if c.change == "added"]
        )


@MODEST
@given(st.integers(0, 10), lived(), st.integers(-3, 6))
def test_weekly_snapshots_decide_as_a_full_replay_on_lived_histories(
    pain: int, history: list[Record], offset: int
) -> None:
    day = START + timedelta(days=offset)
    assert Progression(history, CATALOGUE, pain).at(day) == replay(history, CATALOGUE, day, pain)


@MODEST
@given(profiles, lived(), st.integers(-3, 6))
def test_a_day_of_a_weeks_plan_is_that_days_plan_alone_on_lived_histories(
    profile: Profile, history: list[Record], offset: int
) -> None:
    start = START + timedelta(days=offset)
    days = make_plan(profile, CATALOGUE, history, start, 4).days
    for n, day in enumerate(days):
        assert day == make_plan(profile, CATALOGUE, history, start + timedelta(days=n)).days[0]
