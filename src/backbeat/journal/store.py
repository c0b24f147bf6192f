"""Reading and writing journal records in the history format, one transaction per call.

Every face (plan, session, and later the web app) goes through these functions, so a record
means the same thing wherever it was made. Adding a record that is already there adds nothing,
which makes writes safe to retry and imports safe to repeat.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import groupby
from operator import itemgetter
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, delete, inspect, select, text, update
from sqlalchemy.exc import OperationalError

from backbeat.journal import summary
from backbeat.journal.access import DEFAULT_PERSON as DEFAULT_PERSON
from backbeat.journal.db import WRITE_WAIT_S, Busy, is_busy, writing
from backbeat.journal.kinds import (
    KIND_OF,
    KINDS,
    LIVING,
    Kind,
    row_of,
    same_content,
    to_utc,
    unindexed,
)
from backbeat.journal.schema import (
    Forgotten,
    GuidedSession,
    MoveCheckIn,
    Person,
    Stamped,
    WriteOnce,
)
from backbeat.records import (
    ID_LENGTH,
    ForgetRecord,
    MoveRecord,
    PlanRecord,
    ProfileRecord,
    Record,
    SessionRecord,
    fingerprint,
)

R = TypeVar("R", bound=Record)
S = TypeVar("S", bound=Stamped)


class Journal:
    """One person's records in one database."""

    def __init__(
        self, engine: Engine, person: str = DEFAULT_PERSON, *, wait: float = WRITE_WAIT_S
    ) -> None:
        self.engine = engine
        self.person = person
        self.wait = wait  # seconds a write waits for another program's, before Busy
        self._id: int | None = None  # the person's row, once known
        self._statements: dict[type[Stamped], Any] = {}
        self._writers: dict[float, Engine] = {}
        self._open = threading.local()  # the write transaction this thread is in, if any

    def _person_id(self, connection: Connection) -> int:
        found = self._id  # read once: another thread may forget it meanwhile
        if found is None:
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
        return found

    @property
    def address(self) -> str:
        """The database's address without its password: what names the journal's caches."""
        return self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def reading(self) -> Iterator[summary.Reading]:
        """One read transaction (a snapshot) and the questions a plan asks of it."""
        with summary.reading(self.engine) as connection:
            yield summary.Reading(connection)

    def person_row(self, connection: Connection) -> int | None:
        """The person's row id, without adding the person: None for a journal they never wrote."""
        found: int | None = connection.scalar(select(Person.id).where(Person.name == self.person))
        return found

    def _writer(self, wait: float | None) -> Engine:
        """The engine whose transactions take the write lock, waiting ``wait`` seconds."""
        wait = self.wait if wait is None else wait
        engine = self._writers.get(wait)
        if engine is None:
            engine = self._writers[wait] = writing(self.engine, wait)
        return engine

    @contextmanager
    def writing(self, wait: float | None = None) -> Iterator[tuple[Connection, int]]:
        """One write transaction and the person's row id: all of it is stored or none. Raises
        ``Busy``, having stored nothing, when another program holds the write lock for longer
        than ``wait`` seconds (the journal's own wait by default). Inside another write of the
        same thread, it is part of that one (``once`` wraps any change this way)."""
        inner = getattr(self._open, "write", None)
        if inner is not None:
            yield inner
            return
        try:
            with self._writer(wait).begin() as connection:
                person = self._person_id(connection)
                if connection.dialect.name == "postgresql":
                    # one write at a time per journal, as SQLite's lock gives: each row's id is
                    # then above every id committed before it (``added_since`` relies on it)
                    connection.execute(_ONE_WRITER, {"journal": person})
                self._open.write = (connection, person)
                try:
                    yield self._open.write
                finally:
                    self._open.write = None
        except OperationalError as error:
            self._id = None  # the person's row may have been rolled back with the rest
            if is_busy(error):
                raise Busy() from None
            raise
        except BaseException:
            self._id = None
            raise

    def add(
        self,
        records: Iterable[Record],
        *,
        wait: float | None = None,
        added: datetime | None = None,
        once: str | None = None,
    ) -> int:
        """Store ``records`` all together or not at all; returns how many were new. A record
        equal in every field to one already there is not added again (two programs adding it
        at once included: the database refuses the second); one that differs in any field is
        kept beside it, so nothing a person says is lost. A record with a ``key`` replaces the
        one with that key (a session saved as it goes), unless that one is complete and this
        one is not; a record that was deleted (a ``forget`` record holds its id) is not brought
        back by adding it again, and a ``forget`` record deletes the record it names.

        ``added`` marks the records as the person's newest entry (what undo takes back);
        ``once`` is a one-time key: a second write with it stores nothing and answers as the
        first did."""
        batch = list(records)

        def adding(connection: Connection, person: int) -> str:
            return str(store(self, connection, person, batch, added))

        if once is not None:
            return int(self.once(once, added, adding, wait=wait)[0])
        with self.writing(wait) as (connection, person):
            return int(adding(connection, person))

    def once(
        self,
        key: str,
        at: datetime | None,
        act: Callable[[Connection, int], str],
        *,
        wait: float | None = None,
    ) -> tuple[str, bool]:
        """Make a write under a one-time key: ``act`` runs in the write's transaction and its
        answer (any text: a count, the JSON an API gave) is kept with the key. Sent again, the
        key gives back that first answer and ``act`` does not run. Returns the answer and
        whether it was made now. Any change of the journal made inside ``act`` (an add, a
        deletion) is part of the same transaction."""
        with self.writing(wait) as (connection, person):
            first = _first_answer(connection, person, key, at)
            if first is not None:
                return first, False
            answer = act(connection, person)
            connection.execute(
                update(WriteOnce)
                .where(WriteOnce.person_id == person, WriteOnce.key == key)
                .values(answer=answer)
            )
        return answer, True

    def used(self, once: str) -> bool:
        """Whether a write with this one-time key was already stored."""
        with self.engine.connect() as connection:
            person = connection.scalar(select(Person.id).where(Person.name == self.person))
            return person is not None and (
                connection.scalar(
                    select(WriteOnce.id).where(WriteOnce.person_id == person, WriteOnce.key == once)
                )
                is not None
            )

    def use(self, once: str, at: datetime) -> None:
        """Keep a one-time key of a write stored elsewhere (the profile file), so that the same
        form sent again is answered without writing twice."""
        with self.writing() as (connection, person):
            _first_answer(connection, person, once, at)

    def _statement(self, table: type[Stamped]) -> Any:
        """One INSERT per table, made once: the same record twice is skipped, and a row comes
        back for each record added (rowcount is not portable across drivers)."""
        made = self._statements.get(table)
        if made is None:
            made = (
                _insert(self.engine)(table)
                .on_conflict_do_nothing(index_elements=["person_id", "digest"])
                .returning(table.id)
            )
            self._statements[table] = made
        return made

    def add_if_changed(
        self, record: ProfileRecord | PlanRecord, *, wait: float | None = None
    ) -> bool:
        """Keep a profile or plan only when it differs from the latest one kept, so running
        ``backbeat plan`` ten times a day keeps one version, not ten. True when kept."""
        latest = self.latest(type(record))
        if latest is not None and same_content(latest, record):
            return False
        return self.add([record], wait=wait) == 1

    def latest(self, model: type[R]) -> R | None:
        """The newest record of one kind, if there is one."""
        kind = KIND_OF[model]
        table: type[Stamped] = kind.table
        with self.engine.connect() as connection:
            row = connection.execute(
                select(*inspect(table).columns)
                .join(Person, Person.id == table.person_id)
                .where(Person.name == self.person)
                .order_by(table.at.desc(), table.id.desc())
                .limit(1)
            ).first()
            found = None if row is None else kind.from_row(row)
        assert found is None or isinstance(found, model)
        return found

    def change_mark(self) -> tuple[object, ...]:
        """A value that changes whenever any of this person's records is added, replaced or
        deleted, in one cheap query (each table's newest row id of theirs, from an index):
        every change the journal makes inserts a row (a deletion its ``forget`` record, a
        correction or a replaced session a new one), so a page made before it is never taken
        for one made after; another person's writes (on a clinic's server) leave it as it is.
        The query is plain SQL, written once: asked before every page, it should cost one
        round trip."""
        with self.engine.connect() as connection:
            return tuple(connection.execute(_NEWEST_ROWS, {"person": self.person}).one())

    def added_since(self, before: Sequence[object], after: Sequence[object]) -> list[Record] | None:
        """The rows added between two change marks (``before`` taken first), deletions among
        them, as records: what a kept reading needs to be brought up to date, read by index
        from the kinds whose newest row moved, however long the journal. None when a kind's
        newest row is gone (a deletion of the newest record, an account deleted meanwhile),
        or the marks are not of this journal's kinds: then only reading afresh will do.

        Every change the journal makes adds a row with a higher id than any before it (a
        replaced row is set aside before its replacement is added, then deleted), and writes
        to one journal are one at a time, so the rows past a mark are all that changed."""
        if len(before) != len(KINDS) or len(after) != len(KINDS):
            return None
        moved: list[tuple[Kind[Any, Any], int, int]] = []
        for kind, old, new in zip(KINDS, before, after, strict=True):
            if new == old:
                continue
            if not isinstance(new, int) or not isinstance(old, int | None) or (old or 0) > new:
                return None
            moved.append((kind, old or 0, new))
        if not moved:
            return []
        found: list[Record] = []
        with self.engine.connect() as connection:
            for kind, old, new in moved:
                table: type[Stamped] = kind.table
                query = select(*inspect(table).columns).where(
                    table.person_id
                    == select(Person.id).where(Person.name == self.person).scalar_subquery(),
                    table.id > old,
                    table.id <= new,
                )
                found += (kind.from_row(row) for row in connection.execute(query))
        return found

    def records(self, since: datetime | None = None) -> list[Record]:
        """Every record a person made or was given, newest first (of records made at the same
        instant, the last added first); ``since`` (an instant) keeps those at or after it.
        Deletions are not among them: what they deleted is gone from here."""
        return [entry.record for entry in reversed(self._read(since, kinds=LIVING))]

    def entries(
        self,
        since: datetime | None = None,
        *,
        before: datetime | None = None,
        limit: int | None = None,
    ) -> list[Stored]:
        """``records`` with the id of each, newest first: at most ``limit`` of those made before
        ``before`` (a page of the journal; every record of the page's oldest instant is on it,
        so the next page can begin before that instant)."""
        found = self._read(since, kinds=LIVING, before=before, limit=limit)
        if limit is not None and len(found) > limit:
            oldest = found[-limit].at
            found = [entry for entry in found if entry.at >= oldest]
        return found[::-1]

    def oldest_first(self) -> list[Record]:
        """Every record in the order it was made, kinds in the order of ``KINDS``, deletions
        included: the order an export writes and an import adds, so the two give back the
        same file, and a deletion made on one machine is carried to another."""
        return [entry.record for entry in self._read(None, kinds=KINDS)]

    def _read(
        self,
        since: datetime | None,
        *,
        kinds: tuple[Kind[Any, Any], ...],
        before: datetime | None = None,
        limit: int | None = None,
    ) -> list[Stored]:
        cut = None if since is None else to_utc(since)[0]
        end = None if before is None else to_utc(before)[0]
        with self.engine.connect() as connection, _no_cycle_collection():
            person = connection.scalar(select(Person.id).where(Person.name == self.person))
            if person is None:
                return []
            found: list[tuple[datetime, int, int, Stored]] = []
            for kind in kinds:
                table: type[Stamped] = kind.table
                rank = KINDS.index(kind)
                # Plain rows, named like the table's attributes, without the ORM: an object per
                # row was most of the cost of reading a year of a busy journal.
                owner = table.person_id
                if cut is not None or end is not None or limit is not None:
                    # a window or a page of time: by the index on time, not the person's
                    owner = unindexed(connection, table, "person_id")
                query = select(*inspect(table).columns).where(owner == person)
                if cut is not None:
                    query = query.where(table.at >= cut)
                if end is not None:
                    query = query.where(table.at < end)
                if limit is not None:  # every table's newest; the page is the newest of those
                    query = query.order_by(table.at.desc(), table.id.desc()).limit(limit + 1)
                found += (
                    (r.at, rank, r.id, Stored(r.digest[:ID_LENGTH], kind.from_row(r)))
                    for r in connection.execute(query)
                )
        found.sort(key=itemgetter(0, 1, 2))
        return [entry[3] for entry in found]


def newest_rows(person: str) -> str:
    """The change mark's columns, in SQL: each kind's newest row id of the person whose name
    the SQL expression ``person`` gives (a server holding many journals asks this with other
    questions of the same request, in one round trip)."""
    return ", ".join(
        f"(SELECT max(id) FROM {kind.name} WHERE person_id = "
        f"(SELECT id FROM person WHERE name = {person}))"
        for kind in KINDS
    )


_NEWEST_ROWS = text(f"SELECT {newest_rows(':person')}")
_ONE_WRITER = text("SELECT pg_advisory_xact_lock(1650614380, :journal)")  # b"bbjl": a journal's


@dataclass(frozen=True, slots=True)
class Stored:
    """A record as the journal holds it, with the id people see and type."""

    id: str
    record: Record

    @property
    def at(self) -> datetime:
        return self.record.at


def _first_answer(
    connection: Connection, person: int, once: str, at: datetime | None
) -> str | None:
    """Claim a one-time key for this write: None when it is new (the write goes on), or the
    answer of the write that used it first."""
    stamp = to_utc(at)[0] if at is not None else datetime.now(UTC).replace(tzinfo=None)
    claimed = connection.execute(
        _insert(connection.engine)(WriteOnce)
        .values(person_id=person, key=once, at=stamp, answer="0")
        .on_conflict_do_nothing(index_elements=["person_id", "key"])
        .returning(WriteOnce.id)
    ).first()
    if claimed is not None:
        return None
    answer = connection.scalar(
        select(WriteOnce.answer).where(WriteOnce.person_id == person, WriteOnce.key == once)
    )
    return answer or ""


def store(
    journal: Journal,
    connection: Connection,
    person: int,
    batch: list[Record],
    added: datetime | None,
) -> int:
    """Add a batch in one transaction (see ``Journal.add``); returns how many rows were new."""
    forgets = [record for record in batch if isinstance(record, ForgetRecord)]
    for forget in forgets:
        delete_by_id(connection, person, forget.forget)
    gone = set(connection.scalars(select(Forgotten.target).where(Forgotten.person_id == person)))
    if added is not None:  # the person says it again now: an old deletion of it no longer stands
        said = {fingerprint(r)[:ID_LENGTH] for r in batch if not isinstance(r, ForgetRecord)}
        revived = gone & said
        if revived:
            connection.execute(
                delete(Forgotten).where(
                    Forgotten.person_id == person, Forgotten.target.in_(sorted(revived))
                )
            )
            gone -= revived
    gone.update(forget.forget for forget in forgets)
    living: list[tuple[Record, str]] = [
        (record, digest)
        for record in batch
        if not isinstance(record, ForgetRecord)
        for digest in (fingerprint(record),)
        if digest[:ID_LENGTH] not in gone
    ]
    kept, replaced = _replacing(connection, person, living)
    kept += [(forget, fingerprint(forget)) for forget in forgets]
    stamp = None if added is None else to_utc(added)[0]
    rows = (row_of(record, person, digest, stamp) for record, digest in kept)
    count = 0
    for table, run in groupby(rows, key=lambda pair: pair[0]):
        statement = journal._statement(table)
        count += len(connection.execute(statement, [row for _, row in run]).all())
    for table, row_id in replaced:  # only now: the replacement's id is above the old one's
        connection.execute(delete(table).where(table.id == row_id))
    return count


def _replacing(
    connection: Connection, person: int, batch: Sequence[tuple[Record, str]]
) -> tuple[list[tuple[Record, str]], list[tuple[Any, int]]]:
    """The batch with each keyed record in place of the stored one of its key: a record the
    same as the stored one, or less complete (an unfinished session after its check-in, a
    movement without its pain score after one with it), is left out instead. The rows to be
    replaced come back too (their table and id), their key already cleared, to be deleted
    once the batch is in: deleted first, the newest row's id could be given again, and a
    reader bringing its records up to date (``Journal.added_since``) would miss the change."""
    kept: list[tuple[Record, str]] = []
    replaced: list[tuple[Any, int]] = []
    tables: tuple[tuple[type[Record], Any], ...] = (
        (MoveRecord, MoveCheckIn),
        (SessionRecord, GuidedSession),
    )
    for model, table in tables:
        keyed: dict[str, tuple[Record, str]] = {
            key: (record, digest)
            for record, digest in batch
            if isinstance(record, model)
            for key in (getattr(record, "key", None),)
            if key is not None
        }
        if not keyed:
            continue
        stored = connection.execute(
            select(table.id, table.key, table.digest, _complete(table)).where(
                table.person_id == person, table.key.in_(list(keyed))
            )
        ).all()
        for row in stored:
            record, digest = keyed[row.key]
            if digest == row.digest or (row.complete and not complete(record)):
                del keyed[row.key]
            else:
                connection.execute(update(table).where(table.id == row.id).values(key=None))
                replaced.append((table, row.id))
        kept += keyed.values()
    chosen = {id(record) for record, _ in kept}
    return [
        pair for pair in batch if id(pair[0]) in chosen or getattr(pair[0], "key", None) is None
    ], replaced


def complete(record: Record) -> bool:
    """Whether a record that grows has all it will have: a session past its check-in, a
    movement with its pain score."""
    if isinstance(record, SessionRecord):
        return not record.unfinished
    if isinstance(record, MoveRecord):
        return record.pain_during is not None
    return True


def _complete(table: type[Stamped]) -> Any:
    """``complete`` as SQL, for the stored row of a key."""
    if table is GuidedSession:
        return GuidedSession.unfinished.is_not(True).label("complete")
    return MoveCheckIn.pain_during.is_not(None).label("complete")


def delete_by_id(connection: Connection, person: int, record: str) -> int:
    """Delete the record with this id (whatever its kind); returns how many rows went."""
    removed = 0
    for kind in LIVING:
        table: type[Stamped] = kind.table
        removed += connection.execute(
            delete(table).where(table.person_id == person, table.digest.startswith(record))
        ).rowcount
    return removed


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause the cycle collector while thousands of records are made at once: it would walk
    the whole heap again and again (a quarter of the time of reading a busy year), and records
    hold no cycles for it to find. It is on again afterwards if it was on before."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _insert(engine: Engine) -> Callable[..., Any]:
    """The dialect's INSERT, which knows ON CONFLICT DO NOTHING (SQLite and PostgreSQL)."""
    if engine.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert
