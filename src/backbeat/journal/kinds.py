"""How each kind of record is kept in the journal's tables: its table, its columns, its row and
the record back from a row, and the instants as they are stored (UTC, with the person's UTC
offset beside them, so local time is never lost)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import cache
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar, cast

from backbeat.journal.access import to_utc as to_utc
from backbeat.records import (
    ForgetRecord,
    MorningRecord,
    MoveRecord,
    PlanRecord,
    ProfileRecord,
    Record,
    RecordType,
    ReminderRecord,
    ReviewRecord,
    SessionRecord,
    as_json,
    fingerprint,
)

if TYPE_CHECKING:  # the ORM's tables, only where SQLAlchemy is the door (see ``Kind.table``)
    from sqlalchemy import Connection

    from backbeat.journal.schema import Stamped

R = TypeVar("R", bound=Record)
S = TypeVar("S", bound="Stamped")


class Stamp(Protocol):
    """A row's instant as stored: UTC without a zone, and the person's offset in minutes."""

    @property
    def at(self) -> datetime: ...

    @property
    def utc_offset(self) -> int | None: ...


def from_utc(at: datetime, offset: int | None) -> datetime:
    """The instant back in the person's own local time."""
    if offset is None:
        return at
    return (at + timedelta(minutes=offset)).replace(tzinfo=_zone(offset))


@cache
def _zone(offset: int) -> timezone:
    """One zone object per UTC offset, shared by every record read with it."""
    return timezone(timedelta(minutes=offset))


digest = fingerprint  # the name the journal's tables give it


def row_of(
    record: Record, person: int, digest: str, added: datetime | None
) -> tuple[type[Stamped], dict[str, Any]]:
    """The table a record goes in, and its row (``added``: when the person made it, UTC)."""
    from backbeat.journal.schema import Entry

    kind = KIND_OF[type(record)]
    at, offset = to_utc(record.at)
    row = {"person_id": person, "digest": digest, "at": at, "utc_offset": offset}
    if issubclass(kind.table, Entry):
        row["added"] = added
    row.update(kind.columns(record))
    return kind.table, row


def same_content(kept: Record, record: Record) -> bool:
    """Whether two records say the same, apart from when they were made (a profile or plan
    kept again only when it changed)."""

    def content(record: Record) -> dict[str, object]:
        return {key: value for key, value in as_json(record).items() if key != "at"}

    return content(kept) == content(record)


def _text(value: object) -> str:
    return json.dumps(value, separators=(",", ":"))


def _local(row: Stamp) -> datetime:
    return from_utc(row.at, row.utc_offset)


@dataclass(frozen=True, slots=True)
class Kind(Generic[R, S]):
    """How one kind of record is kept: its table, its columns, and the record back from a row.
    The table is named, not imported: the ORM's class (``table``) is looked up only by the
    door that uses it, so a plain sqlite3 read or write never loads SQLAlchemy."""

    model: type[R]
    name: str  # the table's name
    to_columns: Callable[[R], dict[str, Any]]
    from_row: Callable[[S], R]  # given a plain row, which has the same names as the table

    @property
    def table(self) -> type[S]:
        """The ORM's class of the table."""
        return cast("type[S]", _tables()[self.name])

    def columns(self, record: Record) -> dict[str, Any]:
        assert isinstance(record, self.model)
        return self.to_columns(record)


@cache
def _tables() -> dict[str, type[Stamped]]:
    from backbeat.journal.schema import Base, Stamped

    mapped: list[Any] = [mapper.class_ for mapper in Base.registry.mappers]
    return {table.__tablename__: table for table in mapped if issubclass(table, Stamped)}


KINDS: tuple[Kind[Any, Any], ...] = (
    Kind(
        MoveRecord,
        "move_checkin",
        lambda r: (
            r.model_dump(include={"move", "pain_during", "pain_after", "sharp", "hurt"})
            | {"difficulty": r.difficulty, "key": r.key}
        ),
        lambda row: MoveRecord(
            at=_local(row),
            move=row.move,
            pain_during=row.pain_during,
            pain_after=row.pain_after,
            sharp=row.sharp,
            difficulty=row.difficulty,
            hurt=row.hurt,
            key=row.key,
        ),
    ),
    Kind(
        MorningRecord,
        "morning_checkin",
        lambda r: {"pain": r.morning_pain, "stiffness": r.stiffness},
        lambda row: MorningRecord(at=_local(row), morning_pain=row.pain, stiffness=row.stiffness),
    ),
    Kind(
        SessionRecord,
        "guided_session",
        lambda r: {
            "ended": r.ended.isoformat(),
            "slot": r.slot,
            "planned": _text(r.session),
            "done": _text(r.done),
            "skipped": _text(r.skipped),
            "stopped": _text(r.stopped),
            "ended_early": r.ended_early,
            "key": r.key,
            "unfinished": r.unfinished,
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
            key=row.key,
            unfinished=row.unfinished,
        ),
    ),
    Kind(
        ReviewRecord,
        "weekly_review",
        lambda r: r.model_dump(exclude={"at"}),
        lambda row: ReviewRecord(
            at=_local(row),
            weekly_pain=row.weekly_pain,
            interference=row.interference,
            activity=row.activity,
            activity_ability=row.activity_ability,
        ),
    ),
    Kind(
        ReminderRecord,
        "reminder",
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
    Kind(
        ProfileRecord,
        "profile_version",
        lambda r: {"profile": _text(r.profile)},
        lambda row: ProfileRecord(at=_local(row), profile=json.loads(row.profile)),
    ),
    Kind(
        PlanRecord,
        "plan_given",
        lambda r: {"plan": _text(r.plan)},
        lambda row: PlanRecord(at=_local(row), plan=json.loads(row.plan)),
    ),
    Kind(
        ForgetRecord,
        "forgotten",
        lambda r: {"target": r.forget, "was": _text(r.was), "corrected": r.corrected},
        lambda row: ForgetRecord(
            at=_local(row), forget=row.target, was=json.loads(row.was), corrected=row.corrected
        ),
    ),
)
KIND_OF = {kind.model: kind for kind in KINDS}
LIVING = tuple(kind for kind in KINDS if kind.model is not ForgetRecord)
"""The kinds a person reads: every kind but the deletions."""
PLANNED: tuple[RecordType, ...] = (MoveRecord, MorningRecord, SessionRecord)
"""What a plan reads: check-ins for progression and the day's done marks, sessions for those."""


def unindexed(connection: Connection, table: type[Stamped], name: str) -> Any:
    """``table.name``, marked on SQLite as a column whose index is not to be used: without the
    statistics of ANALYZE, SQLite would rather scan every row of the person by their index
    than a few days of rows by the index on time."""
    from sqlalchemy import inspect, literal_column

    column = inspect(table).columns[name]
    if connection.dialect.name != "sqlite":
        return column
    return literal_column(f"+{column.table.name}.{name}", type_=column.type)
