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
from backbeat.history import JournalHistory
from backbeat.journal.db import PATIENT_WAIT_S, Busy
from backbeat.journal.store import Journal
from backbeat.journal.summary import recent
from backbeat.plan.builder import make_plan
from backbeat.plan.profile import Profile
from backbeat.plan.profile_file import read_profile
from backbeat.plan.today import plan_day
from backbeat.records import MoveRecord, ReminderEvent, ReminderRecord, SessionRecord
from backbeat.remind.attention import Attention
from backbeat.remind.busy import calendar_blocks
from backbeat.remind.deliver import Delivery
from backbeat.remind.due import Due, dues
from backbeat.remind.hold import Block, look, why
from backbeat.remind.idle import Probe
from backbeat.remind.pause import read_pause
from backbeat.remind.rest import Rest
from backbeat.remind.rules import Known, Reminder, Settings, upcoming

TICK = 20.0  # seconds between looks at the plan: well inside a reminder's 15 minutes of grace
MEMORY = timedelta(days=14)  # how far back the journal is read for answers and skips
REMINDING = (MoveRecord, SessionRecord, ReminderRecord)  # the records the rules look at
BUSY_AGAIN = timedelta(minutes=5)  # how often a calendar at an address is fetched again
ONCE_WAIT = 60.0  # seconds --once waits for answers: a person at the screen answers by then,
# and a scheduler that runs it every few minutes never piles up copies of it


@dataclass(frozen=True)
class Person:
    """Whose reminders, and where their things are (``profile_file``: where the profile came
    from, read again when it changes; ``cache``: where the weekly state of their programme is
    kept, so a plan reads only the weeks since, and the daemon stays small however long the
    journal grows)."""

    profile: Profile
    catalogue: Catalogue
    journal: Journal
    home: Path
    zone: tzinfo
    profile_file: Path | None = None
    cache: Path | None = None


class Daemon:
    """One person's reminders for as long as it runs: the plan is made once per plan day and
    again when the profile file changes; the journal and the pause are read at every look, so
    answers and pauses given elsewhere count at once."""

    def __init__(
        self,
        person: Person,
        delivery: Delivery,
        clock: Callable[[], datetime],
        play: Callable[[str], None],
        log: TextIO,
        probe: Probe | None = None,
        attention: Attention | None = None,
    ) -> None:
        self.person = person
        self.delivery = delivery
        self.clock = clock
        self.play = play
        self.log = log
        self.probe = probe
        self.attention = attention
        self.profile = person.profile
        self.rest = Rest()
        self.waiting: set[int] = set()
        self.answered = asyncio.Event()
        self._day: tuple[date, int | None, list[Due]] | None = None
        self._said: set[str] = set()
        self._busy: tuple[object, list[Block]] | None = None

    @property
    def settings(self) -> Settings:
        return Settings.of(self.profile)

    def dues(self, now: datetime) -> list[Due]:
        """Today's slots as reminders, from the profile as it is now."""
        person = self.person
        changed = _changed(person.profile_file)
        day = plan_day(now, self.profile.day.wake)
        if self._day is not None and self._day[:2] == (day, changed):
            return self._day[2]
        if self._day is not None and self._day[1] != changed:
            self._reread()
            day = plan_day(now, self.profile.day.wake)
        history = JournalHistory(person.journal, person.cache, now.date())
        plan = make_plan(self.profile, person.catalogue, history, day)
        found: list[Due] = []
        if plan.referral is not None:
            self._say_once(f"backbeat remind: no reminders: {plan.referral.message}")
        else:
            names = {m.id: m.name for m in person.catalogue.movements.values()}
            found = dues(plan.days[0], self.profile, names, person.zone)
        self._day = (day, changed, found)
        return found

    def _reread(self) -> None:
        """The profile again after it changed; a broken one is named once and the last good
        one kept, so a half-saved file never stops reminders."""
        path = self.person.profile_file
        assert path is not None
        profile, problems = read_profile(path, self.person.catalogue)
        if profile is None:
            said = "; ".join(str(p) for p in problems) or f"{path}: cannot be read"
            self._say_once(f"backbeat remind: keeping the profile as it was: {said}")
            return
        self.profile = profile

    def known(self, now: datetime) -> Known:
        paused, problem = read_pause(self.person.home)
        if problem:
            self._say_once(f"backbeat remind: {problem}")
        records = recent(self.person.journal, now - MEMORY, REMINDING)[::-1]
        return Known(records, self.rest, paused)

    def busy(self, now: datetime) -> list[Block]:
        """The busy events of the person's calendar around ``now`` (``[prefs] busy``): a file
        is read again when it changes, an address every few minutes; one that cannot be read
        is named once and holds nothing."""
        source = self.profile.prefs.busy
        if source is None:
            return []
        day = now.astimezone(self.person.zone).date()
        mark: object = (source, day, _changed(_local(source, self.person.home)))
        if _local(source, self.person.home) is None:
            mark = (source, day, int(now.timestamp() // BUSY_AGAIN.total_seconds()))
        if self._busy is not None and self._busy[0] == mark:
            return self._busy[1]
        found, problem = calendar_blocks(source, self.person.home, now, self.person.zone)
        if problem:
            self._say_once(f"backbeat remind: {problem}")
        self._busy = (mark, found)
        return found

    async def blocks(self, now: datetime) -> list[Block]:
        """What holds reminders back now: the desktop's state, then the calendar."""
        seen = await self.attention.blocks() if self.attention is not None else []
        return [*seen, *self.busy(now)]

    async def tick(self) -> list[Reminder]:
        """Deliver what is due now (holding it back while the moment is bad, and catching up
        with one afterwards); returns what was shown."""
        now = self.clock()
        if self.probe is not None:
            idle = await self.probe.idle()
            self.rest = self.rest.observe(now, idle, self.settings.break_every)
        decided = look(self.dues(now), self.known(now), self.settings, now, await self.blocks(now))
        for held in decided.held:
            if held.new:
                self._record(held.reminder, held.block.event, now)
                reminder = held.reminder
                self.log.write(
                    f"{now:%H:%M} waiting ({why(held.block)}): {reminder.title}: {reminder.text}\n"
                )
                self.log.flush()
        shown: list[Reminder] = []
        for reminder in decided.show:
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
            self.play(reminder.due.slot.id)

    def _record(self, reminder: Reminder, event: ReminderEvent, at: datetime) -> None:
        due = reminder.due
        record = ReminderRecord(
            at=at, reminder=event, slot=due.slot.id, due=due.at, moves=list(due.moves)
        )
        try:  # no one is there to send it again: this write waits longer than most
            self.person.journal.add([record], wait=PATIENT_WAIT_S)
        except Busy as busy:
            self.log.write(f"{at:%H:%M} {event} was not recorded: {busy}\n")
            self.log.flush()

    def _say_once(self, text: str) -> None:
        """Say a problem once, not at every look."""
        if text not in self._said:
            self._said.add(text)
            self.log.write(text + "\n")
            self.log.flush()


def _local(source: str, home: Path) -> Path | None:
    """The file a ``busy`` calendar is read from, or None for an address."""
    if source.lower().startswith(("http://", "https://")):
        return None
    path = Path(source.removeprefix("file://")).expanduser()
    return path if path.is_absolute() else home / path


def _changed(path: Path | None) -> int | None:
    """When the profile file last changed (None: never read from a file, or gone)."""
    try:
        return path.stat().st_mtime_ns if path is not None else None
    except OSError:
        return None
