"""A day's plan slots as reminders: the instant each falls due, how long it may still be
reminded, and its one line of text.

Times come from the plan in local wall-clock time and are placed in the person's time zone, so
a daylight-saving day keeps its slots at the times the plan shows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from backbeat.plan.day import DAY, awake_minutes, minutes_of
from backbeat.plan.model import DayPlan, Slot
from backbeat.plan.profile import WEEKDAYS, Profile, WorkBlock
from backbeat.remind.messages import reminder_text

WORK_PLACES = ("desk", "car", "standing")


@dataclass(frozen=True, slots=True)
class Due:
    """One slot to remind: due ``at``; nothing about it is sent from ``until`` on (the next
    slot, the end of its work block, or sleep, whichever comes first)."""

    slot: Slot
    at: datetime
    until: datetime
    text: str
    work: bool = False

    @property
    def moment(self) -> str:
        return self.slot.moment

    @property
    def moves(self) -> tuple[str, ...]:
        return tuple(i.move for i in self.slot.items)

    @property
    def desk(self) -> bool:
        """A break at the computer: the one kind of reminder a natural break can replace."""
        return self.work and self.slot.place == "desk"

    @property
    def car(self) -> bool:
        return self.slot.place == "car"


def instant(day: date, wake: time, offset: int, zone: tzinfo) -> datetime:
    """The wall-clock time ``offset`` minutes after waking on ``day``, in ``zone``."""
    return (datetime.combine(day, wake) + timedelta(minutes=offset)).replace(tzinfo=zone)


def dues(day: DayPlan, profile: Profile, names: Mapping[str, str], zone: tzinfo) -> list[Due]:
    """Every slot of ``day`` as a reminder, in time order; ``names`` maps movement ids to the
    names a person reads."""
    wake = profile.day.wake
    awake = awake_minutes(wake, profile.day.sleep)
    found: list[Due] = []
    for slot in day.slots:
        block = _block(slot, profile, day.date)
        ends = [o for o in (s.offset for s in day.slots) if o > slot.offset]
        ends.append(awake + 1)  # the minute of sleep itself is still awake
        if block is not None:
            ends.append(block)
        text = reminder_text(
            [names.get(i.move, i.move) for i in slot.items],
            sum(i.seconds for i in slot.items),
            car=slot.place == "car",
        )
        found.append(
            Due(
                slot,
                instant(day.date, wake, slot.offset, zone),
                instant(day.date, wake, min(ends), zone),
                text,
                work=block is not None,
            )
        )
    return found


def _block(slot: Slot, profile: Profile, day: date) -> int | None:
    """The end (minutes after waking) of the work block a work break belongs to, or None when
    the slot is not a work break."""
    if slot.moment not in WORK_PLACES or slot.place != slot.moment:
        return None
    weekday = WEEKDAYS[day.weekday()]
    for block in profile.day.work:
        if block.place == slot.place and weekday in block.days:
            start, end = _span(block, profile.day.wake)
            if start <= slot.offset < end:
                return end
    return None


def _span(block: WorkBlock, wake: time) -> tuple[int, int]:
    start = (minutes_of(block.start) - minutes_of(wake)) % DAY
    length = (minutes_of(block.end) - minutes_of(block.start)) % DAY or DAY
    return start, start + length


def in_spans(at: datetime, spans: Sequence[tuple[time, time]]) -> bool:
    """Whether the wall-clock time of ``at`` falls in one of ``spans`` (an end before its start
    runs past midnight)."""
    t = minutes_of(at.time())
    for start, end in spans:
        s, e = minutes_of(start), minutes_of(end)
        if (s <= t < e) if s < e else (t >= s or t < e):
            return True
    return False
