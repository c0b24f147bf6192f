"""Reading and writing journal records in the history format, one transaction per call.

Every face (plan, session, and later the web app) goes through these functions, so a record
means the same thing wherever it was made. Adding a record that is already there adds nothing,
which makes writes safe to retry and imports safe to repeat.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, select
from sqlalchemy.orm import Session

from backbeat.journal.schema import MorningCheckIn, MoveCheckIn, Person
from backbeat.plan.history import MorningRecord, MoveRecord, Record, as_json

DEFAULT_PERSON = "me"


def to_utc(at: datetime) -> tuple[datetime, int | None]:
    """A stored instant: UTC without a zone, and the UTC offset in minutes (None when ``at``
    was local time with no zone, which is then kept as it was)."""
    offset = at.utcoffset()
    if offset is None:
        return at, None
    return at.astimezone(UTC).replace(tzinfo=None), round(offset.total_seconds() / 60)


def from_utc(at: datetime, offset: int | None) -> datetime:
    """The instant back in the person's own local time."""
    if offset is None:
        return at
    return at.replace(tzinfo=UTC).astimezone(timezone(timedelta(minutes=offset)))


class Journal:
    """One person's records in one database."""

    def __init__(self, engine: Engine, person: str = DEFAULT_PERSON) -> None:
        self.engine = engine
        self.person = person
        self._id: int | None = None  # the person's row, once known

    def _person_id(self, connection: Connection) -> int:
        if self._id is None:
            named = select(Person.id).where(Person.name == self.person)
            found = connection.scalar(named)
            if found is None:  # another program may be adding the same person right now
                created = datetime.now(UTC).replace(tzinfo=None)
                connection.execute(
                    _insert(self.engine)(Person)
                    .values(name=self.person, created=created)
                    .on_conflict_do_nothing(index_elements=["name"])
                )
                found = connection.scalar(named)
            assert found is not None
            self._id = found
        return self._id

    def add(self, records: Iterable[Record]) -> int:
        """Store ``records`` all together or not at all; returns how many were new. A record
        equal in every field to one already there is not added again (two programs adding it
        at once included: the database refuses the second); one that differs in any field is
        kept beside it, so nothing a person says is lost."""
        added = 0
        try:
            with self.engine.begin() as connection:
                person = self._person_id(connection)
                for record in records:
                    table, row = _row(record, person)
                    statement = (
                        _insert(self.engine)(table)
                        .values(row)
                        .on_conflict_do_nothing(index_elements=["person_id", "digest"])
                    )
                    added += connection.execute(statement).rowcount
        except BaseException:
            self._id = None  # the person's row may have been rolled back with the rest
            raise
        return added

    def records(self, since: datetime | None = None) -> list[Record]:
        """Every record, newest first (records made at the same instant in the order they were
        added); ``since`` (an instant) keeps those at or after it."""
        cut = None if since is None else to_utc(since)[0]
        with Session(self.engine) as session:
            person = session.scalar(select(Person.id).where(Person.name == self.person))
            if person is None:
                return []
            rows: list[MoveCheckIn | MorningCheckIn] = [*_rows(session, MoveCheckIn, person, cut)]
            rows += _rows(session, MorningCheckIn, person, cut)
            found = [(row.at, _record(row)) for row in rows]
        found.sort(key=lambda pair: pair[0], reverse=True)
        return [record for _, record in found]


Row = TypeVar("Row", MoveCheckIn, MorningCheckIn)


def _rows(session: Session, table: type[Row], person: int, cut: datetime | None) -> list[Row]:
    """One table's rows for a person, oldest added first, at or after ``cut`` (UTC) if given."""
    query = select(table).where(table.person_id == person).order_by(table.id)
    if cut is not None:
        query = query.where(table.at >= cut)
    return list(session.scalars(query))


def _record(row: MoveCheckIn | MorningCheckIn) -> Record:
    """A stored row back as a history record, in the person's own local time."""
    at = from_utc(row.at, row.utc_offset)
    if isinstance(row, MorningCheckIn):
        return MorningRecord(at=at, morning_pain=row.pain, stiffness=row.stiffness)
    return MoveRecord(
        at=at,
        move=row.move,
        pain_during=row.pain_during,
        pain_after=row.pain_after,
        sharp=row.sharp,
        difficulty=row.difficulty,  # type: ignore[arg-type]
        hurt=row.hurt,
    )


def _insert(engine: Engine) -> Callable[..., Any]:
    """The dialect's INSERT, which knows ON CONFLICT DO NOTHING (SQLite and PostgreSQL)."""
    if engine.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert


def digest(record: Record) -> str:
    """A fingerprint of every field: equal records share it, any difference changes it."""
    canonical = json.dumps(as_json(record), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _row(record: Record, person: int) -> tuple[type[MoveCheckIn | MorningCheckIn], dict[str, Any]]:
    """The table a record goes in, and its row."""
    at, offset = to_utc(record.at)
    row: dict[str, Any] = {
        "person_id": person,
        "digest": digest(record),
        "at": at,
        "utc_offset": offset,
    }
    if isinstance(record, MoveRecord):
        row.update(
            move=record.move,
            pain_during=record.pain_during,
            pain_after=record.pain_after,
            sharp=record.sharp,
            difficulty=record.difficulty,
            hurt=record.hurt,
        )
        return MoveCheckIn, row
    row.update(pain=record.morning_pain, stiffness=record.stiffness)
    return MorningCheckIn, row
