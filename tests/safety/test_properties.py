"""Properties of the screen over random people and histories: no red flag, at any level and in
any combination, ever yields a slot, a calendar event, a reminder or a session that may start."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backbeat.plan.builder import make_plan
from backbeat.plan.profile import Profile
from backbeat.plan.profile_file import ProfileState
from backbeat.records import Record
from backbeat.remind.calendar import plan_calendar
from backbeat.remind.due import dues
from backbeat.remind.rules import Known, Settings, day_reminders
from backbeat.safety.screen import ADAPTING, RED_FLAGS, Screen, refer
from backbeat.session.gate import Asked, gate
from tests.plan.strategies import CATALOGUE, histories, profiles

SETTINGS = settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow])
START = date(2026, 11, 23)
ZONE = ZoneInfo("Europe/Berlin")
flags = st.sets(st.sampled_from(RED_FLAGS), min_size=1)
others = st.sets(st.sampled_from(ADAPTING))


def flagged(profile: Profile, keys: set[str], extra: set[str]) -> Profile:
    return profile.model_copy(update={"screen": Screen(**dict.fromkeys(keys | extra, True))})


@SETTINGS
@given(profiles, flags, others, st.data(), st.integers(0, 20), st.integers(1, 10))
def test_no_red_flag_ever_yields_a_slot_an_event_a_reminder_or_a_session(
    profile: Profile,
    keys: set[str],
    extra: set[str],
    data: st.DataObject,
    offset: int,
    days: int,
) -> None:
    person = flagged(profile, keys, extra)
    history: list[Record] = data.draw(histories(datetime(2026, 11, 2)))
    start = START + timedelta(days=offset)
    plan = make_plan(person, CATALOGUE, history, start, days)
    assert plan.referral is not None and all(day.slots == () for day in plan.days)
    calendar = plan_calendar(plan, person, CATALOGUE, ZONE, datetime(2026, 11, 22, tzinfo=UTC))
    assert not calendar.walk("VEVENT")
    names = {m.id: m.name for m in CATALOGUE.movements.values()}
    for day in plan.days:
        due = dues(day, person, names, ZONE)
        assert due == [] and day_reminders(due, Known(history), Settings.of(person)) == []
    state = ProfileState(Path("profile.toml"), True, person, (), refer(person.screen))
    asking: tuple[Asked, ...] = ("slot", "moves", "break")
    for asked in asking:
        refusal = gate(state, asked)
        assert refusal is not None and refusal.why == "referral"


@SETTINGS
@given(profiles, others)
def test_the_adapting_answers_alone_never_withhold_a_plan_unless_together(
    profile: Profile, extra: set[str]
) -> None:
    person = flagged(profile, set(), extra)
    referral = refer(person.screen)
    together = {"osteoporosis_steroids", "minor_injury"} <= extra
    assert (referral is not None) == together
    if referral is not None:
        assert referral.level == "urgent"
