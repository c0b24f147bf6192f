"""The reminder loop: every few seconds, ask the rules what is due, deliver it, and record what
the person does with it. Everything it decides comes from ``rules``; this module only fetches
the inputs (plan, journal, idle time, pause) and carries out the result.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import TextIO

from backbeat.catalog.catalogue import Catalogue
from backbeat.journal.store import Journal
from backbeat.plan.builder import make_plan
from backbeat.plan.history import ReminderEvent, ReminderRecord
from backbeat.plan.profile import Profile
from backbeat.remind.deliver import Delivery
from backbeat.remind.due import Due, dues
from backbeat.remind.idle import Probe
from backbeat.remind.pause import read_pause
from backbeat.remind.rest import Rest
from backbeat.remind.rules import Known, Reminder, Settings, due_now, upcoming
from backbeat.session.choose import plan_day

TICK = 20.0  # seconds between looks at the plan: well inside a reminder's 15 minutes of grace
MEMORY = timedelta(days=14)  # how far back the journal is read for answers and skips
ONCE_WAIT = 15 * 60.0  # seconds --once waits for answers to what it showed


@dataclass(frozen=True)
class Person:
    """Whose reminders, and where their things are."""

    profile: Profile
    catalogue: Catalogue
    journal: Journal
    home: Path
    zone: tzinfo


class Daemon:
    """One person's reminders for as long as it runs: the plan is made once per plan day, the
    journal and the pause are read at every look, so answers and pauses given elsewhere count
    at once."""

    def __init__(
        self,
        person: Person,
        delivery: Delivery,
        clock: Callable[[], datetime],
        play: Callable[[str], None],
        log: TextIO,
        probe: Probe | None = None,
    ) -> None:
        self.person = person
        self.delivery = delivery
        self.clock = clock
        self.play = play
        self.log = log
        self.probe = probe
        self.settings = Settings.of(person.profile)
        self.rest = Rest()
        self.waiting: set[int] = set()
        self.answered = asyncio.Event()
        self._day: tuple[date, list[Due]] | None = None
        self._said: set[str] = set()

    def dues(self, now: datetime) -> list[Due]:
        person = self.person
        day = plan_day(now, person.profile.day.wake)
        if self._day is None or self._day[0] != day:
            plan = make_plan(person.profile, person.catalogue, person.journal.records(), day)
            names = {m.id: m.name for m in person.catalogue.movements.values()}
            self._day = (day, dues(plan.days[0], person.profile, names, person.zone))
        return self._day[1]

    def known(self, now: datetime) -> Known:
        paused, problem = read_pause(self.person.home)
        if problem:
            self._say_once(f"backbeat remind: {problem}")
        records = self.person.journal.records(since=now - MEMORY)[::-1]
        return Known(records, self.rest, paused)

    async def tick(self) -> list[Reminder]:
        """Deliver what is due now; returns what was shown."""
        now = self.clock()
        if self.probe is not None:
            idle = await self.probe.idle()
            self.rest = self.rest.observe(now, idle, self.settings.break_every)
        shown: list[Reminder] = []
        for reminder in due_now(self.dues(now), self.known(now), self.settings, now):
            if await self._deliver(reminder, now):
                shown.append(reminder)
        return shown

    def next_one(self) -> Reminder | None:
        now = self.clock()
        later = upcoming(self.dues(now), self.known(now), self.settings, now)
        return next((r for r in later if r.at > now), None)

    async def _deliver(self, reminder: Reminder, now: datetime) -> bool:
        key = id(reminder)
        self.waiting.add(key)
        self.answered.clear()
        if not await self.delivery.show(reminder, lambda event: self._answer(reminder, event, key)):
            self.waiting.discard(key)
            self.log.write(f"{now:%H:%M} could not be shown: {reminder.title}: {reminder.text}\n")
            return False
        self._record(reminder, "sent", now)
        if not self.delivery.in_terminal:
            self.log.write(f"{now:%H:%M} reminded: {reminder.title}: {reminder.text}\n")
            self.log.flush()
        return True

    def _answer(self, reminder: Reminder, event: ReminderEvent, key: int) -> None:
        now = self.clock()
        self._record(reminder, event, now)
        self.log.write(f"{now:%H:%M} {event}: {reminder.title}\n")
        self.log.flush()
        self.waiting.discard(key)
        if not self.waiting:
            self.answered.set()
        if event == "started":
            self.play(reminder.due.moment)

    def _record(self, reminder: Reminder, event: ReminderEvent, at: datetime) -> None:
        due = reminder.due
        record = ReminderRecord(
            at=at, reminder=event, slot=due.moment, due=due.at, moves=list(due.moves)
        )
        self.person.journal.add([record])

    def _say_once(self, text: str) -> None:
        if text not in self._said:
            self._said.add(text)
            self.log.write(text + "\n")
            self.log.flush()
