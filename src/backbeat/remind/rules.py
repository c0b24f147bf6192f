"""Which reminders are due: a function of the day's slots, the journal and the time.

Each slot gets a first reminder at its time. One that goes unanswered gets one gentle repeat
15 minutes later; a snooze brings it back after the snooze; done, started, skipped or closed,
it is over. A slot already done (logged) is not reminded. Nothing is sent after the slot's
``until``, in quiet hours, during a pause, or at the desk while the person is away on a natural
break (and a desk reminder waits a whole break interval after they come back). After three
skipped reminders in a row, every other slot is left out and nothing is repeated, until the
person starts or does one; that is said once, with the next reminder.

A reminder held back for a better moment (``held-...`` in the journal: see ``hold``) keeps its
place until its slot's ``until`` rather than 15 minutes; once any reminder is sent after the
hold (the one catch-up), the others held are let go.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, time, timedelta
from typing import Literal

from backbeat.plan.profile import Profile
from backbeat.records import HELD_EVENTS, MoveRecord, Record, ReminderRecord, SessionRecord
from backbeat.remind import messages
from backbeat.remind.due import Due, in_spans
from backbeat.remind.rest import Rest

REPEAT_AFTER = timedelta(minutes=15)
GRACE = timedelta(minutes=15)  # a reminder not sent this long after its time is let go
BACK_OFF_AFTER = 3
CLOSING = frozenset({"done", "started", "skipped", "dismissed"})
ACTED = frozenset({"done", "started"})

Kind = Literal["first", "repeat", "snoozed"]


@dataclass(frozen=True, slots=True)
class Settings:
    """The person's choices that shape reminders (from the profile's ``[prefs]``)."""

    break_every: timedelta = timedelta(minutes=30)
    snooze: timedelta = timedelta(minutes=10)
    quiet: tuple[tuple[time, time], ...] = ()

    @classmethod
    def of(cls, profile: Profile) -> Settings:
        prefs = profile.prefs
        return cls(
            timedelta(minutes=prefs.break_every), timedelta(minutes=prefs.snooze), prefs.quiet
        )


@dataclass(frozen=True, slots=True)
class Known:
    """What is known besides the plan: the journal's records, oldest first (records of one
    instant in the order they were made, as an answer follows its reminder), the natural breaks
    seen, and the end of a pause."""

    records: Sequence[Record] = ()
    rest: Rest = field(default_factory=Rest)
    paused_until: datetime | None = None


@dataclass(frozen=True, slots=True)
class Reminder:
    """A reminder to deliver at ``at``; ``notice`` is a word said once beside it."""

    due: Due
    at: datetime
    kind: Kind = "first"
    notice: str | None = None
    held: bool = False  # it waited for a better moment: shown now, it is the catch-up

    @property
    def title(self) -> str:
        return messages.title(self.due.moment, self.kind)

    @property
    def text(self) -> str:
        return self.due.text


def due_now(dues: Sequence[Due], known: Known, settings: Settings, now: datetime) -> list[Reminder]:
    """The reminders to deliver at ``now``."""
    return [r for r in upcoming(dues, known, settings, now) if r.at <= now]


def upcoming(
    dues: Sequence[Due], known: Known, settings: Settings, now: datetime
) -> list[Reminder]:
    """The next reminder of every slot that still has one, in time order; one whose time has
    passed is kept only while it may still be sent."""
    since = backing_off(known.records)
    thinned = _thinned(dues, since)
    sent = _last_sent(known.records)
    found: list[Reminder] = []
    for due in dues:
        reminder = _next(due, known, settings, since, thinned, sent)
        if reminder is None:
            continue
        grace = due.until if reminder.held else min(reminder.at + GRACE, due.until)
        if now < grace:
            found.append(reminder)
    return _with_notice(sorted(found, key=lambda r: r.at), known.records, since)


def day_reminders(dues: Sequence[Due], known: Known, settings: Settings) -> list[Reminder]:
    """The day's first reminders as the rules place them in advance (no repeats or snoozes,
    which depend on answers; no natural breaks, which nobody can know yet)."""
    since = backing_off(known.records)
    thinned = _thinned(dues, since)
    ahead = Known(known.records, Rest(), known.paused_until)
    found = [
        r
        for due in dues
        if not done(due, known.records)
        and (r := _allowed(Reminder(due, due.at), ahead, settings, thinned)) is not None
    ]
    return _with_notice(found, known.records, since)


def done(due: Due, records: Iterable[Record]) -> bool:
    """Whether the slot was done: one of its movements checked in, a session of that slot, or
    a reminder of it answered with Start or Done, between its time and its ``until``."""
    return any(_does(record, due) for record in _aware(records))


def _does(record: Record, due: Due) -> bool:
    if isinstance(record, ReminderRecord):
        return _of(record, due) and record.reminder in ACTED
    if not due.at <= record.at < due.until:
        return False
    if isinstance(record, SessionRecord):
        return _names(record.slot, due) and bool(record.done)
    return isinstance(record, MoveRecord) and record.move in due.moves


def backing_off(records: Iterable[Record]) -> datetime | None:
    """When backing off began: the third of the skipped reminders in a row at the end of the
    journal. Starting or doing one, or any movement checked in, ends the run."""
    run = _run(_in_order(records))
    return run[0].at if run else None


def _run(records: list[Record]) -> list[Record]:
    """The records from the third skip in a row on, when the journal ends in such a run."""
    skips: list[int] = []
    for n, record in enumerate(records):
        if isinstance(record, ReminderRecord):
            if record.reminder == "skipped":
                skips.append(n)
            elif record.reminder in ACTED:
                skips = []
        elif isinstance(record, MoveRecord | SessionRecord):
            skips = []
    return records[skips[BACK_OFF_AFTER - 1] :] if len(skips) >= BACK_OFF_AFTER else []


def held(record: Record) -> bool:
    return isinstance(record, ReminderRecord) and record.reminder in HELD_EVENTS


def _last_sent(records: Iterable[Record]) -> datetime | None:
    """When the last reminder of any slot was sent: it ends every hold before it."""
    times = [
        r.at for r in _aware(records) if isinstance(r, ReminderRecord) and r.reminder == "sent"
    ]
    return max(times, default=None)


def _next(
    due: Due,
    known: Known,
    settings: Settings,
    since: datetime | None,
    thinned: set[datetime],
    last_sent: datetime | None = None,
) -> Reminder | None:
    """The slot's next reminder by its answers so far, before any rule that leaves it out."""
    if done(due, known.records):
        return None
    mine = sorted(
        (r for r in known.records if isinstance(r, ReminderRecord) and _of(r, due)),
        key=lambda r: r.at,
    )
    waiting = bool(mine) and held(mine[-1])
    if waiting and last_sent is not None and last_sent >= mine[-1].at:
        return None  # another reminder was the catch-up after this one was held
    events = [e for e in mine if not held(e)]
    if any(e.reminder in CLOSING for e in events):
        return None
    reminder = Reminder(due, due.at)
    if events and events[-1].reminder == "snoozed":
        reminder = Reminder(due, events[-1].at + settings.snooze, "snoozed")
    elif events:
        sent = sum(e.reminder == "sent" for e in events)
        snoozed = sum(e.reminder == "snoozed" for e in events)
        if sent - snoozed > 1 or due.car or since is not None:
            return None  # one repeat only; none on the road; none while backing off
        reminder = Reminder(due, events[-1].at + REPEAT_AFTER, "repeat")
    return _allowed(replace(reminder, held=waiting), known, settings, thinned)


def _allowed(
    reminder: Reminder, known: Known, settings: Settings, thinned: set[datetime]
) -> Reminder | None:
    """The reminder as the rules let it be: moved back after a natural break, or left out."""
    due = reminder.due
    if reminder.kind == "first" and due.at in thinned:
        return None
    if due.desk:
        if known.rest.away:
            return None
        if known.rest.back_at is not None:
            reminder = replace(
                reminder, at=max(reminder.at, known.rest.back_at + settings.break_every)
            )
    at = reminder.at
    if at >= due.until or in_spans(at.astimezone(due.at.tzinfo), settings.quiet):
        return None
    if known.paused_until is not None and at < known.paused_until:
        return None
    return reminder


def _thinned(dues: Sequence[Due], since: datetime | None) -> set[datetime]:
    """While backing off, every other slot from then on is left out (the first one stays)."""
    if since is None:
        return set()
    later = sorted({d.at for d in dues if d.at >= since})
    return set(later[1::2])


def _with_notice(
    found: list[Reminder], records: Sequence[Record], since: datetime | None
) -> list[Reminder]:
    """Say once, with the first reminder after backing off began, that it has."""
    if since is None or not found:
        return found
    run = _run(_in_order(records))
    if any(isinstance(r, ReminderRecord) and r.reminder == "sent" for r in run):
        return found
    return [replace(found[0], notice=messages.BACKED_OFF), *found[1:]]


def _of(record: ReminderRecord, due: Due) -> bool:
    return _names(record.slot, due) and record.due == due.at


def _names(slot: str | None, due: Due) -> bool:
    """Whether a record's ``slot`` is this one: by its id, or (records made before slots had
    ids) by its moment."""
    return slot is not None and slot in (due.slot.id, due.moment)


def _aware(records: Iterable[Record]) -> list[Record]:
    """Records with a time zone: only those can be put in order with the plan's instants."""
    return [r for r in records if r.at.tzinfo is not None]


def _in_order(records: Iterable[Record]) -> list[Record]:
    """Oldest first; records of one instant stay in the order they were made."""
    return sorted(_aware(records), key=lambda r: r.at)
