"""Reading and writing journal records in the history format, one transaction per call.

Every face (plan, session, and later the web app) goes through these functions, so a record
means the same thing wherever it was made. Adding a record that is already there adds nothing,
which makes writes safe to retry and imports safe to repeat.
"""

from __future__ import annotations

import gc
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from functools import cache
from itertools import groupby
from operator import itemgetter
from typing import Any, Generic, TypeVar

from sqlalchemy import Connection, Engine, inspect, select
from sqlalchemy.exc import OperationalError

from backbeat.journal.db import WRITE_WAIT_S, Busy, is_busy, writing
from backbeat.journal.schema import (
    GuidedSession,
    MorningCheckIn,
    MoveCheckIn,
    Person,
    PlanGiven,
    ProfileVersion,
    Reminder,
    Stamped,
    WeeklyReview,
)
from backbeat.records import (
    MorningRecord,
    MoveRecord,
    PlanRecord,
    ProfileRecord,
    Record,
    ReminderRecord,
    ReviewRecord,
    SessionRecord,
    as_json,
)

R = TypeVar("R", bound=Record)
S = TypeVar("S", bound=Stamped)

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
    return (at + timedelta(minutes=offset)).replace(tzinfo=_zone(offset))


@cache
def _zone(offset: int) -> timezone:
    """One zone object per UTC offset, shared by every record read with it."""
    return timezone(timedelta(minutes=offset))


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

    def _writer(self, wait: float | None) -> Engine:
        """The engine whose transactions take the write lock, waiting ``wait`` seconds."""
        wait = self.wait if wait is None else wait
        engine = self._writers.get(wait)
        if engine is None:
            engine = self._writers[wait] = writing(self.engine, wait)
        return engine

    def add(self, records: Iterable[Record], *, wait: float | None = None) -> int:
        """Store ``records`` all together or not at all; returns how many were new. A record
        equal in every field to one already there is not added again (two programs adding it
        at once included: the database refuses the second); one that differs in any field is
        kept beside it, so nothing a person says is lost. Raises ``Busy``, having stored
        nothing, when another program holds the write lock for longer than ``wait`` seconds
        (the journal's own wait by default)."""
        added = 0
        try:
            with self._writer(wait).begin() as connection:
                person = self._person_id(connection)
                rows = (_row(record, person) for record in records)
                for table, run in groupby(rows, key=lambda pair: pair[0]):
                    statement = self._statement(table)
                    added += len(connection.execute(statement, [row for _, row in run]).all())
        except OperationalError as error:
            self._id = None  # the person's row may have been rolled back with the rest
            if is_busy(error):
                raise Busy() from None
            raise
        except BaseException:
            self._id = None
            raise
        return added

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
        if latest is not None and _content(latest) == _content(record):
            return False
        return self.add([record], wait=wait) == 1

    def latest(self, model: type[R]) -> R | None:
        """The newest record of one kind, if there is one."""
        kind = _KIND_OF[model]
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

    def records(self, since: datetime | None = None) -> list[Record]:
        """Every record, newest first (of records made at the same instant, the last added
        first); ``since`` (an instant) keeps those at or after it."""
        return self._read(since)[::-1]

    def oldest_first(self) -> list[Record]:
        """Every record in the order it was made, kinds in the order of ``KINDS``: the order an
        export writes and an import adds, so the two give back the same file."""
        return self._read(None)

    def _read(self, since: datetime | None) -> list[Record]:
        cut = None if since is None else to_utc(since)[0]
        with self.engine.connect() as connection, _no_cycle_collection():
            person = connection.scalar(select(Person.id).where(Person.name == self.person))
            if person is None:
                return []
            found: list[tuple[datetime, int, int, Record]] = []
            for rank, kind in enumerate(KINDS):
                table: type[Stamped] = kind.table
                # Plain rows, named like the table's attributes, without the ORM: an object per
                # row was most of the cost of reading a year of a busy journal.
                query = select(*inspect(table).columns).where(table.person_id == person)
                if cut is not None:
                    query = query.where(table.at >= cut)
                found += ((r.at, rank, r.id, kind.from_row(r)) for r in connection.execute(query))
        found.sort(key=itemgetter(0, 1, 2))
        return [entry[3] for entry in found]


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


def digest(record: Record) -> str:
    """A fingerprint of every field: equal records share it, any difference changes it."""
    canonical = json.dumps(as_json(record), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _row(record: Record, person: int) -> tuple[type[Stamped], dict[str, Any]]:
    """The table a record goes in, and its row."""
    kind = _KIND_OF[type(record)]
    at, offset = to_utc(record.at)
    row = {"person_id": person, "digest": digest(record), "at": at, "utc_offset": offset}
    row.update(kind.columns(record))
    return kind.table, row


def _content(record: Record) -> dict[str, object]:
    """What a record says, apart from when it was made."""
    return {key: value for key, value in as_json(record).items() if key != "at"}


def _text(value: object) -> str:
    return json.dumps(value, separators=(",", ":"))


def _local(row: Stamped) -> datetime:
    return from_utc(row.at, row.utc_offset)


@dataclass(frozen=True, slots=True)
class _Kind(Generic[R, S]):
    """How one kind of record is kept: its table, its columns, and the record back from a row."""

    model: type[R]
    table: type[S]
    to_columns: Callable[[R], dict[str, Any]]
    from_row: Callable[[S], R]  # given a plain row, which has the same names as the table

    def columns(self, record: Record) -> dict[str, Any]:
        assert isinstance(record, self.model)
        return self.to_columns(record)


KINDS: tuple[_Kind[Any, Any], ...] = (
    _Kind(
        MoveRecord,
        MoveCheckIn,
        lambda r: (
            r.model_dump(include={"move", "pain_during", "pain_after", "sharp", "hurt"})
            | {"difficulty": r.difficulty}
        ),
        lambda row: MoveRecord(
            at=_local(row),
            move=row.move,
            pain_during=row.pain_during,
            pain_after=row.pain_after,
            sharp=row.sharp,
            difficulty=row.difficulty,
            hurt=row.hurt,
        ),
    ),
    _Kind(
        MorningRecord,
        MorningCheckIn,
        lambda r: {"pain": r.morning_pain, "stiffness": r.stiffness},
        lambda row: MorningRecord(at=_local(row), morning_pain=row.pain, stiffness=row.stiffness),
    ),
    _Kind(
        SessionRecord,
        GuidedSession,
        lambda r: {
            "ended": r.ended.isoformat(),
            "slot": r.slot,
            "planned": _text(r.session),
            "done": _text(r.done),
            "skipped": _text(r.skipped),
            "stopped": _text(r.stopped),
            "ended_early": r.ended_early,
        },
        lambda row: SessionRecord(
            at=_local(row),
            ended=datetime.fromisoformat(row.ended),
            slot=row.slot,
            session=json.loads(row.planned),
            done=json.loads(row.done),
            skipped=json.loads(row.skipped),
            stopped=json.loads(row.stopped),
            ended_early=row.ended_early,
        ),
    ),
    _Kind(
        ReviewRecord,
        WeeklyReview,
        lambda r: r.model_dump(exclude={"at"}),
        lambda row: ReviewRecord(
            at=_local(row),
            weekly_pain=row.weekly_pain,
            interference=row.interference,
            activity=row.activity,
            activity_ability=row.activity_ability,
        ),
    ),
    _Kind(
        ReminderRecord,
        Reminder,
        lambda r: {
            "event": r.reminder,
            "slot": r.slot,
            "due": r.due.isoformat(),
            "moves": _text(r.moves),
        },
        lambda row: ReminderRecord(
            at=_local(row),
            reminder=row.event,
            slot=row.slot,
            due=datetime.fromisoformat(row.due),
            moves=json.loads(row.moves),
        ),
    ),
    _Kind(
        ProfileRecord,
        ProfileVersion,
        lambda r: {"profile": _text(r.profile)},
        lambda row: ProfileRecord(at=_local(row), profile=json.loads(row.profile)),
    ),
    _Kind(
        PlanRecord,
        PlanGiven,
        lambda r: {"plan": _text(r.plan)},
        lambda row: PlanRecord(at=_local(row), plan=json.loads(row.plan)),
    ),
)
_KIND_OF = {kind.model: kind for kind in KINDS}
