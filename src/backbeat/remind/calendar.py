"""The plan as an RFC 5545 calendar: one event per slot, with an alarm at its time.

Each event's UID is its slot's id (its date and moment, and its time when the moment comes more
than once that day), so exporting again and importing over the old file updates the events
instead of adding copies. Times are in the person's time zone when it has a name, with a
VTIMEZONE that lists each change of the clocks the system's zoneinfo knows for the span, one
dated change to a block (as RFC 5545 writes them: the local time before the change, and the
offsets from and to), since clients read rules and RDATEs differently (ical.js ignores a
block's own start when it also has RDATEs). With only a UTC offset known, times are in UTC,
which every app reads correctly. There is no METHOD: a published file needs an ORGANIZER in
each event (RFC 5546), and a plain file for importing needs neither.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard

from backbeat import __version__
from backbeat.catalog.catalogue import Catalogue
from backbeat.plan.model import Plan
from backbeat.plan.profile import Profile
from backbeat.remind import messages
from backbeat.remind.due import Due, dues
from backbeat.safety import wording
from backbeat.words import dose_text

DOMAIN = "backbeat.invalid"  # UIDs need a right-hand side; this one can never be anyone's


def plan_calendar(
    plan: Plan,
    profile: Profile,
    catalogue: Catalogue,
    zone: tzinfo,
    stamp: datetime,
    *,
    main: bool = False,
) -> Calendar:
    """Every slot of ``plan`` as an event; ``stamp`` (when the file is made) is each event's
    DTSTAMP. ``main``: the main slots only (waking, morning, evening, bedtime, the walk and the
    person's moments) with their alarms, and a day's work breaks as one all-day note without
    an alarm, rather than an event each."""
    calendar = Calendar.new(
        prodid=f"-//backbeat//backbeat {__version__}//EN",
        name="backbeat",
        description="Gentle movements fitted into your day.",
    )
    del calendar["UID"]  # a new random one each time would make two exports of one plan differ
    calendar.add("calscale", "GREGORIAN")
    named = isinstance(zone, ZoneInfo)
    if named:
        calendar.add("x-wr-timezone", str(zone))
    names = {m.id: m.name for m in catalogue.movements.values()}
    for day in plan.days:
        breaks: list[Due] = []
        for due in dues(day, profile, names, zone):
            if main and due.work:
                breaks.append(due)
                continue
            uid = f"{due.slot.id}@{DOMAIN}"
            calendar.add_component(_event(due, uid, catalogue, stamp, zone if named else UTC))
        if breaks:
            calendar.add_component(_breaks_note(day.date, breaks, stamp))
    if named and plan.days:
        first, last = plan.days[0].date, plan.days[-1].date
        # A year either side: apps that keep the first definition of a zone they see (vobject
        # does) then still have this year's and next year's changes of the clocks.
        for tzid in sorted(calendar.get_missing_tzids()):
            calendar.add_component(
                vtimezone(ZoneInfo(tzid), first - timedelta(days=366), last + timedelta(days=366))
            )
    return calendar


def local_start(at: datetime, zone: tzinfo) -> datetime:
    """``at`` on ``zone``'s clock, or in UTC when that clock shows the time twice (the hour the
    clocks go back): RFC 5545 reads such a time as the first, ical.js as the second."""
    local = at.astimezone(zone)
    if local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset():
        return at.astimezone(UTC)
    return local


@dataclass(frozen=True)
class Change:
    """The clocks of a zone change at ``at`` (UTC) from offset ``before`` to ``after``."""

    at: datetime
    before: timedelta
    after: timedelta
    name: str
    daylight: bool


def changes(zone: ZoneInfo, start: datetime, end: datetime) -> list[Change]:
    """Every change of ``zone``'s offset, name or daylight saving between two UTC instants,
    found from the zone's own rules: probed every six hours (no zone has changed twice within
    that since 1970), then narrowed to the second."""
    step = 6 * 3600
    found = []
    at = start
    while at < end:
        old, new = _state(zone, at), _state(zone, at + timedelta(seconds=step))
        if old != new:
            low, high = 0, step  # seconds after ``at``: the old state at low, the new at high
            while high - low > 1:
                middle = (low + high) // 2
                if _state(zone, at + timedelta(seconds=middle)) == old:
                    low = middle
                else:
                    high = middle
            new = _state(zone, at + timedelta(seconds=high))
            changed = at + timedelta(seconds=high)
            found.append(Change(changed, old[0], new[0], new[2], new[1] != timedelta(0)))
        at += timedelta(seconds=step)
    return found


def _state(zone: ZoneInfo, at: datetime) -> tuple[timedelta, timedelta, str]:
    local = at.astimezone(zone)
    return (local.utcoffset() or timedelta(0), local.dst() or timedelta(0), local.tzname() or "")


def vtimezone(zone: ZoneInfo, first: date, last: date) -> Timezone:
    """``zone`` from ``first`` to ``last``: its state on the first day, then each change."""
    start = datetime.combine(first, time(), UTC)
    end = datetime.combine(last, time(), UTC)
    block = Timezone()
    block.add("tzid", str(zone))
    offset, dst, name = _state(zone, start)
    opening = Change(start, offset, offset, name, dst != timedelta(0))
    for change in [opening, *changes(zone, start, end)]:
        part = TimezoneDaylight() if change.daylight else TimezoneStandard()
        # DTSTART is the local time just before the change, read with the offset before it.
        part.add("dtstart", (change.at + change.before).replace(tzinfo=None))
        part.add("tzoffsetfrom", change.before)
        part.add("tzoffsetto", change.after)
        if change.name:
            part.add("tzname", change.name)
        block.add_component(part)
    return block


def breaks_count(
    plan: Plan, profile: Profile, catalogue: Catalogue, zone: tzinfo
) -> tuple[int, int]:
    """How many of the plan's slots are work breaks, and on how many days (what ``main`` folds
    into one all-day note a day)."""
    names = {m.id: m.name for m in catalogue.movements.values()}
    per_day = [sum(1 for d in dues(day, profile, names, zone) if d.work) for day in plan.days]
    return sum(per_day), sum(1 for n in per_day if n)


def _breaks_note(day: date, breaks: list[Due], stamp: datetime) -> Event:
    """A day's work breaks as one all-day note: free, with no alarm, each break a line."""
    kinds = dict.fromkeys(messages.label(d.moment) for d in breaks)
    summary = BREAKS_NOTE.format(count=len(breaks), what=" and ".join(k.lower() for k in kinds))
    lines = [f"{d.slot.time} {d.text}" for d in breaks]
    lines += ["", f"{wording.STOP_RULE} {wording.NOT_TREATMENT}"]
    event = Event.new(
        uid=f"{day.isoformat()}/breaks@{DOMAIN}",
        stamp=stamp.astimezone(UTC),
        start=day,
        end=day + timedelta(days=1),
        summary=summary[:1].upper() + summary[1:],
        description="\n".join(lines),
        categories=["backbeat"],
    )
    event.add("transp", "TRANSPARENT")
    return event


BREAKS_NOTE = "{what}s today: {count}, one small movement each (see the list)"


def _event(
    due: Due,
    uid: str,
    catalogue: Catalogue,
    stamp: datetime,
    zone: tzinfo,
) -> Event:
    seconds = sum(i.seconds for i in due.slot.items)
    start = local_start(due.at, zone)
    summary = due.text if due.car else f"{messages.label(due.moment)}: {due.text}"
    movements = [catalogue.get(i.move) for i in due.slot.items]
    lines = [
        f"{m.name if m else i.move}: {dose_text(dict(i.dose))}"
        for i, m in zip(due.slot.items, movements, strict=True)
    ]
    cautions = dict.fromkeys(c for m in movements if m for c in m.cautions)
    if cautions:
        lines += ["", "Take care:", *(f"- {caution}" for caution in cautions)]
    lines += [
        "",
        f"To be guided through it: backbeat session --slot {due.slot.id}",
        "",
        f"{wording.STOP_RULE} {wording.NOT_TREATMENT}",
    ]
    description = "\n".join(lines)
    event = Event.new(
        uid=uid,
        stamp=stamp.astimezone(UTC),
        start=start,
        end=start + timedelta(minutes=max(1, math.ceil(seconds / 60))),
        summary=summary,
        description=description,
        categories=["backbeat"],
    )
    event.add("transp", "TRANSPARENT")  # a minute's movement should not mark you busy
    alarm = Alarm.new(description=summary)
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", timedelta(0))
    event.add_component(alarm)
    return event
