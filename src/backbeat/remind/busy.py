"""The busy events of a calendar the person points to (``[prefs] busy``): a meeting holds
reminders back until it ends.

``busy_blocks`` is pure: the calendar's text and a span of time in, the busy events over it out,
recurring events included (RRULE, RDATE and EXDATE, through dateutil, which icalendar itself
uses; a RECURRENCE-ID moves or cancels one of them). An event is busy unless it is marked
free (``TRANSP:TRANSPARENT``) or cancelled; an all-day event only when it is marked busy
(``TRANSP:OPAQUE``), since a birthday or a holiday should not silence a whole day.

``read_busy`` is the shell: a local file, or a CalDAV export on this machine (``http://`` on
loopback only: backbeat fetches nothing from elsewhere).
"""

from __future__ import annotations

import ipaddress
import urllib.request
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from backbeat.remind.hold import Block

FETCH_WITHIN = 3.0  # seconds for a CalDAV server on this machine to answer
LARGEST = 20_000_000  # bytes: a calendar larger than this is not read


def loopback(source: str) -> bool:
    """Whether ``source`` is a local file or an address on this machine."""
    parts = urlsplit(source)
    if parts.scheme not in ("http", "https"):
        return True
    host = (parts.hostname or "").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_source(source: str) -> str:
    """The ``busy`` preference as given, or a ValueError saying what is allowed."""
    parts = urlsplit(source)
    if parts.scheme and len(parts.scheme) > 1 and parts.scheme not in ("http", "https", "file"):
        raise ValueError(
            f"{source!r}: allowed: a path to an .ics file, or an http:// address on this "
            "machine (localhost, 127.0.0.1, ::1)"
        )
    if not loopback(source):
        raise ValueError(
            f"{source!r} is not on this machine; backbeat fetches nothing from elsewhere "
            "(allowed: a path, or an address on localhost, 127.0.0.1 or ::1)"
        )
    return source


def read_busy(source: str, home: Path) -> bytes:
    """The calendar's bytes (an OSError or ValueError says why it cannot be read). A relative
    path is read from the data folder."""
    parts = urlsplit(source)
    if parts.scheme in ("http", "https"):
        if not loopback(source):
            raise ValueError(f"{source} is not on this machine")
        no_proxy = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with no_proxy.open(source, timeout=FETCH_WITHIN) as answer:
            data: bytes = answer.read(LARGEST + 1)
    else:
        path = Path(parts.path if parts.scheme == "file" else source).expanduser()
        path = path if path.is_absolute() else home / path
        data = path.read_bytes()
    if len(data) > LARGEST:
        raise ValueError(f"{source}: larger than {LARGEST // 1_000_000} MB")
    return data


def busy_blocks(data: bytes, start: datetime, end: datetime, zone: tzinfo) -> list[Block]:
    """The busy events that overlap ``start`` to ``end``, in time order (a ValueError when the
    text is not a calendar). Floating times are read in ``zone``."""
    from icalendar import Calendar

    calendar = Calendar.from_ical(data)
    found: list[Block] = []
    moved: dict[str, set[datetime]] = {}
    events = list(calendar.walk("VEVENT"))
    for event in events:
        if event.get("RECURRENCE-ID") is not None:
            uid = str(event.get("UID", ""))
            moved.setdefault(uid, set()).add(_instant(event.decoded("RECURRENCE-ID"), zone))
    for event in events:
        uid = str(event.get("UID", ""))
        overridden = set() if event.get("RECURRENCE-ID") else moved.get(uid, set())
        try:
            found.extend(_blocks(event, start, end, zone, overridden))
        except (ValueError, TypeError, KeyError, OverflowError):
            continue  # an event dateutil cannot expand is one event less, not no calendar
    return sorted(found, key=lambda b: b.start or start)


def _blocks(
    event: Any, start: datetime, end: datetime, zone: tzinfo, overridden: set[datetime]
) -> list[Block]:
    from dateutil.rrule import rruleset, rrulestr  # type: ignore[import-untyped]

    if str(event.get("STATUS", "")).upper() == "CANCELLED" or event.get("DTSTART") is None:
        return []
    first = event.decoded("DTSTART")
    all_day = not isinstance(first, datetime)
    transp = str(event.get("TRANSP", "")).upper()
    if transp == "TRANSPARENT" or (all_day and transp != "OPAQUE"):
        return []
    begins = _instant(first, zone)
    if event.get("DTEND") is not None:
        length = _instant(event.decoded("DTEND"), zone) - begins
    elif event.get("DURATION") is not None:
        length = event.decoded("DURATION")
    else:
        length = timedelta(days=1) if all_day else timedelta(0)
    what = str(event.get("SUMMARY", "")).strip()
    starts: list[datetime] = [begins]
    if event.get("RRULE") is not None or event.get("RDATE") is not None:
        rules = rruleset()
        for rule in _list(event.get("RRULE")):
            text = rule.to_ical().decode()
            rules.rrule(rrulestr(text, dtstart=begins, ignoretz=False))
        for rdate in _list(event.get("RDATE")):
            for value in rdate.dts:
                rules.rdate(_instant(value.dt, zone))
        for exdate in _list(event.get("EXDATE")):
            for value in exdate.dts:
                rules.exdate(_instant(value.dt, zone))
        rules.rdate(begins)
        starts = list(rules.between(start - length, end, inc=True))
    return [
        Block("held-busy", what, at, at + length)
        for at in starts
        if at not in overridden and at < end and at + length > start and length > timedelta(0)
    ]


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _instant(value: date | datetime, zone: tzinfo) -> datetime:
    if not isinstance(value, datetime):
        return datetime.combine(value, time(0)).replace(tzinfo=zone)
    return value if value.tzinfo is not None else value.replace(tzinfo=zone)


def calendar_blocks(
    source: str, home: Path, now: datetime, zone: tzinfo
) -> tuple[list[Block], str | None]:
    """The busy events from the day before ``now`` to the day after, and what went wrong
    reading them, if anything (then there are none): what every face reads."""
    start = datetime.combine(now.astimezone(zone).date(), time(0), zone) - timedelta(days=1)
    try:
        return busy_blocks(read_busy(source, home), start, start + timedelta(days=3), zone), None
    except (OSError, ValueError) as error:
        return [], f"the busy calendar {source}: {error}"
