"""Reads an iCalendar file with libical (through its GObject bindings, so run by the system's
Python) and prints JSON: each event's UID and UTC start, placed by the file's own VTIMEZONEs, and
every problem libical finds, its RFC restriction check (RFC 5545 and 5546) included."""

import json
import sys
from datetime import UTC, datetime
from pathlib import Path

import gi

gi.require_version("ICalGLib", "3.0")
from gi.repository import ICalGLib  # noqa: E402

Kind = ICalGLib.ComponentKind
text = Path(sys.argv[1]).read_text(encoding="utf-8")
calendar = ICalGLib.Component.new_from_string(text)
problems = []
if calendar is None or calendar.isa() != Kind.VCALENDAR_COMPONENT:
    problems.append("not a VCALENDAR")
    print(json.dumps({"starts": [], "problems": problems}))
    sys.exit(0)
if not calendar.check_restrictions():
    problems.append("the restriction check failed")
calendar_errors = calendar.count_errors()


def errors_in(component):
    """The X-LIC-ERROR properties libical left where it found a fault."""
    found = []
    prop = component.get_first_property(ICalGLib.PropertyKind.XLICERROR_PROPERTY)
    while prop is not None:
        kind = ICalGLib.Component.kind_to_string(component.isa())
        found.append(f"{kind}: {prop.get_value_as_string()}")
        prop = component.get_next_property(ICalGLib.PropertyKind.XLICERROR_PROPERTY)
    child = component.get_first_component(Kind.ANY_COMPONENT)
    while child is not None:
        found += errors_in(child)
        child = component.get_next_component(Kind.ANY_COMPONENT)
    return found


problems += errors_in(calendar)
if calendar_errors and not problems:
    problems.append(f"{calendar_errors} errors")
starts = []
event = calendar.get_first_component(Kind.VEVENT_COMPONENT)
while event is not None:
    start = event.get_dtstart()
    tzid = None if start.is_utc() else start.get_tzid()
    if tzid is None and not start.is_utc():
        problems.append(f"{event.get_uid()}: a floating time")
    if tzid is not None:
        zone = calendar.get_timezone(tzid)
        if zone is None:
            problems.append(f"{event.get_uid()}: no VTIMEZONE for {tzid}")
            zone = ICalGLib.Timezone.get_utc_timezone()
    else:
        zone = ICalGLib.Timezone.get_utc_timezone()
    seconds = start.as_timet_with_zone(zone)
    starts.append([event.get_uid(), datetime.fromtimestamp(seconds, UTC).isoformat()])
    event = calendar.get_next_component(Kind.VEVENT_COMPONENT)
print(json.dumps({"starts": starts, "problems": problems}))
