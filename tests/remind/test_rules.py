"""The reminder rules, one by one, with a clock that is a value: a worker's Monday in Paris."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from backbeat.plan.builder import make_plan
from backbeat.plan.profile import WEEKDAYS, Day, Prefs, Profile, WorkBlock
from backbeat.records import MoveRecord, Record, ReminderEvent, ReminderRecord, SessionRecord
from backbeat.remind import messages
from backbeat.remind.due import Due, dues
from backbeat.remind.rest import Rest
from backbeat.remind.rules import (
    BACK_OFF_AFTER,
    GRACE,
    REPEAT_AFTER,
    Known,
    Reminder,
    Settings,
    backing_off,
    day_reminders,
    due_now,
    upcoming,
)
from tests.plan.strategies import CATALOGUE

PARIS = ZoneInfo("Europe/Paris")
MONDAY = date(2026, 11, 23)
NAMES = {m.id: m.name for m in CATALOGUE.movements.values()}
WORKER = Profile(
    day=Day(
        wake=time(7),
        sleep=time(23),
        work=(
            WorkBlock(start=time(9), end=time(12), days=WEEKDAYS),
            WorkBlock(start=time(13), end=time(15), place="car", days=WEEKDAYS),
        ),
    ),
    prefs=Prefs(walk=False, minutes_per_day=60),
)


def day_of(profile: Profile = WORKER, on: date = MONDAY, zone: ZoneInfo = PARIS) -> list[Due]:
    plan = make_plan(profile, CATALOGUE, [], on)
    return dues(plan.days[0], profile, NAMES, zone)


def at(hour: int, minute: int = 0, on: date = MONDAY) -> datetime:
    return datetime.combine(on, time(hour, minute), PARIS)


def slot(found: list[Due], hhmm: str, moment: str | None = None) -> Due:
    return next(d for d in found if d.slot.time == hhmm and moment in (None, d.moment))


def event(due: Due, kind: ReminderEvent, when: datetime) -> ReminderRecord:
    return ReminderRecord(at=when, reminder=kind, slot=due.moment, due=due.at, moves=[*due.moves])


def now_due(found: list[Due], when: datetime, *records: Record, **known: object) -> list[Reminder]:
    return due_now(found, Known(list(records), **known), Settings.of(WORKER), when)  # type: ignore[arg-type]


def test_a_slot_is_reminded_at_its_time_with_one_line_of_what_and_how_long() -> None:
    found = day_of()
    desk = slot(found, "10:00")
    assert now_due(found, at(9, 59)) == []
    (reminder,) = now_due(found, at(10, 0))
    assert reminder.due == desk and reminder.kind == "first" and reminder.at == at(10)
    assert reminder.title == "Desk break"
    assert reminder.text == "Neck tilts, 1 minute" and "\n" not in reminder.text


def test_one_gentle_repeat_15_minutes_after_a_reminder_nobody_answered() -> None:
    found = day_of()
    desk = slot(found, "10:00")
    sent = event(desk, "sent", at(10, 0))
    assert now_due(found, at(10, 14), sent) == []
    (repeat,) = now_due(found, at(10, 15), sent)
    assert repeat.kind == "repeat" and repeat.at == at(10, 0) + REPEAT_AFTER
    assert repeat.title == "Desk break, in case you missed it"
    again = event(desk, "sent", at(10, 15))
    assert [r.due for r in now_due(found, at(10, 29), sent, again)] == []


@pytest.mark.parametrize("answer", ["done", "started", "skipped", "dismissed"])
def test_an_answered_or_closed_reminder_is_not_repeated(answer: ReminderEvent) -> None:
    found = day_of()
    desk = slot(found, "10:00")
    records = [event(desk, "sent", at(10)), event(desk, answer, at(10, 2))]
    assert now_due(found, at(10, 15), *records) == []
    assert now_due(found, at(10, 20), *records) == []


def test_a_slot_already_done_is_not_reminded_again() -> None:
    found = day_of()
    desk = slot(found, "10:00")
    logged = MoveRecord(at=at(10, 3), move=desk.moves[0], pain_during=2)
    assert now_due(found, at(10, 15), event(desk, "sent", at(10)), logged) == []
    late_start = at(10, 5)  # the daemon starts after the person did the slot on their own
    assert now_due(found, late_start, logged) == []
    session = SessionRecord(
        at=at(10, 1), ended=at(10, 3), session=[*desk.moves], slot="desk", done=[*desk.moves]
    )
    assert now_due(found, late_start, session) == []
    other = MoveRecord(at=at(10, 3), move="knee-hugs", pain_during=2)
    assert [r.due for r in now_due(found, late_start, other)] == [desk]


def test_snooze_brings_the_reminder_back_after_the_snooze_the_profile_sets() -> None:
    found = day_of()
    desk = slot(found, "10:00")
    records = [event(desk, "sent", at(10)), event(desk, "snoozed", at(10, 1))]
    assert now_due(found, at(10, 10), *records) == []
    (snoozed,) = now_due(found, at(10, 11), *records)
    assert snoozed.kind == "snoozed" and snoozed.title == "Desk break, as you asked"
    five = Settings.of(WORKER.model_copy(update={"prefs": Prefs(walk=False, snooze=5)}))
    (early,) = due_now(found, Known(records), five, at(10, 6))
    assert early.at == at(10, 6)


def test_a_snooze_or_repeat_never_runs_into_the_next_slot_or_past_the_work_block() -> None:
    found = day_of()
    last = slot(found, "11:30")  # the 09:00-12:00 block ends at noon
    records = [event(last, "sent", at(11, 30)), event(last, "snoozed", at(11, 55))]
    assert now_due(found, at(12, 5), *records) == []
    assert last.until == at(12)
    ten = slot(found, "10:00")
    records = [event(ten, "sent", at(10, 20)), event(ten, "snoozed", at(10, 25))]
    assert ten not in [r.due for r in now_due(found, at(10, 35), *records)]  # the next break's


def test_a_reminder_not_sent_within_its_grace_is_let_go() -> None:
    found = day_of()
    assert [r.due.slot.time for r in now_due(found, at(10) + GRACE - timedelta(seconds=1))] == [
        "10:00"
    ]
    assert now_due(found, at(10) + GRACE) == []


def test_car_slots_are_for_the_next_stop_and_never_repeated() -> None:
    found = day_of()
    car = slot(found, "14:00")
    assert car.text.startswith("Once you have parked, with the engine off: ")
    (first,) = now_due(found, at(14))
    assert first.title == "Driving break"
    assert now_due(found, at(14, 16), event(car, "sent", at(14))) == []


def test_quiet_hours_are_quiet_for_first_reminders_and_repeats() -> None:
    quiet = WORKER.model_copy(
        update={"prefs": Prefs(walk=False, minutes_per_day=60, quiet=("10:10-10:50",))}
    )
    found = day_of(quiet)
    settings = Settings.of(quiet)
    ten = slot(found, "10:00")
    assert [r.due for r in due_now(found, Known(), settings, at(10))] == [ten]
    assert due_now(found, Known([event(ten, "sent", at(10))]), settings, at(10, 15)) == []
    assert due_now(found, Known(), settings, at(10, 30)) == []
    reminders = day_reminders(found, Known(), settings)
    assert "10:30" not in [r.due.slot.time for r in reminders]


def test_a_pause_holds_every_reminder_until_it_ends() -> None:
    found = day_of()
    assert now_due(found, at(10), paused_until=at(11, 15)) == []
    assert now_due(found, at(11), paused_until=at(11, 15)) == []
    assert [r.due.slot.time for r in now_due(found, at(11, 30), paused_until=at(11, 15))] == [
        "11:30"
    ]
    ahead = day_reminders(found, Known(paused_until=at(11, 15)), Settings.of(WORKER))
    assert [r.due.slot.time for r in ahead][:2] == ["11:30", "14:00"]


def skips(found: list[Due], *times: str) -> list[Record]:
    records: list[Record] = []
    for hhmm in times:
        due = slot(found, hhmm)
        records += [
            event(due, "sent", due.at),
            event(due, "skipped", due.at + timedelta(minutes=1)),
        ]
    return records


def test_three_skips_in_a_row_mean_fewer_reminders_said_once_until_one_is_done() -> None:
    found = day_of()
    two = skips(found, "07:00", "07:15")
    assert backing_off(two) is None
    three = skips(found, "07:00", "07:15", "09:30")
    assert backing_off(three) == at(9, 31)
    settings = Settings.of(WORKER)
    left = [r.due.slot.time for r in day_reminders(found, Known(three), settings)]
    assert left == ["07:00", "07:15", "09:30", "10:00", "11:00", "14:00", "22:50"]
    (first,) = due_now(found, Known(three), settings, at(10))
    assert first.notice == messages.BACKED_OFF
    said = [*three, event(first.due, "sent", at(10))]
    assert due_now(found, Known(said), settings, at(10, 15)) == []  # no repeats either
    (next_one,) = due_now(found, Known(said), settings, at(11))
    assert next_one.notice is None  # said once
    done = [*said, event(first.due, "done", at(10, 16))]
    assert backing_off(done) is None
    assert [r.due.slot.time for r in due_now(found, Known(done), settings, at(10, 30))] == ["10:30"]


def test_a_movement_checked_in_ends_a_run_of_skips() -> None:
    found = day_of()
    records = [*skips(found, "07:00", "07:15"), MoveRecord(at=at(9), move="cat-cow", pain_during=1)]
    records += skips(found, "09:30")
    assert len([r for r in records if getattr(r, "reminder", "") == "skipped"]) == BACK_OFF_AFTER
    assert backing_off(records) is None


def test_away_on_a_natural_break_no_desk_reminder_comes_and_the_next_waits_a_break() -> None:
    found = day_of()
    away = Rest(away_since=at(9, 20))
    assert now_due(found, at(10), rest=away) == []
    back = Rest(back_at=at(10, 5))  # 45 minutes away: longer than the 30-minute interval
    assert now_due(found, at(10, 5), rest=back) == []
    assert now_due(found, at(10, 30), rest=back) == []
    (pushed,) = now_due(found, at(10, 35), rest=back)
    assert pushed.due.slot.time == "10:30" and pushed.at == at(10, 35)
    assert [r.due.slot.time for r in now_due(found, at(11), rest=back)] == ["11:00"]
    morning = Rest(away_since=at(6, 0))  # away from the computer is no reason to skip the floor
    assert [r.due.slot.time for r in now_due(found, at(7, 15), rest=morning)] == ["07:15"]


def test_idle_samples_fold_into_natural_breaks() -> None:
    threshold = timedelta(minutes=30)
    rest = Rest().observe(at(9), 60, threshold)
    assert rest == Rest()
    rest = rest.observe(at(9, 40), 31 * 60, threshold)
    assert rest.away and rest.away_since == at(9, 9)
    rest = rest.observe(at(9, 50), 5, threshold)
    assert not rest.away and rest.back_at == at(9, 50) - timedelta(seconds=5)
    assert rest.observe(at(9, 51), None, threshold) == rest


def test_a_night_shift_is_reminded_after_midnight_on_the_right_day() -> None:
    night = Profile(
        day=Day(
            wake=time(15),
            sleep=time(7),
            work=(WorkBlock(start=time(22), end=time(6), days=WEEKDAYS),),
        ),
        prefs=Prefs(walk=False),
    )
    found = day_of(night)
    after_midnight = [d for d in found if d.at.date() > MONDAY]
    assert after_midnight and all(d.at.time() < time(7) for d in after_midnight)
    first = after_midnight[0]
    assert [r.due for r in due_now(found, Known(), Settings.of(night), first.at)] == [first]


def test_on_a_daylight_saving_day_slots_keep_their_wall_clock_times() -> None:
    spring = date(2026, 3, 29)  # Paris moves from 02:00 to 03:00
    found = day_of(on=spring)
    desk = slot(found, "10:00")
    assert desk.at.utcoffset() == timedelta(hours=2)
    assert [r.due for r in now_due(found, datetime(2026, 3, 29, 8, tzinfo=ZoneInfo("UTC")))] == [
        desk
    ]


def test_upcoming_lists_the_next_reminder_of_each_slot_in_time_order() -> None:
    found = day_of()
    later = upcoming(found, Known(), Settings.of(WORKER), at(10, 5))
    assert [r.at for r in later] == sorted(r.at for r in later)
    assert later[0].due.slot.time == "10:00"  # still within its grace
    assert all(r.at >= at(10) for r in later)


@pytest.mark.parametrize(
    ("names", "seconds", "text"),
    [
        (["Shoulder rolls", "Seated twist"], 62, "Shoulder rolls and seated twist, 1 minute"),
        (["Neck tilts"], 28, "Neck tilts, 30 seconds"),
        (["A", "B", "C", "D", "E"], 250, "A, b and 3 more, 4 minutes"),
    ],
)
def test_reminder_text_is_one_short_line(names: list[str], seconds: float, text: str) -> None:
    assert messages.reminder_text(names, seconds) == text
    assert messages.reminder_text(names[:1], 20, car=True).startswith("Once you have parked")
