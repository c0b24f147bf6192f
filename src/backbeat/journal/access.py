"""How the journal is reached, whichever door a face takes (SQLAlchemy in ``db``, the standard
library's sqlite3 in ``plain``): its address, the schema revision it must be at, how long a write
waits for another program's write lock, and ``Busy`` when that wait runs out. Nothing here
imports SQLAlchemy, so a quick command can know all this without paying for it."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

WRITE_WAIT_S = 2.0
"""How long a write waits for another program's write lock before it answers "busy": longer
than any ordinary write holds it (a few milliseconds), short enough for a person waiting on a
button or a command."""
PATIENT_WAIT_S = 10.0
"""The wait of a write no one can simply send again: a finished terminal session, a reminder's
answer, a migration."""
KEEP_WAIT_S = 0.0
"""Keeping the plan or profile given (a side effect of showing it) never waits: when another
program is writing, the version is kept the next time it is shown."""
HEAD = "j0005"  # the newest migration; a test checks it against Alembic's own view
DEFAULT_PERSON = "me"  # the one person of a local install

Fingerprint = list[list[int | str | None]]
"""Of a person's check-ins before an instant, per table (see ``summary.fingerprint``)."""


class Busy(Exception):
    """Another program held the journal's write lock for longer than this write would wait.
    Nothing of this write was stored (its transaction never began), and nothing stored before
    is touched: sending it again later is safe."""

    def __init__(self) -> None:
        super().__init__(
            "the journal is busy with another program's change, so nothing was saved; "
            "try again in a moment"
        )


def journal_url(environ: Mapping[str, str], home: Path) -> str:
    """``BACKBEAT_DB_URL``, or a SQLite file in the data folder."""
    return environ.get("BACKBEAT_DB_URL") or f"sqlite:///{home / 'backbeat.db'}"


def is_busy(error: BaseException) -> bool:
    """Whether a database error (SQLAlchemy's, or the driver's own) says the write lock could
    not be had in time."""
    original = getattr(error, "orig", error)
    name = getattr(original, "sqlite_errorname", "")
    return name.startswith("SQLITE_BUSY") or "database is locked" in str(original)


def to_utc(at: datetime) -> tuple[datetime, int | None]:
    """A stored instant: UTC without a zone, and the UTC offset in minutes (None when ``at``
    was local time with no zone, which is then kept as it was)."""
    offset = at.utcoffset()
    if offset is None:
        return at, None
    return at.astimezone(UTC).replace(tzinfo=None), round(offset.total_seconds() / 60)
