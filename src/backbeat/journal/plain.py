"""The journal through the standard library's ``sqlite3``: the door of the commands that write or
read a little (``log``, ``checkin``, ``plan``, ``now``), which through SQLAlchemy and the ORM
spent most of their time importing them.

It opens only a SQLite file already at the newest schema (``HEAD``); anything else (no file yet,
an older schema, PostgreSQL, an address with options) is left to the full door (``db`` and
``store``), which migrates. It writes what ``Journal.add`` writes, row for row (a test writes the
same records through both and compares the rows): the same fingerprints, instants in the same
text, the same ``added``, the same revival of a deleted record said again, one ``BEGIN
IMMEDIATE`` transaction waiting at most the write's wait and ``Busy`` after it. It takes no
record that grows (a ``key``) and no deletion: those go through the full door.

Nothing here imports pydantic either: ``log`` and ``checkin`` hand in a record as the history
format has it (``Row``); what reads records back (``Reading``, ``latest``) loads them lazily.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import namedtuple
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from backbeat.journal.access import (
    DEFAULT_PERSON,
    HEAD,
    WRITE_WAIT_S,
    Busy,
    Fingerprint,
    is_busy,
    to_utc,
)

if TYPE_CHECKING:
    from backbeat.records import PlanRecord, ProfileRecord, Record, RecordType

R = TypeVar("R", bound="Record")

ID_LENGTH = 12  # records.ID_LENGTH: the core's records load pydantic (a test holds them equal)
CHECKINS = ("move_checkin", "morning_checkin")  # what progression reads (summary.CHECKINS)
SQLITE = ("sqlite:///", "sqlite+pysqlite:///")


def file_of(url: str) -> Path | None:
    """The file of a plain SQLite address (``sqlite:///path``); None for any other address,
    or one with options, which the full door reads as SQLAlchemy does."""
    for prefix in SQLITE:
        if url.startswith(prefix):
            name = url[len(prefix) :]
            if name and name != ":memory:" and not set("?%") & set(name):
                return Path(name)
    return None


def open_plain(url: str, person: str = DEFAULT_PERSON) -> PlainJournal | None:
    """The journal at ``url`` through sqlite3, or None when the full door must open it: not a
    SQLite file, no file yet, or a schema other than the newest (the full door migrates it)."""
    path = file_of(url)
    if path is None or not path.is_file():
        return None
    try:
        connection = sqlite3.connect(path, timeout=WRITE_WAIT_S, isolation_level=None)
    except sqlite3.Error:
        return None
    try:
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute(f"PRAGMA busy_timeout = {round(WRITE_WAIT_S * 1000)}")
        found = connection.execute("SELECT version_num FROM alembic_version").fetchall()
        if found != [(HEAD,)]:
            connection.close()
            return None
        connection.execute("PRAGMA journal_mode = WAL")
    except sqlite3.Error:
        connection.close()
        return None
    return PlainJournal(connection, url, person)


def stamp(at: datetime) -> str:
    """An instant as SQLAlchemy keeps a ``DateTime`` in SQLite (always with microseconds), so
    that rows compare and sort alike whichever door wrote them."""
    return f"{at:%Y-%m-%d %H:%M:%S}.{at.microsecond:06d}"


def instant_json(at: datetime) -> str:
    """An instant as the history format writes it (pydantic's JSON of a ``datetime``): ISO
    8601, with ``Z`` for UTC. A zone whose offset has seconds is refused: records are built by
    the full model then (``Row.of``)."""
    offset = at.utcoffset()
    if offset is None:
        return at.isoformat()
    if offset % timedelta(minutes=1):
        raise ValueError(f"{at.isoformat()}: an offset of seconds is written by the model")
    return at.isoformat()[:-6] + "Z" if not offset else at.isoformat()


@dataclass(frozen=True, slots=True)
class Row:
    """One record as a row of its table: the table, the fingerprint, the instant and the
    columns of its own. Made from the history format (``move``, ``morning``) or from a record
    (``of``), the same record gives the same row."""

    table: str
    digest: str
    at: datetime
    columns: Mapping[str, object]

    @classmethod
    def of(cls, record: Record) -> Row:
        """The row of a record the full model made (a profile, a plan given)."""
        from backbeat.journal.kinds import KIND_OF
        from backbeat.records import fingerprint

        assert getattr(record, "key", None) is None, "a growing record takes the full door"
        kind = KIND_OF[type(record)]
        assert kind.name != "forgotten", "a deletion takes the full door"
        return cls(kind.name, fingerprint(record), record.at, kind.columns(record))

    @classmethod
    def move(
        cls,
        *,
        at: datetime,
        move: str,
        pain_during: int,
        pain_after: int | None = None,
        sharp: bool = False,
        difficulty: str | None = None,
    ) -> Row:
        """A movement check-in as ``backbeat log`` makes it (a ``MoveRecord`` of these fields,
        checked already); ValueError for an instant only the model can write."""
        said = {"pain_after": pain_after, "difficulty": difficulty}
        data = {
            "at": instant_json(at),
            "move": move,
            "pain_during": pain_during,
            "sharp": sharp,
            "hurt": False,
        } | {name: value for name, value in said.items() if value is not None}
        columns = {
            "move": move,
            "pain_during": pain_during,
            "pain_after": pain_after,
            "sharp": sharp,
            "difficulty": difficulty,
            "hurt": False,
            "key": None,
        }
        return cls("move_checkin", _digest(data), at, columns)

    @classmethod
    def morning(cls, *, at: datetime, morning_pain: int, stiffness: int | None = None) -> Row:
        """A morning check-in as ``backbeat checkin`` makes it (see ``move``)."""
        data = {"at": instant_json(at), "morning_pain": morning_pain}
        if stiffness is not None:
            data["stiffness"] = stiffness
        columns = {"pain": morning_pain, "stiffness": stiffness}
        return cls("morning_checkin", _digest(data), at, columns)


def _digest(data: Mapping[str, object]) -> str:
    """``records.fingerprint`` of a record given as its history-format fields."""
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


class PlainJournal:
    """One person's records in one SQLite file, through sqlite3 (see the module)."""

    def __init__(self, connection: sqlite3.Connection, url: str, person: str) -> None:
        self.connection = connection
        self.address = url  # as ``Journal.address`` gives it: the programme cache's name
        self.person = person
        self.wait = WRITE_WAIT_S
        self._columns: dict[str, dict[str, str]] = {}

    def close(self) -> None:
        self.connection.close()

    def columns(self, table: str) -> dict[str, str]:
        """The table's columns and their declared types, in order, as the schema holds them."""
        found = self._columns.get(table)
        if found is None:
            info = self.connection.execute(f"PRAGMA table_info({table})").fetchall()
            found = self._columns[table] = {row[1]: str(row[2]).upper() for row in info}
        return found

    def person_row(self) -> int | None:
        found = self.connection.execute(
            "SELECT id FROM person WHERE name = ?", (self.person,)
        ).fetchone()
        return None if found is None else int(found[0])

    @contextmanager
    def _writing(self, wait: float | None) -> Iterator[int]:
        """One write transaction (``BEGIN IMMEDIATE``, waiting ``wait`` seconds for another
        program's lock, then ``Busy`` with nothing stored) and the person's row, added when new."""
        wait = self.wait if wait is None else wait
        connection = self.connection
        try:
            connection.execute(f"PRAGMA busy_timeout = {round(wait * 1000)}")
            connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            if is_busy(error):
                raise Busy() from None
            raise
        try:
            person = self.person_row()
            if person is None:
                created = stamp(datetime.now(UTC).replace(tzinfo=None))
                connection.execute(
                    "INSERT INTO person (name, created) VALUES (?, ?) "
                    "ON CONFLICT (name) DO NOTHING",
                    (self.person, created),
                )
                person = self.person_row()
            assert person is not None
            yield person
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")

    def add_rows(
        self, rows: Sequence[Row], *, wait: float | None = None, added: datetime | None = None
    ) -> int:
        """``Journal.add`` of records without a key and without deletions, as rows: all stored
        or none; returns how many were new."""
        with self._writing(wait) as person:
            return self._store(person, rows, added)

    def add(
        self, records: Sequence[Record], *, wait: float | None = None, added: datetime | None = None
    ) -> int:
        """``Journal.add`` of records the full model made (see ``add_rows``)."""
        return self.add_rows([Row.of(record) for record in records], wait=wait, added=added)

    def _store(self, person: int, rows: Sequence[Row], added: datetime | None) -> int:
        """``store.store`` for these rows: a record deleted before stays deleted unless the
        person says it again now (``added``), and a row already there is not added twice."""
        connection = self.connection
        gone = {
            target
            for (target,) in connection.execute(
                "SELECT target FROM forgotten WHERE person_id = ?", (person,)
            )
        }
        if added is not None:
            revived = sorted(gone & {row.digest[:ID_LENGTH] for row in rows})
            if revived:
                marks = ", ".join("?" * len(revived))
                connection.execute(
                    f"DELETE FROM forgotten WHERE person_id = ? AND target IN ({marks})",
                    (person, *revived),
                )
                gone -= set(revived)
        added_at = None if added is None else stamp(to_utc(added)[0])
        count = 0
        for row in rows:
            if row.digest[:ID_LENGTH] in gone:
                continue
            at, offset = to_utc(row.at)
            values: dict[str, object] = {
                "person_id": person,
                "digest": row.digest,
                "at": stamp(at),
                "utc_offset": offset,
            }
            if "added" in self.columns(row.table):
                values["added"] = added_at
            values.update(row.columns)
            names = ", ".join(values)
            marks = ", ".join("?" * len(values))
            inserted = connection.execute(
                f"INSERT INTO {row.table} ({names}) VALUES ({marks}) "
                "ON CONFLICT (person_id, digest) DO NOTHING RETURNING id",
                tuple(values.values()),
            ).fetchall()
            count += len(inserted)
        return count

    def latest(self, model: type[R]) -> R | None:
        """``Journal.latest``: the newest record of one kind, if there is one."""
        from backbeat.journal.kinds import KIND_OF

        kind = KIND_OF[model]
        rows = self._rows(
            kind.name,
            f"JOIN person ON person.id = {kind.name}.person_id WHERE person.name = ? "
            f"ORDER BY {kind.name}.at DESC, {kind.name}.id DESC LIMIT 1",
            (self.person,),
        )
        found = kind.from_row(rows[0]) if rows else None
        assert found is None or isinstance(found, model)
        return found

    def add_if_changed(
        self, record: ProfileRecord | PlanRecord, *, wait: float | None = None
    ) -> bool:
        """``Journal.add_if_changed``: kept only when it differs from the latest one kept."""
        from backbeat.journal.kinds import same_content

        latest = self.latest(type(record))
        if latest is not None and same_content(latest, record):
            return False
        return self.add([record], wait=wait) == 1

    def records(self) -> list[Record]:
        """``Journal.records()``: every record but the deletions, newest first."""
        from backbeat.journal.kinds import LIVING

        with self.reading() as reading:
            person = reading.person_id(self.person)
            if person is None:
                return []
            return reading.records(person, kinds=tuple(kind.model for kind in LIVING))

    @contextmanager
    def reading(self) -> Iterator[Reading]:
        """One read transaction: a snapshot, which never waits for a writer in WAL mode."""
        self.connection.execute("BEGIN")
        try:
            yield Reading(self)
        finally:
            self.connection.execute("COMMIT")

    def _rows(self, table: str, rest: str, params: Sequence[object]) -> list[Any]:
        """Rows of ``table`` with the same names and types as the ORM's: instants as naive
        ``datetime``, flags as ``bool``."""
        columns = self.columns(table)
        names = ", ".join(f"{table}.{name}" for name in columns)
        shape = _shape(table, tuple(columns))
        convert = [_CONVERT.get(kind) for kind in columns.values()]
        found = self.connection.execute(f"SELECT {names} FROM {table} {rest}", tuple(params))
        return [
            shape._make(
                value if how is None or value is None else how(value)
                for value, how in zip(row, convert, strict=True)
            )
            for row in found
        ]


_CONVERT: dict[str, Any] = {"DATETIME": datetime.fromisoformat, "BOOLEAN": bool}
_SHAPES: dict[tuple[str, tuple[str, ...]], Any] = {}


def _shape(table: str, names: tuple[str, ...]) -> Any:
    found = _SHAPES.get((table, names))
    if found is None:
        found = _SHAPES[(table, names)] = namedtuple(table, names)
    return found


class Reading:
    """What a plan reads (``summary.Reading``'s questions), in plain SQL: the same answers."""

    def __init__(self, journal: PlainJournal) -> None:
        self.journal = journal
        self.connection = journal.connection

    def person_id(self, name: str) -> int | None:
        found = self.connection.execute("SELECT id FROM person WHERE name = ?", (name,)).fetchone()
        return None if found is None else int(found[0])

    def first_checkin(self, person: int) -> datetime | None:
        found = [
            self.connection.execute(
                f"SELECT at FROM {table} WHERE +{table}.person_id = ? ORDER BY at LIMIT 1",
                (person,),
            ).fetchone()
            for table in CHECKINS
        ]
        return min((datetime.fromisoformat(f[0]) for f in found if f is not None), default=None)

    def fingerprint(self, person: int, before: datetime) -> Fingerprint:
        cut = stamp(to_utc(before)[0])
        found: Fingerprint = []
        for table in CHECKINS:
            sums = (
                "SELECT count(*), coalesce(sum(id), 0), coalesce(sum(unicode(digest)), 0) "
                f"FROM {table} WHERE "
            )
            total = self.connection.execute(sums + "person_id = ?", (person,)).fetchone()
            later = self.connection.execute(
                sums + f"at >= ? AND +{table}.person_id = ?", (cut, person)
            ).fetchone()
            newest = self.connection.execute(
                f"SELECT id, digest FROM {table} WHERE +{table}.at < ? "
                f"AND +{table}.person_id = ? ORDER BY id DESC LIMIT 1",
                (cut, person),
            ).fetchone()
            row: list[int | str | None] = [
                int(a) - int(b) for a, b in zip(total, later, strict=True)
            ]
            row += [newest[0], newest[1]] if newest is not None else [None, None]
            found.append(row)
        return found

    def records(
        self,
        person: int,
        *,
        since: datetime | None = None,
        before: datetime | None = None,
        kinds: tuple[RecordType, ...] | None = None,
    ) -> list[Record]:
        from backbeat.journal.kinds import KINDS, PLANNED

        wanted = PLANNED if kinds is None else kinds
        found: list[tuple[datetime, int, int, Record]] = []
        for rank, kind in enumerate(KINDS):
            if kind.model not in wanted:
                continue
            rest = f"WHERE +{kind.name}.person_id = ?"
            params: list[object] = [person]
            if since is not None:
                rest += f" AND {kind.name}.at >= ?"
                params.append(stamp(to_utc(since)[0]))
            if before is not None:
                rest += f" AND {kind.name}.at < ?"
                params.append(stamp(to_utc(before)[0]))
            found += (
                (r.at, rank, r.id, kind.from_row(r))
                for r in self.journal._rows(kind.name, rest, params)
            )
        found.sort(key=itemgetter(0, 1, 2), reverse=True)
        return [entry[3] for entry in found]
