"""Hypothesis strategies for valid profiles and histories."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from hypothesis import strategies as st

from backbeat.catalog.loader import builtin
from backbeat.catalog.vocabulary import KINDS, POSITIONS
from backbeat.plan.profile import WEEKDAYS, Day, Moment, Prefs, Profile, WorkBlock
from backbeat.records import MorningRecord, MoveRecord, Record

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
