"""The reminder rules over random days: random people answer (or ignore) each reminder at random,
the clock jumps from one event to the next, and every reminder sent must keep every rule."""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from backbeat.plan.builder import make_plan
from backbeat.plan.profile import Profile
from backbeat.records import MoveRecord, Record, ReminderEvent, ReminderRecord
from backbeat.remind import messages
from backbeat.remind.due import Due, dues, in_spans
from backbeat.remind.rest import Rest
from backbeat.remind.rules import (
    REPEAT_AFTER,
    Known,
    Reminder,
    Settings,
    backing_off,
    day_reminders,
    due_now,
    upcoming,
)
from tests.plan.strategies import CATALOGUE, profiles, times

PARIS = ZoneInfo("Europe/Paris")
NAMES = {m.id: m.name for m in CATALOGUE.movements.values()}
DAYS = [date(2026, 11, 23), date(2026, 11, 28), date(2026, 3, 29), date(2026, 10, 25)]
ANSWERS: list[ReminderEvent | None] = [
    "skipped",
    None,
    "snoozed",
    "skipped",
    "done",
    "dismissed",
    "started",
    "skipped",
]  # skips come first and weigh more, so that runs of three happen
RULES = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@dataclass
class Day:
    """One simulated day: what was sent, and everything the journal holds, oldest first."""

    found: list[Due]
    settings: Settings
    paused_until: datetime | None
    rest: Rest
    sent: list[tuple[datetime, Reminder]] = field(default_factory=list)
    known_then: list[int] = field(default_factory=list)  # how many records each was sent on
    records: list[Record] = field(default_factory=list)


spans = st.builds(
    lambda start, length: (
        start,
        time((start.hour * 60 + start.minute + length) // 60 % 24, (start.minute + length) % 60),
    ),
    times,
    st.integers(15, 180),
)  # a lunch, a meeting, a film


@st.composite
def people(draw: st.DrawFn) -> tuple[Profile, date]:
    profile = draw(profiles)
    prefs = profile.prefs.model_copy(
        update={
            "quiet": tuple(draw(st.lists(spans, max_size=1))) if draw(st.booleans()) else (),
            "snooze": draw(st.integers(1, 60)),
        }
    )
    return profile.model_copy(update={"prefs": prefs}), draw(st.sampled_from(DAYS))


def simulate(data: st.DataObject, profile: Profile, on: date) -> Day:
    plan = make_plan(profile, CATALOGUE, [], on)
    found = dues(plan.days[0], profile, NAMES, PARIS)
    start = datetime.combine(on, profile.day.wake, PARIS)
    minutes = st.integers(0, 26 * 60).map(lambda m: start + timedelta(minutes=m))
    rarely = st.one_of(st.none(), st.none(), st.none(), minutes)
    paused = data.draw(rarely, label="paused until")
    back = data.draw(rarely, label="back from a natural break")
    day = Day(found, Settings.of(profile), paused, Rest(back_at=back))
    pending: list[tuple[datetime, int, Record]] = []
    for n, due in enumerate(found):  # some slots done without a reminder, at some moment
        if due.moves and data.draw(st.integers(0, 5), label="did it alone") == 5:
            when = due.at + timedelta(minutes=data.draw(st.integers(0, 40)))
            move = MoveRecord(at=when, move=due.moves[0], pain_during=2)
            heapq.heappush(pending, (when, -1 - n, move))
    now = found[0].at if found else start
    for _ in range(400):
        while pending and pending[0][0] <= now:
            day.records.append(heapq.heappop(pending)[2])
        known = Known(list(day.records), day.rest, paused)
        for reminder in due_now(found, known, day.settings, now):
            day.sent.append((now, reminder))
            day.known_then.append(len(known.records))
            day.records.append(_event(reminder, "sent", now))
            answer = data.draw(st.sampled_from(ANSWERS), label="answer")
            if answer is not None:
                when = now + timedelta(minutes=data.draw(st.integers(0, 20), label="after"))
                heapq.heappush(pending, (when, len(day.records), _event(reminder, answer, when)))
        known = Known(list(day.records), day.rest, paused)
        later = [r.at for r in upcoming(found, known, day.settings, now) if r.at > now]
        later += [p[0] for p in pending if p[0] > now]
        if not later:
            break
        now = min(later)
    day.records += [p[2] for p in sorted(pending)]
    return day


def _event(reminder: Reminder, kind: ReminderEvent, when: datetime) -> ReminderRecord:
    due = reminder.due
    return ReminderRecord(at=when, reminder=kind, slot=due.moment, due=due.at, moves=[*due.moves])


def _before(day: Day, due: Due, when: datetime) -> list[Record]:
    """The records about ``due`` made before ``when`` (a slot's own movements, its events)."""
    return [
        r
        for r in day.records
        if r.at < when
        and (
            (isinstance(r, ReminderRecord) and r.slot == due.moment and r.due == due.at)
            or (isinstance(r, MoveRecord) and r.move in due.moves and due.at <= r.at < due.until)
        )
    ]


@RULES
@given(people(), st.data())
def test_every_reminder_sent_keeps_every_rule(person: tuple[Profile, date], data: st.DataObject):
    profile, on = person
    day = simulate(data, profile, on)
    for kind in sorted({r.kind for _, r in day.sent}):
        event(f"a {kind} reminder was sent")
    for sent_at, reminder in day.sent:
        due = reminder.due
        assert due.at <= sent_at < due.until  # at its slot, in waking hours, in its work block
        assert reminder.at <= sent_at
        assert not in_spans(sent_at, day.settings.quiet)
        assert day.paused_until is None or sent_at >= day.paused_until
        before = _before(day, due, sent_at)
        kinds = [r.reminder for r in before if isinstance(r, ReminderRecord)]
        assert not any(isinstance(r, MoveRecord) for r in before)  # not done already
        assert not {"done", "started", "skipped", "dismissed"} & set(kinds)
        if reminder.kind == "repeat":
            assert kinds[-1] == "sent" and not due.car
            last = max(r.at for r in before if isinstance(r, ReminderRecord))
            assert sent_at - last >= REPEAT_AFTER
        if reminder.kind == "snoozed":
            snoozed = max(r.at for r in before if getattr(r, "reminder", "") == "snoozed")
            assert sent_at - snoozed >= day.settings.snooze
        assert kinds.count("sent") <= 1 + kinds.count("snoozed")  # one repeat at most
        if due.desk and day.rest.back_at is not None:
            assert sent_at >= day.rest.back_at + day.settings.break_every
        assert "\n" not in reminder.text and len(reminder.text) <= 120
        assert due.car == reminder.text.startswith("Once you have parked")


@RULES
@given(people(), st.data())
def test_after_three_skips_in_a_row_there_are_no_repeats_and_it_is_said_once(
    person: tuple[Profile, date], data: st.DataObject
) -> None:
    profile, on = person
    day = simulate(data, profile, on)
    said: list[datetime] = []
    for (_, reminder), known in zip(day.sent, day.known_then, strict=True):
        since = backing_off(day.records[:known])
        if since is not None:
            assert reminder.kind != "repeat"
        if reminder.notice is not None:
            assert reminder.notice == messages.BACKED_OFF and since is not None
            said.append(since)
    event(f"{len(said)} notice(s) of backing off")
    assert len(said) == len(set(said))  # once for each run of skips


@RULES
@given(people())
def test_the_days_reminders_are_its_slots_in_time_order_minus_quiet_hours(
    person: tuple[Profile, date],
) -> None:
    profile, on = person
    found = dues(make_plan(profile, CATALOGUE, [], on).days[0], profile, NAMES, PARIS)
    listed = day_reminders(found, Known(), Settings.of(profile))
    assert [r.at for r in listed] == sorted(r.at for r in listed)
    kept = [d for d in found if not in_spans(d.at, profile.prefs.quiet)]
    assert [r.due for r in listed] == kept
    wake = datetime.combine(on, profile.day.wake, PARIS)
    assert all(wake <= r.at <= r.due.until <= wake + timedelta(hours=24) for r in listed)
    assert all(r.at.time().replace(second=0) == time.fromisoformat(r.due.slot.time) for r in listed)
