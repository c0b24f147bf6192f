"""Taking records back: deleting one, correcting one, and undoing the last change.

Nothing leaves the journal silently. A deletion or a correction is itself a record (a
``forget`` record holding the record as it was), so the history says what changed and when, an
export carries the change to another machine, and undo can put the record back. Progress and
the plan read only the records that stand, so they follow every correction at once.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import Connection, delete, func, inspect, select

from backbeat.journal.kinds import LIVING
from backbeat.journal.schema import Entry, Forgotten, Stamped
from backbeat.journal.store import (
    Journal,
    Stored,
    delete_by_id,
    store,
)
from backbeat.records import (
    ID_LENGTH,
    ForgetRecord,
    as_json,
    parse_record,
    record_id,
)

SHORTEST_ID = 4
_ID = re.compile(rf"[0-9a-f]{{{SHORTEST_ID},{ID_LENGTH}}}")


class NoSuchRecord(LookupError):
    """An id that names no record, or more than one; the message says which and what to do."""


class NothingChanged(ValueError):
    """A correction that would leave the record as it is."""


@dataclass(frozen=True, slots=True)
class Undone:
    """What an undo did: put back records that had been deleted or corrected (``restored``),
    or deleted the last entry made (``deleted``)."""

    action: Literal["restored", "deleted"]
    records: tuple[Stored, ...]


def find(journal: Journal, wanted: str) -> Stored:
    """The record with this id, or with an id that begins with it (4 characters or more)."""
    with journal.engine.connect() as connection:
        return _only(connection, journal.person_row(connection), wanted)


def _checked(wanted: str) -> str:
    value = wanted.strip().lower()
    if not _ID.fullmatch(value):
        raise NoSuchRecord(
            f"{wanted!r} is not a record id (allowed: the {ID_LENGTH} letters and digits "
            f"`backbeat history` shows, or their first {SHORTEST_ID} or more)"
        )
    return value


def _matching(connection: Connection, person: int, prefix: str) -> list[Stored]:
    found: list[Stored] = []
    for kind in LIVING:
        table: type[Stamped] = kind.table
        rows = connection.execute(
            select(*inspect(table).columns)
            .where(table.person_id == person, table.digest.startswith(prefix))
            .limit(2)
        )
        found += (Stored(row.digest[:ID_LENGTH], kind.from_row(row)) for row in rows)
    return found


def forget(journal: Journal, wanted: str, now: datetime) -> Stored:
    """Delete one record, keeping a ``forget`` record of it; returns what was deleted."""
    with journal.writing() as (connection, person):
        gone = _only(connection, person, wanted)
        store(journal, connection, person, [_tombstone(gone, now)], None)
    return gone


def correct(journal: Journal, wanted: str, changes: dict[str, Any], now: datetime) -> Stored:
    """Replace one record by the same record with ``changes`` made (field names of the history
    format), keeping a ``forget`` record that names the correction; returns the new record.
    Raises ``ValueError`` naming the field when a change is not valid for that record."""
    with journal.writing() as (connection, person):
        old = _only(connection, person, wanted)
        data = {**as_json(old.record), **changes}
        record, problems = parse_record(data, f"record {old.id}")
        if record is None:
            raise ValueError("; ".join(f"{p.field} {p.message}" for p in problems))
        new = record_id(record)
        if new == old.id:
            raise NothingChanged(f"record {old.id} already says that; nothing was changed")
        _revive(connection, person, new)
        store(journal, connection, person, [_tombstone(old, now, new), record], None)
    return Stored(new, record)


def undo(journal: Journal, now: datetime) -> Undone | None:
    """Take back the last change: put back what the newest deletion or correction took away,
    or delete the newest entry (every record of the last log, check-in, session or review);
    None when there is nothing to undo."""
    with journal.writing() as (connection, person):
        tombstone = connection.execute(
            select(*inspect(Forgotten).columns)
            .where(Forgotten.person_id == person)
            .order_by(Forgotten.at.desc(), Forgotten.id.desc())
            .limit(1)
        ).first()
        newest = _newest_entry(connection, person)
        if tombstone is not None and (newest is None or tombstone.at >= newest):
            return _restore(journal, connection, person, tombstone, now)
        if newest is None:
            return None
        entries = _entries_added_at(connection, person, newest)
        store(journal, connection, person, [_tombstone(e, now) for e in entries], None)
        return Undone("deleted", tuple(entries))


def _restore(
    journal: Journal, connection: Connection, person: int, row: Any, now: datetime
) -> Undone:
    was, _ = parse_record(json.loads(row.was), "was")
    assert was is not None  # a forget record is only kept with a valid record in it
    connection.execute(delete(Forgotten).where(Forgotten.id == row.id))
    if row.corrected:
        delete_by_id(connection, person, row.corrected)
    _revive(connection, person, row.target)
    store(journal, connection, person, [was], now)  # the newest entry now: undo again takes it
    return Undone("restored", (Stored(row.target, was),))


def _revive(connection: Connection, person: int, record: str) -> None:
    """Let a record that was deleted before be stored again (a correction back to what it was,
    an undo): its old deletion no longer stands."""
    connection.execute(
        delete(Forgotten).where(Forgotten.person_id == person, Forgotten.target == record)
    )


def _only(connection: Connection, person: int | None, wanted: str) -> Stored:
    """The one record ``wanted`` names (the whole id or its start), or ``NoSuchRecord`` saying
    that it names none, or which ids it could be."""
    prefix = _checked(wanted)
    found = [] if person is None else _matching(connection, person, prefix)
    if not found:
        raise NoSuchRecord(
            f"there is no record {wanted.strip()!r} in your journal "
            "(`backbeat history` shows each record's id)"
        )
    if len(found) > 1:
        ids = ", ".join(sorted(entry.id for entry in found))
        raise NoSuchRecord(f"{wanted.strip()!r} begins more than one id ({ids}); give more of it")
    return found[0]


def _tombstone(gone: Stored, now: datetime, corrected: str | None = None) -> ForgetRecord:
    return ForgetRecord(at=now, forget=gone.id, was=as_json(gone.record), corrected=corrected)


def _entry_tables() -> list[Any]:
    return [kind.table for kind in LIVING if issubclass(kind.table, Entry)]


def _newest_entry(connection: Connection, person: int) -> datetime | None:
    times = [
        connection.scalar(select(func.max(table.added)).where(table.person_id == person))
        for table in _entry_tables()
    ]
    known = [t for t in times if t is not None]
    return max(known) if known else None


def _entries_added_at(connection: Connection, person: int, added: datetime) -> list[Stored]:
    found: list[Stored] = []
    for kind in LIVING:
        table: Any = kind.table
        if not issubclass(table, Entry):
            continue
        rows = connection.execute(
            select(*inspect(table).columns).where(table.person_id == person, table.added == added)
        )
        found += (Stored(row.digest[:ID_LENGTH], kind.from_row(row)) for row in rows)
    return found
