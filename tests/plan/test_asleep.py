"""Sleeping hours: from the sleep time to the wake time, across midnight or not."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from backbeat.plan.today import asleep

clocks = st.builds(time, st.integers(0, 23), st.sampled_from([0, 15, 30, 45]))


@settings(deadline=None)
@given(wake=clocks, sleep=clocks, minutes=st.integers(0, 24 * 60 - 1))
def test_asleep_is_the_span_from_sleep_to_wake(wake: time, sleep: time, minutes: int) -> None:
    now = datetime(2026, 11, 23) + timedelta(minutes=minutes)
    day = 24 * 60
    since_sleep = (minutes - (sleep.hour * 60 + sleep.minute)) % day
    span = ((wake.hour * 60 + wake.minute) - (sleep.hour * 60 + sleep.minute)) % day
    assert asleep(now, wake, sleep) == (since_sleep < span)
    if wake != sleep:
        assert not asleep(now.replace(hour=wake.hour, minute=wake.minute), wake, sleep)
        assert asleep(now.replace(hour=sleep.hour, minute=sleep.minute), wake, sleep)


def test_a_night_shift_sleeps_through_the_morning() -> None:
    morning = datetime(2026, 11, 23, 10, 0)
    assert asleep(morning, wake=time(15, 0), sleep=time(8, 0))
    assert not asleep(morning, wake=time(7, 0), sleep=time(23, 0))
    assert asleep(morning.replace(hour=3), wake=time(7, 0), sleep=time(23, 0))
