"""The plan as an RFC 5545 calendar: one event per slot, with an alarm at its time.

Each event's UID is its slot's id (its date and moment, and its time when the moment comes more
than once that day), so exporting again and importing over the old file updates the events
instead of adding copies. Times are in the person's time zone (a VTIMEZONE is included) when it
has a name; with only a UTC offset known they are written in UTC, which every app reads
correctly.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event

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
    plan: Plan, profile: Profile, catalogue: Catalogue, zone: tzinfo, stamp: datetime
) -> Calendar:
    """Every slot of ``plan`` as an event; ``stamp`` (when the file is made) is each event's
    DTSTAMP."""
    calendar = Calendar.new(
        prodid=f"-//backbeat//backbeat {__version__}//EN",
        name="backbeat",
        description="Gentle movements fitted into your day.",
    )
    del calendar["UID"]  # a new random one each time would make two exports of one plan differ
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    named = isinstance(zone, ZoneInfo)
    if named:
        calendar.add("x-wr-timezone", str(zone))
    names = {m.id: m.name for m in catalogue.movements.values()}
    for day in plan.days:
        for due in dues(day, profile, names, zone):
            uid = f"{due.slot.id}@{DOMAIN}"
            calendar.add_component(_event(due, uid, catalogue, stamp, zone if named else UTC))
    if named and plan.days:
        first, last = plan.days[0].date, plan.days[-1].date
        # A year either side: apps that keep the first definition of a zone they see (vobject
        # does) then still have this year's and next year's changes of the clocks.
        calendar.add_missing_timezones(first - timedelta(days=366), last + timedelta(days=366))
    return calendar


def _event(
    due: Due,
    uid: str,
    catalogue: Catalogue,
    stamp: datetime,
    zone: tzinfo,
) -> Event:
    seconds = sum(i.seconds for i in due.slot.items)
    start = due.at.astimezone(zone)
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
