"""Each day of a plan is planned with its own week: a day of a week's plan is exactly the plan of
that day alone, and the weekly snapshots give the programme a full replay of the check-ins gives,
on any day (before the first record, on a Monday whose morning check-in is not known yet)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backbeat.catalog.catalogue import Catalogue
from backbeat.plan.builder import make_plan
from backbeat.plan.profile import Profile
from backbeat.plan.progression import (
    Progress,
    Progression,
    _decide,
    progress,
    week_of,
)
from backbeat.plan.snapshot import Snapshot
from backbeat.records import MorningRecord, MoveRecord, Record
from tests.plan.strategies import CATALOGUE, histories, profiles

MODEST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
starts = st.dates(date(2026, 11, 16), date(2026, 11, 29))  # every day of the week


@st.composite
def lived(draw: st.DrawFn, start: date) -> list[Record]:
    """A history of the four weeks before ``start`` and of the week from it, with some of its
    Mondays' morning check-ins (a Monday's own morning is not known on that Monday)."""
    records = draw(histories(datetime.combine(start + timedelta(days=7), time())))
    monday = start - timedelta(days=start.weekday())
    for weeks in draw(st.sets(st.integers(-4, 1))):
        day = datetime.combine(monday + timedelta(weeks=weeks), time(6, 30))
        records.append(MorningRecord(at=day, morning_pain=draw(st.integers(0, 10))))
    return records


def replay(records: Sequence[Record], catalogue: Catalogue, start: date, pain: int) -> Progress:
    """The programme as it was worked out before snapshots: every week from the first check-in
    decided again, in turn, from the check-ins before ``start`` alone."""
    past = [r for r in records if isinstance(r, MoveRecord | MorningRecord) and r.at.date() < start]
    first, week = week_of(past, start)
    mornings = {r.at.date(): r for r in past if isinstance(r, MorningRecord)}
    moves = sorted(
        (r for r in past if isinstance(r, MoveRecord)),
        key=lambda r: (r.at.replace(tzinfo=None), r.move),
    )
    state = Snapshot()
    for number in range(1, week):
        done = [r for r in moves if (r.at.date() - first).days // 7 + 1 == number]
        state = _decide(state, done, mornings, first + timedelta(weeks=number - 1), pain, catalogue)
    recent = [
        r.pain_during
        for r in moves
        if r.at.date() >= start - timedelta(days=7) and r.pain_during is not None
    ]
    highest = max(recent) if recent else None
    return Progress(
        week=week,
        swaps=dict(state.swaps),
        paused=state.paused,
        added=state.added,
        changes=state.changes,
        recent_pain_during=highest,
        stepped_back=state.back,
        returning=state.returning,
    )


@MODEST
@given(profiles, starts.flatmap(lambda s: st.tuples(st.just(s), lived(s))))
def test_a_day_of_a_weeks_plan_is_the_plan_of_that_day_alone(
    profile: Profile, drawn: tuple[date, list[Record]]
) -> None:
    start, records = drawn
    week = make_plan(profile, CATALOGUE, records, start, 7)
    for n, day in enumerate(week.days):
        alone = make_plan(profile, CATALOGUE, records, start + timedelta(days=n), 1)
        assert day == alone.days[0], day.date


@MODEST
@given(st.integers(0, 10), starts.flatmap(lambda s: st.tuples(st.just(s), lived(s))))
def test_the_programme_on_any_day_is_what_a_full_replay_gives(
    pain: int, drawn: tuple[date, list[Record]]
) -> None:
    start, records = drawn
    line = Progression(records, CATALOGUE, pain)
    first = min((r.at.date() for r in records), default=start)
    for n in range(-40, 15):  # from before the first record to past the last
        day = start + timedelta(days=n)
        replayed = replay(records, CATALOGUE, day, pain)
        assert line.at(day) == replayed, (day, day < first)
        assert progress(records, CATALOGUE, day, pain) == replayed  # a line of its own
