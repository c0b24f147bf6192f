"""A person's profile: their day, their back and their preferences, as ``profile.toml`` holds it.

Every key is optional with a sensible default, so a profile can start as an empty file; every
value given is checked, and a wrong one is refused with its key, its value and what is allowed.
"""

from __future__ import annotations

from datetime import time
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
)

from backbeat.inputs import plain_text
from backbeat.safety.screen import Screen

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WorkPlace = Literal["desk", "car", "standing"]
MomentPlace = Literal["bed", "floor", "desk", "car", "sofa", "standing"]


def parse_clock(value: object) -> object:
    """``"07:30"`` becomes a time; anything else is refused with what a time looks like."""
    if isinstance(value, time):
        return value
    if isinstance(value, str):
        if value.count(":") == 2 and value.endswith(":00"):  # as a journal's copy may hold it
            value = value[:-3]
        hours, sep, minutes = value.partition(":")
        if sep and hours.isdigit() and minutes.isdigit() and len(minutes) == 2:
            h, m = int(hours), int(minutes)
            if 0 <= h <= 23 and 0 <= m <= 59:
                return time(h, m)
    raise ValueError(f"{value!r} is not a time of day (allowed: HH:MM from 00:00 to 23:59)")


Clock = Annotated[
    time,
    BeforeValidator(parse_clock),
    PlainSerializer(lambda t: f"{t:%H:%M}", return_type=str, when_used="json"),
]


def parse_span(value: object) -> object:
    """``"12:30-13:30"`` becomes a pair of times; the end may be past midnight."""
    if isinstance(value, tuple):
        return value
    allowed = "allowed: HH:MM-HH:MM, e.g. 12:30-13:30"
    if not isinstance(value, str) or value.count("-") != 1:
        raise ValueError(f"{value!r} is not a span of time ({allowed})")
    start, end = (parse_clock(part.strip()) for part in value.split("-"))
    if start == end:
        raise ValueError(f"{value!r} starts and ends at the same time ({allowed})")
    return (start, end)


Span = Annotated[
    tuple[time, time],
    BeforeValidator(parse_span),
    PlainSerializer(lambda span: f"{span[0]:%H:%M}-{span[1]:%H:%M}", return_type=str),
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class WorkBlock(_Strict):
    """A stretch of work; ``end`` before ``start`` means it runs past midnight."""

    start: Clock
    end: Clock
    place: WorkPlace = "desk"
    days: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri")


class Moment(_Strict):
    """An everyday moment to anchor a small movement to (TV, cooking, after dinner...), on its
    ``days``; with ``minutes``, a span: a drive (place ``car``) is planned for when it ends,
    and no work break falls inside one (a lunch break)."""

    name: Annotated[str, Field(min_length=1, max_length=40), AfterValidator(plain_text)]
    at: Clock
    place: MomentPlace = "standing"
    days: tuple[Weekday, ...] = WEEKDAYS
    minutes: Annotated[int, Field(ge=1, le=16 * 60)] | None = None


class Day(_Strict):
    """The shape of an ordinary day; ``sleep`` before ``wake`` means the day runs past midnight."""

    wake: Clock = time(7, 0)
    sleep: Clock = time(23, 0)
    work: tuple[WorkBlock, ...] = ()
    moments: tuple[Moment, ...] = ()


def local_calendar(value: str) -> str:
    """``[prefs] busy``: a path to an .ics file, or an ``http://`` address on this machine (a
    CalDAV server's export); backbeat fetches nothing from elsewhere."""
    import ipaddress
    from urllib.parse import urlsplit

    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https"):
        return value
    host = (parts.hostname or "").lower()
    try:
        local = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        local = False
    if not local:
        raise ValueError(
            f"{value!r} is not on this machine; backbeat fetches nothing from elsewhere "
            "(allowed: a path to an .ics file, or an address on localhost, 127.0.0.1 or [::1])"
        )
    return value


class Prefs(_Strict):
    """How much time a person gives, and what to leave out."""

    minutes_per_day: Annotated[int, Field(ge=2, le=180)] = 20
    break_every: Annotated[int, Field(ge=10, le=240)] = 30
    walk: bool = True
    avoid: tuple[str, ...] = ()
    quiet: tuple[Span, ...] = ()  # no reminders in these spans of the day
    snooze: Annotated[int, Field(ge=1, le=60)] = 10  # minutes a snoozed reminder waits
    # a calendar whose busy events hold reminders back: a file, or a loopback address
    busy: (
        Annotated[str, Field(min_length=1, max_length=2000), AfterValidator(local_calendar)] | None
    ) = None


Onset = Literal["days", "weeks", "months"]
ONSETS: dict[Onset, str] = {
    "days": "under 6 weeks",
    "weeks": "6 to 12 weeks",
    "months": "over 12 weeks",
}
"""How long the back pain has lasted, as ``onset`` holds it, and in words."""


class Profile(_Strict):
    """Everything the plan needs to know about a person."""

    pain: Annotated[int, Field(ge=0, le=10)] = 3
    age: Annotated[int, Field(ge=12, le=120)] | None = None
    onset: Onset | None = None
    day: Day = Day()
    prefs: Prefs = Prefs()
    screen: Screen = Screen()
