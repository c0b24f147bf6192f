"""Waiting for a better moment: the one decision of what to show now, what to hold and what
catches up, that the daemon, ``remind --dry-run`` and the browser's ``/api/v1/reminders/due``
all make by calling ``look``.

Nothing is shown while something holds the person's attention: do not disturb, a locked
screen, a full-screen window (``Block`` with no span: seen at this look), or a busy event in
their calendar (a ``Block`` with its span). Each reminder held is recorded once, with why.
When nothing holds any more, one reminder catches up: the latest of those due, never a pile;
the others held are let go (``rules``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from backbeat.records import HeldEvent
from backbeat.remind.due import Due
from backbeat.remind.rules import Known, Reminder, Settings, day_reminders, upcoming

WHY: dict[HeldEvent, str] = {
    "held-dnd": "do not disturb is on",
    "held-locked": "the screen is locked",
    "held-screen": "a full-screen window has the focus",
    "held-busy": "a busy event in your calendar",
}
"""Each reason, in words (the words of a busy event add its name)."""


@dataclass(frozen=True, slots=True)
class Block:
    """Something that holds reminders back: ``event`` says which (as the journal keeps it),
    ``what`` in words. A block seen at a look has no span; a calendar's busy event covers
    ``start`` to ``end``."""

    event: HeldEvent
    what: str
    start: datetime | None = None
    end: datetime | None = None

    def covers(self, at: datetime) -> bool:
        if self.start is None or self.end is None:
            return True
        return self.start <= at < self.end


@dataclass(frozen=True, slots=True)
class Held:
    """A reminder held back by ``block``; ``new``: not yet recorded as held."""

    reminder: Reminder
    block: Block
    new: bool


@dataclass(frozen=True, slots=True)
class Look:
    """What to do at one look: ``show`` these now (in time order), ``held`` these."""

    show: list[Reminder]
    held: list[Held]


def covering(blocks: Sequence[Block], at: datetime) -> Block | None:
    """The first block that holds reminders at ``at`` (seen ones before calendar events)."""
    return next((b for b in blocks if b.covers(at)), None)


def look(
    dues: Sequence[Due], known: Known, settings: Settings, now: datetime, blocks: Sequence[Block]
) -> Look:
    """What is due now, and what of it is shown, held or caught up."""
    due = [r for r in upcoming(dues, known, settings, now) if r.at <= now]
    block = covering(blocks, now)
    if block is not None:
        return Look([], [Held(r, block, not r.held) for r in due])
    if any(r.held for r in due):
        return Look(due[-1:] if due else [], [])  # one catch-up: the latest
    return Look(due, [])


@dataclass(frozen=True, slots=True)
class Ahead:
    """A reminder of the day as placed in advance, and the busy event that would hold it (with
    when it would catch up, or None when its slot ends first or a later one catches up)."""

    reminder: Reminder
    block: Block | None = None
    catch_up: datetime | None = None


def ahead(
    dues: Sequence[Due], known: Known, settings: Settings, blocks: Sequence[Block]
) -> list[Ahead]:
    """The day's first reminders (``rules.day_reminders``) with the calendar's busy events
    applied as ``look`` applies them: one held is shown when its block ends, if its slot has
    not ended and no later reminder is held by the same block."""
    found = day_reminders(dues, known, settings)
    spans = [b for b in blocks if b.start is not None and b.end is not None]
    placed: list[Ahead] = []
    for n, reminder in enumerate(found):
        block = covering(spans, reminder.at)
        if block is None:
            placed.append(Ahead(reminder))
            continue
        assert block.end is not None
        later = found[n + 1 :]
        superseded = any(r.at < block.end for r in later)
        fits = block.end < reminder.due.until
        placed.append(Ahead(reminder, block, None if superseded or not fits else block.end))
    return placed


def why(block: Block) -> str:
    """Why a reminder waits, in words."""
    return WHY[block.event] + (f": {block.what}" if block.what else "")
