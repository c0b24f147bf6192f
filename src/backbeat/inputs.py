"""One parser per kind of input a person gives: pain scores, yes or no, how hard it felt, a
place, a date, a date and time. The command line, the web forms, the API and imports all read
through these, so a value means the same and is refused with the same words everywhere.

Each parser takes text (or, for times, a value already read) and returns the value, or raises a
``ValueError`` saying what was wrong and what is allowed.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Literal

from backbeat.catalog.vocabulary import PLACES

Difficulty = Literal["easy", "ok", "hard"]
DIFFICULTIES: tuple[Difficulty, ...] = ("easy", "ok", "hard")
EARLIEST = date(1900, 1, 1)  # no record of a back older than this is believed
AHEAD = timedelta(days=1)  # a clock a little fast on another machine; more is a typing slip
PLAN_LAST = date(2999, 12, 31)  # plans are made for days from EARLIEST to this one
SPEED_MIN, SPEED_MAX = 0.01, 1000.0  # a session played 100 times slower to 1000 times faster

_MONTH_DAY = r"-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
DATE_PATTERN = r"^([1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])" + _MONTH_DAY + "$"
"""``YYYY-MM-DD``, written out for the API's schema (the grammar ``parse_date`` reads)."""
PLAN_DAY_PATTERN = r"^(19[0-9]{2}|2[0-9]{3})" + _MONTH_DAY + "$"
"""A ``YYYY-MM-DD`` from 1900 to 2999: the days ``parse_plan_day`` takes."""


def plain_text(value: str) -> str:
    """Text to keep (a name, an activity, an id): no control characters (NUL, a line break, a
    tab, DEL), which would break the file or the database that holds it."""
    bad = sorted({f"U+{ord(c):04X}" for c in value if ord(c) < 32 or 127 <= ord(c) < 160})
    if bad:
        raise ValueError(
            f"{value!r} holds control characters ({', '.join(bad)}) (allowed: printable text "
            "on one line)"
        )
    return value


def file_name(text: str) -> str:
    """A file to write, as given on the command line: a name after its last ``/`` (not empty,
    ``.`` or ``..``, which are folders) and no NUL, which no file name can hold."""
    if "\x00" in text or text.rpartition("/")[2].strip() in ("", ".", ".."):
        raise ValueError(
            f"{text!r} is not a file name (allowed: the path of a file, e.g. plan.ics, without "
            "NUL characters)"
        )
    return text


def parse_pain(text: str) -> int:
    """A 0-10 score (pain, stiffness, interference, ability)."""
    value = text.strip()
    if value.isascii() and value.isdigit() and 0 <= int(value) <= 10:
        return int(value)
    raise ValueError(f"{value!r} is not a pain score (allowed: a whole number from 0 to 10)")


def parse_yes_no(text: str) -> bool:
    """``y``, ``yes``, ``n`` or ``no``, in any case."""
    value = text.strip().lower()
    if value in ("y", "yes"):
        return True
    if value in ("n", "no"):
        return False
    raise ValueError(f"{value!r} is not an answer (allowed: y or n)")


def parse_difficulty(text: str) -> Difficulty:
    """``easy``, ``ok`` or ``hard``, or the first letters of one."""
    value = text.strip().lower()
    for difficulty in DIFFICULTIES:
        if value and difficulty.startswith(value):
            return difficulty
    raise ValueError(f"{value!r} is not an answer (allowed: easy, ok or hard)")


def parse_place(text: str) -> str:
    """One of the places of the catalogue's vocabulary, in any case."""
    value = text.strip().lower()
    if value in PLACES:
        return value
    raise ValueError(f"{text.strip()!r} is not a place (allowed: {', '.join(PLACES)})")


def parse_date(text: str) -> date:
    """``YYYY-MM-DD`` (only that form of ISO 8601, so ``20261123`` is not read as a date)."""
    value = text.strip()
    try:
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value) is None:
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a date (allowed: YYYY-MM-DD)") from None


def parse_plan_day(text: str) -> date:
    """A day to plan from (``YYYY-MM-DD``, 1900 to 2999): further out, the plan's own look back
    and ahead would run off the calendar."""
    day = parse_date(text)
    if not EARLIEST <= day <= PLAN_LAST:
        raise ValueError(
            f"{text.strip()!r} is out of range (allowed: {EARLIEST.isoformat()} to "
            f"{PLAN_LAST.isoformat()})"
        )
    return day


def day_start(day: date, now: datetime) -> datetime | None:
    """The first instant of ``day`` in the zone of ``now``, from which ``history --since``
    lists; None (from the very first record) when that instant is before the calendar begins
    in UTC."""
    start = datetime.combine(day, time.min).replace(tzinfo=now.tzinfo)
    try:
        start.astimezone(UTC)
    except OverflowError:
        return None
    return start


def parse_speed(text: str) -> float:
    """How many times faster a session plays: 0.01 to 1000."""
    value = text.strip()
    try:
        speed = float(value)
    except ValueError:
        speed = math.nan
    if not SPEED_MIN <= speed <= SPEED_MAX:
        raise ValueError(f"{value!r} is not a speed (allowed: {SPEED_MIN:g} to {SPEED_MAX:g})")
    return speed


def parse_when(text: str, zone: tzinfo, now: datetime) -> datetime:
    """An ISO 8601 date, or date and time, as the instant a person meant.

    Without a zone it is local time in ``zone`` (the person's, by name where known), with the
    UTC offset that applied at that instant: a time typed for the day before a daylight-saving
    change keeps the offset it had then. A time from before 1900 or more than a day after
    ``now`` is refused: it is a slip, and the journal would carry it for good."""
    value = text.strip()
    try:
        at = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(
            f"{value!r} is not a date and time (allowed: ISO 8601, e.g. 2026-11-23T07:30)"
        ) from None
    return in_range(at if at.tzinfo else at.replace(tzinfo=zone), now, value)


LATEST = date(9000, 1, 1)  # far beyond any plan, and far from the end of Python's calendar


def instant(value: object) -> datetime:
    """A time in a record (``at``, ``ended``, ``due``), as files and the API send it: an ISO
    8601 string (or a time already read), from 1900 on. Numbers are refused rather than read
    as seconds since 1970, and a year near the end of the calendar would break the arithmetic
    of every face that shows it."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(
                f"{value!r} is not a date and time (allowed: ISO 8601, e.g. 2026-11-23T07:30)"
            ) from None
    if not isinstance(value, datetime):
        raise ValueError(
            f"{value!r} is not a date and time (allowed: an ISO 8601 string, e.g. 2026-11-23T07:30)"
        )
    if not EARLIEST <= value.date() < LATEST:
        raise ValueError(
            f"{value.isoformat()!r} is out of range (allowed: from {EARLIEST.isoformat()} "
            f"to before {LATEST.isoformat()})"
        )
    return value


def in_range(at: datetime, now: datetime, shown: str | None = None) -> datetime:
    """``at`` when it lies between 1900 and a day after ``now``; a ValueError naming it if not."""
    shown = shown or at.isoformat()
    try:
        late = at - now > AHEAD if at.tzinfo else at > now.replace(tzinfo=None) + AHEAD
    except OverflowError:
        late = at.year > now.year
    if at.date() < EARLIEST or late:
        raise ValueError(
            f"{shown!r} is out of range (allowed: from {EARLIEST.isoformat()} to a day "
            "after now; a time still to come cannot be recorded yet)"
        )
    return at


ONCE_KEY = re.compile(r"[A-Za-z0-9_-]{8,80}")


def parse_once(text: str) -> str:
    """A write's one-time key (a form's hidden field, an API client's ``Idempotency-Key``):
    8 to 80 letters, digits, ``-`` or ``_``, as a UUID or a random token is written."""
    value = text.strip()
    if ONCE_KEY.fullmatch(value):
        return value
    shown = value if len(value) <= 40 else f"{value[:40]}..."
    raise ValueError(
        f"{shown!r} is not a one-time key (allowed: 8 to 80 letters, digits, - or _, e.g. a UUID)"
    )
