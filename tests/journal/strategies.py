"""Hypothesis strategies for every kind of journal record, in any time zone or none."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from hypothesis import strategies as st

from backbeat.records import (
    REMINDER_EVENTS,
    MorningRecord,
    MoveRecord,
    PlanRecord,
    ProfileRecord,
    Record,
    ReminderRecord,
    ReviewRecord,
    SessionRecord,
)
from tests.plan.strategies import CATALOGUE, profiles

zones = st.sampled_from(
    [None, UTC, timezone(timedelta(hours=1)), timezone(timedelta(hours=-9, minutes=-30))]
)
pains = st.integers(0, 10)
moves = st.sampled_from(sorted(CATALOGUE.movements))
texts = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=30)
# What a person may name: printable text on one line (no control characters, as the records ask).
names = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), min_size=1, max_size=30
)


@st.composite
def instants(draw: st.DrawFn) -> datetime:
    """A moment in 2026, to the microsecond, in a zone or in local time with none."""
    moment = draw(st.datetimes(datetime(2026, 1, 1), datetime(2026, 12, 31)))
    return moment.replace(tzinfo=draw(zones))


@st.composite
def sessions(draw: st.DrawFn) -> SessionRecord:
    at = draw(instants())
    held = draw(st.lists(moves, min_size=1, max_size=5, unique=True))
    done = [m for m in held if draw(st.booleans())]
    return SessionRecord(
        at=at,
        ended=at + draw(st.timedeltas(timedelta(0), timedelta(minutes=40))),
        slot=draw(st.none() | st.sampled_from(["morning", "desk", "bedtime"])),
        session=held,
        done=done,
        skipped=[m for m in held if m not in done and draw(st.booleans())],
        stopped=[m for m in held if m not in done and draw(st.booleans())],
        ended_early=draw(st.booleans()),
    )


records: st.SearchStrategy[Record] = st.one_of(
    st.builds(
        MoveRecord,
        at=instants(),
        move=moves,
        pain_during=pains,
        pain_after=st.none() | pains,
        sharp=st.booleans(),
        difficulty=st.none() | st.sampled_from(["easy", "ok", "hard"]),
        hurt=st.booleans(),
    ),
    st.builds(MoveRecord, at=instants(), move=moves, hurt=st.just(True)),
    st.builds(MorningRecord, at=instants(), morning_pain=pains, stiffness=st.none() | pains),
    sessions(),
    st.builds(
        ReviewRecord,
        at=instants(),
        weekly_pain=pains,
        interference=pains,
        activity=names,
        activity_ability=pains,
    ),
    st.builds(
        ReminderRecord,
        at=instants(),
        reminder=st.sampled_from(REMINDER_EVENTS),
        slot=st.sampled_from(["morning", "desk", "evening"]),
        due=instants(),
        moves=st.lists(moves, max_size=3),
    ),
    st.builds(
        ProfileRecord, at=instants(), profile=profiles.map(lambda p: p.model_dump(mode="json"))
    ),
    st.builds(
        PlanRecord,
        at=instants(),
        plan=st.fixed_dictionaries({"week": st.integers(1, 60), "note": texts}),
    ),
)
