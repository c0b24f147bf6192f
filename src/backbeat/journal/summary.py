"""What a plan reads of a journal: the records of the weeks it needs, by the index on time, and a
fingerprint of the check-ins made before an instant, which ``backbeat.history`` keeps beside a
person's weekly state so that the state is taken up only while the check-ins it was decided
from are unchanged.

The fingerprint costs a few aggregate queries over indexes, not a read of the years before the
instant: per check-in table, the count, the sum of the row ids and the sum of the codes of the
digests' first characters of the rows before the instant (the whole person's, by the index that
holds the digests, less those after the instant, by the index on time), and the id and digest
of the newest of them. A record added before the instant changes the count; one deleted changes
it too, and one corrected (deleted, and its new version added) changes the sum of the ids. A
new row may take the id of the newest row when that one was deleted first (SQLite gives a new
row the id after the highest), which the newest row's digest tells.

Reads run in one transaction (``reading``), so a fingerprint and the records read beside it see
the same journal: a record written meanwhile makes the fingerprint differ next time, never the
other way round.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, func, inspect, select

from backbeat.journal.access import Fingerprint as Fingerprint
from backbeat.journal.kinds import KINDS, PLANNED, to_utc, unindexed
from backbeat.journal.schema import MorningCheckIn, MoveCheckIn, Person, Stamped
from backbeat.records import Record, RecordType

if TYPE_CHECKING:
    from backbeat.history import Source

CHECKINS: tuple[type[Stamped], ...] = (MoveCheckIn, MorningCheckIn)  # what progression reads


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """One read transaction, a snapshot of the journal on SQLite and PostgreSQL alike."""
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            yield connection


def person_id(connection: Connection, name: str) -> int | None:
    return connection.scalar(select(Person.id).where(Person.name == name))


def first_checkin(connection: Connection, person: int) -> datetime | None:
    """When the person's first check-in was stored (UTC, without a zone), if any."""
    found = []
    for table in CHECKINS:
        owner = unindexed(connection, table, "person_id")
        found.append(
            connection.scalar(select(table.at).where(owner == person).order_by(table.at).limit(1))
        )
    return min((f for f in found if f is not None), default=None)


def fingerprint(connection: Connection, person: int, before: datetime) -> Fingerprint:
    """Of the person's check-ins stored before ``before``, per table: how many, the sum of
    their ids and of their digests' first characters, and the newest one's id and digest."""
    cut = to_utc(before)[0]
    found: Fingerprint = []
    for table in CHECKINS:
        whole = connection.execute(_sums(connection, table).where(table.person_id == person))
        owner = unindexed(connection, table, "person_id")
        after = connection.execute(_sums(connection, table).where(table.at >= cut, owner == person))
        total, later = whole.one(), after.one()
        newest = connection.execute(
            select(table.id, table.digest)
            .where(unindexed(connection, table, "at") < cut, owner == person)
            .order_by(table.id.desc())
            .limit(1)
        ).first()
        row: list[int | str | None] = [int(a) - int(b) for a, b in zip(total, later, strict=True)]
        row += [newest.id, newest.digest] if newest is not None else [None, None]
        found.append(row)
    return found


def records(
    connection: Connection,
    person: int,
    *,
    since: datetime | None = None,
    before: datetime | None = None,
    kinds: tuple[RecordType, ...] = PLANNED,
) -> list[Record]:
    """The person's records of ``kinds`` stored from ``since`` and before ``before``, newest
    first, in the order ``Journal.records`` gives them (a plan that reads two mornings of one
    day takes the one it always took)."""
    found: list[tuple[datetime, int, int, Record]] = []
    for rank, kind in enumerate(KINDS):
        if kind.model not in kinds:
            continue
        table: type[Stamped] = kind.table
        query = select(*inspect(table).columns).where(
            unindexed(connection, table, "person_id") == person
        )
        if since is not None:
            query = query.where(table.at >= to_utc(since)[0])
        if before is not None:
            query = query.where(table.at < to_utc(before)[0])
        found += ((r.at, rank, r.id, kind.from_row(r)) for r in connection.execute(query))
    found.sort(key=itemgetter(0, 1, 2), reverse=True)
    return [entry[3] for entry in found]


def recent(journal: Source, since: datetime, kinds: tuple[RecordType, ...]) -> list[Record]:
    """The person's records of ``kinds`` from ``since`` on, newest first, as ``records``
    (through either door: ``Journal``, or ``PlainJournal``)."""
    with journal.reading() as read:
        person = read.person_id(journal.person)
        return [] if person is None else read.records(person, since=since, kinds=kinds)


def _sums(connection: Connection, table: type[Stamped]) -> Any:
    first = func.unicode if connection.dialect.name == "sqlite" else func.ascii
    return select(
        func.count(),
        func.coalesce(func.sum(table.id), 0),
        func.coalesce(func.sum(first(table.digest)), 0),
    )


class Reading:
    """The questions a plan asks of one read transaction, through SQLAlchemy (``plain.Reading``
    asks them of a SQLite file through sqlite3, with the same answers)."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def person_id(self, name: str) -> int | None:
        return person_id(self.connection, name)

    def first_checkin(self, person: int) -> datetime | None:
        return first_checkin(self.connection, person)

    def fingerprint(self, person: int, before: datetime) -> Fingerprint:
        return fingerprint(self.connection, person, before)

    def records(
        self,
        person: int,
        *,
        since: datetime | None = None,
        before: datetime | None = None,
        kinds: tuple[RecordType, ...] = PLANNED,
    ) -> list[Record]:
        return records(self.connection, person, since=since, before=before, kinds=kinds)
