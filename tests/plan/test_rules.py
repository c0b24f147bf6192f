"""Each plan rule on a concrete day: a desk worker, a night-shift worker, a driver."""

from __future__ import annotations

import itertools
from datetime import date, time

from backbeat.plan.builder import make_plan
from backbeat.plan.model import DayPlan
from backbeat.plan.profile import Day, Moment, Prefs, Profile, WorkBlock
from backbeat.safety.screen import Screen
from tests.plan.strategies import CATALOGUE

MONDAY = date(2026, 11, 23)
SATURDAY = date(2026, 11, 28)


def desk_worker(**prefs: object) -> Profile:
    return Profile(
        pain=4,
        day=Day(
            wake=time(7),
            sleep=time(23),
            work=(WorkBlock(start=time(9), end=time(17, 30), place="desk"),),
            moments=(Moment(name="TV", at=time(21), place="sofa"),),
        ),
        prefs=Prefs(minutes_per_day=60, **prefs),  # type: ignore[arg-type]
    )


def one_day(profile: Profile, day: date = MONDAY) -> DayPlan:
    return make_plan(profile, CATALOGUE, [], day, 1).days[0]


def moments(day: DayPlan) -> list[str]:
    return [s.moment for s in day.slots]


def test_a_desk_day_has_every_kind_of_slot_in_order() -> None:
    day = one_day(desk_worker())
    assert moments(day)[:2] == ["waking", "morning"]
    assert moments(day)[-1] == "bedtime"
    assert {"desk", "evening", "TV", "walk"} <= set(moments(day))
    assert next(s.time for s in day.slots) == "07:00"


def test_desk_breaks_come_every_break_every_minutes_through_the_block() -> None:
    day = one_day(desk_worker(break_every=30))
    desk = [s.time for s in day.slots if s.moment == "desk"]
    assert desk[0] == "09:30" and desk[-1] == "17:00"
    assert len(desk) == 16
    regions = [
        CATALOGUE.movements[s.items[0].move].regions[0] for s in day.slots if s.moment == "desk"
    ]
    assert all(a != b for a, b in itertools.pairwise(regions))  # regions rotate
    for slot in day.slots:
        if slot.moment == "desk":
            assert all("desk" in CATALOGUE.movements[i.move].places for i in slot.items)


def test_no_work_breaks_on_days_off() -> None:
    assert "desk" not in moments(one_day(desk_worker(), SATURDAY))


def test_a_night_shift_day_runs_past_midnight() -> None:
    nights = Profile(
        day=Day(
            wake=time(15),
            sleep=time(7),
            work=(WorkBlock(start=time(22), end=time(6), place="standing"),),
        ),
        prefs=Prefs(minutes_per_day=60),
    )
    day = one_day(nights)
    times = [s.time for s in day.slots]
    assert times[0] == "15:00" and day.slots[0].moment == "waking"
    assert day.slots[-1].moment == "bedtime" and times[-1] == "06:50"
    work = [s for s in day.slots if s.moment == "standing"]
    assert work[0].time == "22:30" and work[-1].time == "05:30"
    assert all("standing" in CATALOGUE.movements[i.move].places for s in work for i in s.items)


def test_a_driver_moves_only_at_stops() -> None:
    driver = Profile(
        day=Day(work=(WorkBlock(start=time(8), end=time(16), place="car"),)),
        prefs=Prefs(minutes_per_day=60, break_every=30),
    )
    stops = [s for s in one_day(driver).slots if s.moment == "car"]
    assert stops and all(s.place == "car" for s in stops)
    assert all(
        "next stop" in i.why and "never while driving" in i.why for s in stops for i in s.items
    )
    assert all("car" in CATALOGUE.movements[i.move].places for s in stops for i in s.items)


def test_evening_stretches_are_on_the_floor_and_knee_rolls_never_in_bed() -> None:
    for offset in range(7):
        day = one_day(desk_worker(), date.fromordinal(MONDAY.toordinal() + offset))
        for slot in day.slots:
            if slot.moment == "evening":
                assert slot.place == "floor"
            if slot.place == "bed":
                assert "knee-rolls" not in {i.move for i in slot.items}


def test_the_budget_shortens_then_thins_and_says_so() -> None:
    tight = desk_worker().model_copy(update={"prefs": Prefs(minutes_per_day=10)})
    day = one_day(tight)
    assert day.minutes <= 10
    assert any("shortened" in note for note in day.notes)
    assert any("Left out" in note and "your own moments" in note for note in day.notes)
    assert {"waking", "bedtime"} <= set(moments(day))  # rhythm is kept to the last


def test_avoid_by_id_position_and_kind() -> None:
    day = one_day(desk_worker(avoid=("neck-tilts", "supine", "stretch")))
    for slot in day.slots:
        for item in slot.items:
            m = CATALOGUE.movements[item.move]
            assert m.id != "neck-tilts" and m.position != "supine" and m.kind != "stretch"


def test_severe_pain_keeps_to_the_gentlest_and_says_so() -> None:
    day = one_day(desk_worker().model_copy(update={"pain": 9}))
    for slot in day.slots:
        assert len(slot.items) <= 2
        for item in slot.items:
            m = CATALOGUE.movements[item.move]
            assert m.effort <= 2 and m.position != "prone" and "backbend" not in m.tags
    assert "9/10" in day.notes[0]


def test_backbends_wait_for_low_pain() -> None:
    def backbends(pain: int) -> set[str]:
        profile = desk_worker().model_copy(update={"pain": pain})
        found: set[str] = set()
        for offset in range(7):
            day = one_day(profile, date.fromordinal(MONDAY.toordinal() + offset))
            found |= {
                i.move
                for s in day.slots
                for i in s.items
                if "backbend" in CATALOGUE.movements[i.move].tags
            }
        return found

    assert backbends(5) == set()
    assert backbends(2)


def test_emergency_urgent_and_soon_referrals() -> None:
    emergency = make_plan(Profile(screen=Screen(saddle_numbness=True)), CATALOGUE, [], MONDAY)
    assert emergency.referral is not None and emergency.referral.urgent
    assert emergency.referral.level == "emergency" and "emergency" in emergency.referral.message
    assert "numbness around the genitals" in emergency.referral.reasons[0]
    urgent = make_plan(Profile(screen=Screen(fever=True, trauma=True)), CATALOGUE, [], MONDAY)
    assert urgent.referral is not None and urgent.referral.urgent
    assert urgent.referral.level == "urgent" and "today" in urgent.referral.message
    assert len(urgent.referral.reasons) == 2
    soon = make_plan(Profile(screen=Screen(weight_loss=True)), CATALOGUE, [], MONDAY)
    assert soon.referral is not None and not soon.referral.urgent
    assert soon.referral.level == "soon" and "two weeks" in soon.referral.message
