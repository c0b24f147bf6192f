"""Hypothesis strategies for valid profiles and histories."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

from hypothesis import strategies as st

from backbeat.catalog.loader import builtin
from backbeat.catalog.vocabulary import KINDS, POSITIONS
from backbeat.plan.profile import WEEKDAYS, Day, Moment, Prefs, Profile, WorkBlock
from backbeat.records import MorningRecord, MoveRecord, Record
from backbeat.session.checkin import CheckIn
from backbeat.session.checkin import records as checkin_records
from backbeat.session.player import Outcome

CATALOGUE = builtin()
times = st.builds(time, st.integers(0, 23), st.sampled_from([0, 15, 30, 45]))
avoidables = st.sampled_from(sorted(CATALOGUE.movements) + list(POSITIONS) + list(KINDS))

blocks = st.builds(
    WorkBlock,
    start=times,
    end=times,
    place=st.sampled_from(["desk", "car", "standing"]),
    days=st.lists(st.sampled_from(WEEKDAYS), min_size=1, max_size=7, unique=True).map(tuple),
)
moments = st.builds(
    Moment,
    name=st.sampled_from(["TV", "cooking", "after dinner", "school run", "reading"]),
    at=times,
    place=st.sampled_from(["bed", "floor", "desk", "car", "sofa", "standing"]),
    days=st.just(WEEKDAYS)
    | st.lists(st.sampled_from(WEEKDAYS), min_size=1, max_size=7, unique=True).map(tuple),
    minutes=st.none() | st.integers(1, 300),
)


@st.composite
def days(draw: st.DrawFn) -> Day:
    wake = draw(times)
    awake = draw(st.integers(6 * 60, 20 * 60))
    total = wake.hour * 60 + wake.minute + awake
    sleep = time((total // 60) % 24, total % 60)
    return Day(
        wake=wake,
        sleep=sleep,
        work=tuple(draw(st.lists(blocks, max_size=2))),
        moments=tuple(draw(st.lists(moments, max_size=3))),
    )


profiles = st.builds(
    Profile,
    pain=st.integers(0, 10),
    day=days(),
    prefs=st.builds(
        Prefs,
        minutes_per_day=st.integers(2, 60),
        break_every=st.integers(10, 120),
        walk=st.booleans(),
        avoid=st.lists(avoidables, max_size=3).map(tuple),
    ),
)


@st.composite
def histories(draw: st.DrawFn, start: datetime) -> list[Record]:
    records: list[Record] = []
    moves = sorted(CATALOGUE.movements)
    for day in range(draw(st.integers(0, 28))):
        when = start - timedelta(days=day + 1)
        if draw(st.booleans()):
            records.append(
                MorningRecord(at=when.replace(hour=7), morning_pain=draw(st.integers(0, 10)))
            )
        for _ in range(draw(st.integers(0, 3))):
            records.append(
                MoveRecord(
                    at=when.replace(hour=draw(st.integers(8, 20))),
                    move=draw(st.sampled_from(moves)),
                    pain_during=draw(st.integers(0, 10)),
                    sharp=draw(st.booleans().filter(lambda _: True))
                    and draw(st.integers(0, 9)) == 0,
                )
            )
    return records


START = date(2026, 11, 30)  # a Monday, five weeks after the first day of ``lived()``
MOVES = sorted(CATALOGUE.movements)
pains = st.integers(0, 10)
mostly_low = st.one_of(st.integers(0, 3), st.integers(0, 3), pains)
ZONES = (None, timezone(timedelta(hours=1)), timezone(timedelta(hours=-9, minutes=-30)), UTC)


@st.composite
def lived(draw: st.DrawFn, end: date = START, days: int = 35, zoned: bool = False) -> list[Record]:
    """``days`` of a person's check-ins before ``end``, on the few movements they do: guided
    sessions sharing one check-in (with "this hurts" on a movement now and then), check-ins
    by hand with pain after, and morning check-ins with stiffness. ``zoned``: each record in a
    time zone of its own, or none (a journal may hold both)."""
    own = draw(st.lists(st.sampled_from(MOVES), min_size=2, max_size=6, unique=True))
    records: list[Record] = []
    level = draw(st.integers(0, 8))  # how the back feels on waking, drifting week to week
    zones = st.sampled_from(ZONES) if zoned else st.none()
    for n in range(days):
        day = end - timedelta(days=days - n)
        if n % 7 == 0:
            level = min(8, max(0, level + draw(st.integers(-2, 3))))
        if draw(st.booleans()):
            pain = level + draw(st.integers(0, 2))
            stiffness = draw(st.none() | st.integers(level, level + 2))
            at = datetime.combine(day, time(7), draw(zones))
            records.append(MorningRecord(at=at, morning_pain=pain, stiffness=stiffness))
        if draw(st.booleans()):  # a guided session: one check-in for all its movements
            moves = draw(st.lists(st.sampled_from(own), min_size=1, max_size=4, unique=True))
            hurt = draw(st.none() | st.none() | st.sampled_from(moves))
            outcome = Outcome(started=moves, hurt=[hurt] if hurt else [])
            answers = CheckIn(draw(mostly_low), draw(st.integers(0, 20)) == 0, "ok")
            at = datetime.combine(day, time(draw(st.integers(8, 21))), draw(zones))
            records += checkin_records(outcome, draw(st.none() | st.just(answers)), at)
        for _ in range(draw(st.integers(0, 2))):  # by hand
            records.append(
                MoveRecord(
                    at=datetime.combine(day, time(draw(st.integers(8, 21)), 30), draw(zones)),
                    move=draw(st.sampled_from(own)),
                    pain_during=draw(mostly_low),
                    pain_after=draw(st.none() | mostly_low),
                )
            )
    return records
