"""The plan day, and where a person stands in it: one definition for every face.

A plan day runs from the person's wake time to their next wake time, so 00:30 or 03:00 before
waking still belongs to the day before, and a night shift that wakes at 15:00 keeps 01:00 in the
day that began the afternoon before. ``plan``, ``calendar``, ``now``, ``remind``, ``session
--slot``, the web pages and the API all ask here which day it is.

Pure: the profile, catalogue, history and the local time come in.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from backbeat.catalog.catalogue import Catalogue
from backbeat.plan.builder import make_plan
from backbeat.plan.day import DAY, minutes_of
from backbeat.plan.history import History, window
from backbeat.plan.model import DayPlan, Plan, Slot
from backbeat.plan.profile import Profile
from backbeat.records import (
    ForgetRecord,
    MorningRecord,
    MoveRecord,
    Record,
    ReminderRecord,
    SessionRecord,
)
from backbeat.safety.screen import Referral


def plan_day(now: datetime, wake: time) -> date:
    """The plan day ``now`` (local wall-clock time) belongs to."""
    return (now.replace(tzinfo=None) - timedelta(minutes=minutes_of(wake))).date()


def minutes_awake(now: datetime, wake: time) -> int:
    """Wall-clock minutes since the wake time that began ``now``'s plan day."""
    return (minutes_of(now.time()) - minutes_of(wake)) % DAY


def asleep(now: datetime, wake: time, sleep: time) -> bool:
    """Whether ``now`` falls in the person's sleeping hours, from ``sleep`` to ``wake`` (past
    midnight or not: a night shift sleeps from 08:00 to 15:00)."""
    span = (minutes_of(wake) - minutes_of(sleep)) % DAY
    return (minutes_of(now.time()) - minutes_of(sleep)) % DAY < span


def due(slots: Sequence[Slot], awake: int, done: Collection[str] = ()) -> Slot | None:
    """The slot due now: the last one that has begun, unless it is done (its id is in
    ``done``); otherwise the next one not done. None when nothing is left."""
    begun = [s for s in slots if s.offset <= awake]
    if begun and begun[-1].id not in done:
        return begun[-1]
    return next((s for s in slots if s.offset > awake and s.id not in done), None)


def done_today(day: DayPlan, records: Sequence[Record], now: datetime, wake: time) -> set[str]:
    """Ids of the day's slots already done: a session played for the slot, or a check-in for
    one of a slot's movements between its start and the next later slot's. Times without a
    zone are taken as local."""
    done: set[str] = set()
    ids = {s.id for s in day.slots}
    starts = sorted({s.offset for s in day.slots})
    for record in records:
        if isinstance(record, SessionRecord) and record.slot in ids:
            if record.done or record.stopped:
                done.add(record.slot)
            continue
        if not isinstance(record, MoveRecord):
            continue
        at = record.at.astimezone(now.tzinfo) if record.at.tzinfo and now.tzinfo else record.at
        if plan_day(at, wake) != day.date:
            continue
        offset = minutes_awake(at, wake)
        for slot in day.slots:
            end = min((o for o in starts if o > slot.offset), default=DAY)
            if slot.offset <= offset < end and record.move in {i.move for i in slot.items}:
                done.add(slot.id)
    return done


@dataclass(frozen=True)
class Today:
    """Today's plan as it stands at a moment: how long since waking, which slots are done."""

    plan: Plan
    now: datetime
    awake: int  # minutes since waking
    done: frozenset[str]  # ids of the slots already done
    woke: datetime  # when this plan day began: the wake time on its date
    skipped: frozenset[str] = frozenset()  # ids of the slots whose reminder was turned down

    def later(self, now: datetime) -> Today:
        """Where the person stands at a later moment of the same plan day, when nothing was
        recorded meanwhile: only the time moves (the plan, and what is done, stay)."""
        return replace(self, now=now, awake=minutes_awake(now, self.woke.time()))

    def moment(self, now: datetime) -> tuple[int, int]:
        """What a later moment of the same plan day changes in where the person stands: how
        many slots have begun, and how many are past their start. Two moments that give the
        same have the same slot due (due now, or next) and the same slots past, so a page of
        Today made at one is the page of the other: it need not be made each minute."""
        awake = minutes_awake(now, self.woke.time())
        offsets = [s.offset for s in self.day.slots]
        return sum(o <= awake for o in offsets), sum(o < awake for o in offsets)

    def adding(self, records: Sequence[Record], now: datetime) -> Today | None:
        """Where the person stands at a later moment of the same plan day once ``records``
        were added to the journal, without planning the day again, when none of them can
        change its plan (``reshapes``): a check-in or a session can only mark more slots done,
        a Skip more skipped. None when one can, and the day must be planned again.

        This is what lets another program log a check-in every few seconds while a page of
        Today stays quick: the plan of a day is decided from what came before it."""
        if any(reshapes(record, self.day.date) for record in records):
            return None
        return replace(
            self.later(now),
            done=self.done | done_today(self.day, records, now, self.woke.time()),
            skipped=self.skipped | skipped_today(self.day, records),
        )

    @property
    def finished(self) -> bool:
        """Whether every slot of the day is done or skipped: only then is the day over (Today's
        closing line), however late it is."""
        return all(s.id in self.done or s.id in self.skipped for s in self.day.slots)

    @property
    def day(self) -> DayPlan:
        return self.plan.days[0]

    @property
    def due(self) -> Slot | None:
        return due(self.day.slots, self.awake, self.done)

    def slot(self, slot_id: str) -> Slot | None:
        """Today's slot with that id (or, for a name typed by a person, the slot of that
        moment due now: ``tv`` finds the ``TV`` slot)."""
        found = next((s for s in self.day.slots if s.id == slot_id), None)
        return found if found is not None else slot_named(self.day, slot_id, self.awake)

    def at(self, slot: Slot) -> datetime:
        """The instant a slot begins (for reminders while a page is open)."""
        return self.woke + timedelta(minutes=slot.offset)

    def as_json(self) -> dict[str, object]:
        """What ``GET /api/v1/today`` answers: the plan day, its slots with their ids and
        whether each is done, the slot due now, and the referral (null when none)."""
        due_slot = self.due
        return {
            "date": self.day.date.isoformat(),
            "now": self.now.isoformat(),
            "week": self.plan.week,
            "awake_minutes": self.awake,
            "referral": self.plan.referral.as_json() if self.plan.referral else None,
            "slots": [
                {**s.as_json(), "at": self.at(s).isoformat(), "done": s.id in self.done}
                for s in self.day.slots
            ],
            "due": due_slot.id if due_slot is not None else None,
            "finished": self.finished,
            "notes": list(self.day.notes),
        }


def today(profile: Profile, catalogue: Catalogue, history: History, now: datetime) -> Today:
    """The plan of the day ``now`` belongs to, and where the person stands in it. A journal
    is read once, for the weeks the plan needs, which hold today's records too."""
    wake = profile.day.wake
    day = plan_day(now, wake)
    found = window(history, catalogue, profile.pain, day)
    plan = make_plan(profile, catalogue, found, day)
    done = done_today(plan.days[0], found.records, now, wake)
    woke = datetime.combine(plan.start, wake, tzinfo=now.tzinfo)
    skipped = skipped_today(plan.days[0], found.records)
    return Today(plan, now, minutes_awake(now, wake), frozenset(done), woke, skipped)


def reshapes(record: Record, day: date) -> bool:
    """Whether adding ``record`` to a journal may change the plan of ``day``, or take back a
    slot done or skipped (so that ``Today.adding`` cannot stand for planning it again).

    A day's programme is decided from the movement check-ins made before its date, and its
    pain from the last few mornings' (``builder``), so a movement logged that day or later
    leaves it as it is, while a morning check-in, or a check-in back-dated to an earlier day,
    may change it. A deletion (a ``forget`` record) may take back a done mark, and a record
    with a ``key`` replaces the one saved before it with that key, which may have held more.
    Sessions, reminders, reviews and the profile and plan versions kept are not read by a
    plan at all (the profile itself comes from its file)."""
    if isinstance(record, ForgetRecord | MorningRecord):
        return True
    if getattr(record, "key", None) is not None:
        return True
    return isinstance(record, MoveRecord) and record.at.date() < day


def skipped_today(day: DayPlan, records: Sequence[Record]) -> frozenset[str]:
    """Ids of the day's slots whose reminder the person turned down (Skip)."""
    ids = {s.id for s in day.slots}
    return frozenset(
        r.slot
        for r in records
        if isinstance(r, ReminderRecord) and r.reminder == "skipped" and r.slot in ids
    )


def withheld_today(referral: Referral, now: datetime, wake: time) -> Today:
    """Today when a red-flag answer stands in for the plan and the rest of the profile cannot
    be used: the plan day of the wake time the file gives, no slots, and the referral."""
    plan = Plan.withheld(referral, plan_day(now, wake))
    woke = datetime.combine(plan.start, wake, tzinfo=now.tzinfo)
    return Today(plan, now, minutes_awake(now, wake), frozenset(), woke)


def slot_named(day: DayPlan, name: str, awake: int) -> Slot | None:
    """The slot of the moment called ``name`` (any case) due now, or its next one, or its last
    one of the day."""
    wanted = name.casefold()
    same = [s for s in day.slots if s.moment.casefold() == wanted]
    return due(same, awake) or (same[-1] if same else None)
