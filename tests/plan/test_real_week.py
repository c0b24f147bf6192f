"""Issue 18: a real person's week. Moments with days and a length (a drive is planned for when
it ends), breaks that vary and keep out of a lunch, and no two slots that fire at once."""

from __future__ import annotations

from datetime import date, time, timedelta
from itertools import pairwise

from hypothesis import HealthCheck, given, settings

from backbeat.plan.builder import make_plan
from backbeat.plan.day import APART, DESK_PLACES, minutes_of
from backbeat.plan.model import DayPlan
from backbeat.plan.profile import WEEKDAYS, Day, Moment, Prefs, Profile, WorkBlock
from tests.plan.strategies import CATALOGUE, profiles

MONDAY = date(2026, 11, 30)
WORKDAYS = ("mon", "tue", "wed", "thu", "fri")
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

COMMUTER = Profile(
    age=45,
    day=Day(
        work=(WorkBlock(start=time(9), end=time(17, 30)),),
        moments=(
            Moment(name="Drive to work", at=time(8, 15), place="car", minutes=40, days=WORKDAYS),
            Moment(name="Drive home", at=time(17, 30), place="car", minutes=40, days=WORKDAYS),
            Moment(name="TV", at=time(21), place="sofa"),
        ),
    ),
)


def week(profile: Profile) -> tuple[DayPlan, ...]:
    return make_plan(profile, CATALOGUE, [], MONDAY, 7).days


def test_the_commute_is_planned_for_when_the_car_is_parked_on_weekdays_only() -> None:
    for day in week(COMMUTER):
        drives = [s for s in day.slots if s.moment.startswith("Drive")]
        if day.date.weekday() >= 5:
            assert drives == []
            continue
        there = next(s for s in drives if s.moment == "Drive to work")
        assert there.time == "08:55" and there.place == "car"
        assert all("parked" in i.why and "engine off" in i.why for i in there.items)
        assert not any(s.time == "08:15" for s in day.slots)


def test_a_long_drive_has_a_stop_about_every_90_minutes_worded_for_a_parked_car() -> None:
    long = COMMUTER.model_copy(
        update={
            "day": Day(moments=(Moment(name="To the coast", at=time(9), place="car", minutes=200),))
        }
    )
    day = week(long)[0]
    drive = [s for s in day.slots if s.moment == "To the coast"]
    assert [s.time for s in drive] == ["10:07", "11:13", "12:20"]
    for stop in drive[:-1]:
        assert all("park" in i.why and "never while driving" in i.why for i in stop.items)
    assert all("parked" in i.why for i in drive[-1].items)


def test_tv_and_the_evening_stretches_at_21_00_do_not_fire_together() -> None:
    day = week(COMMUTER)[0]
    times = [s.time for s in day.slots]
    assert len(times) == len(set(times))
    assert next(s.time for s in day.slots if s.moment == "TV") == "21:00"
    assert next(s.time for s in day.slots if s.moment == "evening") != "21:00"


def test_a_lunch_break_holds_no_work_break() -> None:
    lunch = Moment(name="Lunch", at=time(12, 30), place="standing", minutes=60)
    profile = COMMUTER.model_copy(
        update={"day": COMMUTER.day.model_copy(update={"moments": (lunch,)})}
    )
    day = week(profile)[0]
    desk = [minutes_of(time.fromisoformat(s.time)) for s in day.slots if s.moment == "desk"]
    assert desk and not any(12 * 60 + 30 <= m < 13 * 60 + 30 for m in desk)


def test_a_desk_day_has_no_movement_repeated_in_two_consecutive_breaks() -> None:
    day = week(COMMUTER)[0]
    moves = [s.items[0].move for s in day.slots if s.moment == "desk"]
    assert len(moves) >= 10 and len(set(moves)) > 3  # the whole pool, not three in turn
    for n, move in enumerate(moves):
        assert move not in moves[n + 1 : n + 3]


@FAST
@given(profiles)
def test_no_movement_comes_again_within_two_breaks(profile: Profile) -> None:
    for day in make_plan(profile, CATALOGUE, [], MONDAY, 2).days:
        breaks = [s for s in day.slots if s.moment in DESK_PLACES and s.moment == s.place]
        for place in DESK_PLACES:
            moves = [s.items[0].move for s in breaks if s.place == place and len(s.items) == 1]
            if len(set(moves)) < 3:
                continue  # a pool of two cannot keep three breaks apart
            for n, move in enumerate(moves):
                assert move not in moves[n + 1 : n + 3], (place, moves)


@FAST
@given(profiles)
def test_no_two_slots_fire_within_a_few_minutes(profile: Profile) -> None:
    for day in make_plan(profile, CATALOGUE, [], MONDAY, 2).days:
        offsets = [s.offset for s in day.slots]
        assert all(b - a >= APART for a, b in pairwise(offsets))


@FAST
@given(profiles)
def test_moments_come_on_their_days_only_and_breaks_keep_out_of_quiet_spans(
    profile: Profile,
) -> None:
    profile = profile.model_copy(
        update={"prefs": profile.prefs.model_copy(update={"quiet": ((time(12), time(13)),)})}
    )
    for n, day in enumerate(make_plan(profile, CATALOGUE, [], MONDAY, 7).days):
        weekday = WEEKDAYS[(MONDAY + timedelta(days=n)).weekday()]
        named = {m.name for m in profile.day.moments if weekday in m.days}
        builtin = {"waking", "morning", "evening", "walk", "bedtime", *DESK_PLACES}
        assert {s.moment for s in day.slots} - builtin <= named
        for s in day.slots:
            if s.moment in DESK_PLACES and s.moment == s.place:
                assert not 12 * 60 <= minutes_of(time.fromisoformat(s.time)) < 13 * 60


def test_a_profile_without_moment_days_keeps_every_day() -> None:
    assert Moment(name="TV", at=time(21)).days == WEEKDAYS
    assert Prefs().quiet == ()
