"""What the faces show, read back for comparison: a night-shift profile beside
``tests.cli.test_plan.DESK``, and the plan day and slots of the web Today and Plan pages."""

from __future__ import annotations

import html
import re
from datetime import date, datetime, time, timedelta

NIGHT = """\
pain = 3
age = 35
[day]
wake = "15:00"
sleep = "07:00"
[[day.work]]
start = "18:00"
end = "02:00"
place = "desk"
days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
[prefs]
minutes_per_day = 20
break_every = 45
walk = true
avoid = []
[screen]
bladder_bowel = false
"""

_SLOT = re.compile(r'<li class="slot([^"]*)"[^>]*\bdata-slot="([^"]+)"')


def woken_on(local: datetime, wake: time) -> date:
    """The date a person last woke on, on the wall clock: the plan day ``local`` belongs to."""
    return (local.replace(tzinfo=None) - timedelta(hours=wake.hour, minutes=wake.minute)).date()


def today_date(page: str) -> str:
    """The plan day the web Today page shows (its reminders' day)."""
    found = re.search(r'<section class="today" data-reminders="([^"]+)"', page)
    assert found is not None, "not the Today page"
    return found.group(1)


def slot_classes(page: str) -> dict[str, set[str]]:
    """Each slot id listed on the web Today page, in order, with its state classes."""
    return {html.unescape(i): set(c.split()) for c, i in _SLOT.findall(page)}


def due_on_today(page: str) -> str | None:
    """The id of the slot the Today page marks as due."""
    return next((i for i, c in slot_classes(page).items() if "is-due" in c), None)


def first_plan_day(page: str) -> str:
    """The first day the web Plan page shows, as it reads (``Saturday 27 March``)."""
    found = re.search(r'<span class="day-name">([^<]+)</span>', page)
    assert found is not None, "not the Plan page"
    return found.group(1)


def uids(calendar: str) -> list[str]:
    """The UIDs of a calendar file's events, in order."""
    return re.findall(r"^UID:(.+?)\r?$", calendar, flags=re.MULTILINE)
