"""The pain-monitoring model over random lived histories: guided sessions sharing one check-in
(with "this hurts" on a movement now and then), check-ins by hand with pain after, and morning
check-ins with stiffness, over five weeks."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backbeat.plan.builder import make_plan
from backbeat.plan.model import DayPlan
from backbeat.plan.profile import Profile
from backbeat.plan.progression import GROWTH_PER_WEEK, Progression
from backbeat.records import Record
from tests.plan.strategies import CATALOGUE, START, lived, profiles
from tests.plan.test_plan_days import replay

MODEST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


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
