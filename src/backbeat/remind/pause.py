"""Pausing reminders for a while or until tomorrow (a meeting, a film, a day off).

The pause is kept in a small JSON file in the data folder rather than the journal: it is a
setting of this machine's reminders, not something the person did. Reading it never fails a
running daemon; a damaged file is named and treated as no pause.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Literal

from backbeat import disk
from backbeat.remind.due import instant

FILE = "reminders.json"
LONGEST = timedelta(days=7)
ALLOWED = "allowed: a length such as 30m, 1h, 1h30m or 2d (up to 7 days), tomorrow, or off"
_LENGTH = re.compile(
    r"(?:(?P<d>\d+)\s*d(?:ays?)?)?\s*(?:(?P<h>\d+)\s*h(?:ours?|rs?)?)?\s*"
    r"(?:(?P<m>\d+)\s*m(?:in(?:ute)?s?)?)?"
)

Length = timedelta | Literal["tomorrow", "off"]


def parse_length(text: str) -> Length:
    """``1h``, ``30 min``, ``1h30m``, ``2d``, ``tomorrow`` or ``off`` (``for 1h`` and ``until
    tomorrow`` too, as people say them); a ValueError names the text and what is allowed."""
    value = text.strip().lower().removeprefix("for ").removeprefix("until ").strip()
    if value in ("tomorrow", "off"):
        return "tomorrow" if value == "tomorrow" else "off"
    found = _LENGTH.fullmatch(value)
    if value and found is not None:
        days, hours, minutes = (int(found.group(k) or 0) for k in "dhm")
        try:
            length = timedelta(days=days, hours=hours, minutes=minutes)
        except OverflowError:  # longer than any calendar: as much out of range as 8 days
            length = LONGEST + LONGEST
        if timedelta(minutes=1) <= length <= LONGEST:
            return length
    raise ValueError(f"{text!r} is not a length of pause ({ALLOWED})")


def pause_end(length: Length, now: datetime, wake: time, day: date) -> datetime | None:
    """When a pause that starts ``now`` ends: after ``length``, or when the next plan day
    begins (``day`` is today's plan day, so tomorrow starts at the next waking); None for
    ``off``."""
    if length == "off":
        return None
    if length == "tomorrow":
        assert now.tzinfo is not None
        return instant(day + timedelta(days=1), wake, 0, now.tzinfo)
    return now + length


def read_pause(home: Path) -> tuple[datetime | None, str | None]:
    """The end of the pause (None when there is none), and a problem with the file if any."""
    path = home / FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None, None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        return None, f"{path}: cannot be read ({error}); reminders are not paused"
    value = data.get("paused_until") if isinstance(data, dict) else None
    if value is None:
        return None, None
    try:
        until = datetime.fromisoformat(str(value))
    except ValueError:
        until = None
    if until is None or until.tzinfo is None:
        return None, (
            f"{path}: paused_until: {value!r} is not a date and time with its UTC offset "
            "(allowed: ISO 8601, e.g. 2026-11-23T11:30:00+01:00); reminders are not paused"
        )
    return until, None


def write_pause(home: Path, until: datetime | None) -> Path:
    """Keep the pause (None ends it); written whole through a temporary file, so a daemon
    reading it at the same moment never sees half of it, and a full disk leaves the old one."""
    path = home / FILE
    try:
        home.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise disk.named(error, path) from error
    data = {"paused_until": until.isoformat(timespec="seconds") if until else None}
    disk.write_whole(path, (json.dumps(data) + "\n").encode("utf-8"))
    return path
