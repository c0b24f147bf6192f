"""Reading and writing journal records in the history format, one transaction per call.

Every face (plan, session, and later the web app) goes through these functions, so a record
means the same thing wherever it was made. Adding a record that is already there adds nothing,
which makes writes safe to retry and imports safe to repeat.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta, timezone

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from backbeat.journal.schema import MorningCheckIn, MoveCheckIn, Person
from backbeat.plan.history import MorningRecord, MoveRecord, Record

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

    def _person_id(self, session: Session) -> int:
        found = session.scalar(select(Person.id).where(Person.name == self.person))
        if found is not None:
            return found
        person = Person(name=self.person, created=datetime.now(UTC).replace(tzinfo=None))
        session.add(person)
        session.flush()
        return person.id

    def add(self, records: Iterable[Record]) -> int:
        """Store ``records`` all together or not at all; returns how many were new. A record
        equal in every field to one already there is not added again; one that differs in any
        field is kept beside it, so nothing a person says is lost."""
        added = 0
        with Session(self.engine) as session, session.begin():
            person = self._person_id(session)
            for record in records:
                row = _row(record, person)
                table = type(row)
                same = select(table.id).filter_by(
                    **{c.key: getattr(row, c.key) for c in table.__table__.columns if c.key != "id"}
                )
                if session.scalar(same.limit(1)) is None:
                    session.add(row)
                    session.flush()
                    added += 1
        return added

    def records(self, since: datetime | None = None) -> list[Record]:
        """Every record, newest first (records made at the same instant in the order they were
        added); ``since`` (an instant) keeps those at or after it."""
        with Session(self.engine) as session:
            person = session.scalar(select(Person.id).where(Person.name == self.person))
            if person is None:
                return []
            moves = session.scalars(
                select(MoveCheckIn).where(MoveCheckIn.person_id == person).order_by(MoveCheckIn.id)
            )
            found: list[Record] = [
                MoveRecord(
                    at=from_utc(r.at, r.utc_offset),
                    move=r.move,
                    pain_during=r.pain_during,
                    pain_after=r.pain_after,
                    sharp=r.sharp,
                    difficulty=r.difficulty,  # type: ignore[arg-type]
                    hurt=r.hurt,
                )
                for r in moves
            ]
            mornings = session.scalars(
                select(MorningCheckIn)
                .where(MorningCheckIn.person_id == person)
                .order_by(MorningCheckIn.id)
            )
            found += [
                MorningRecord(
                    at=from_utc(r.at, r.utc_offset), morning_pain=r.pain, stiffness=r.stiffness
                )
                for r in mornings
            ]
        if since is not None:
            cut = to_utc(since)[0]
            found = [r for r in found if to_utc(r.at)[0] >= cut]
        return sorted(found, key=lambda r: to_utc(r.at)[0], reverse=True)


def _row(record: Record, person: int) -> MoveCheckIn | MorningCheckIn:
    at, offset = to_utc(record.at)
    if isinstance(record, MoveRecord):
        return MoveCheckIn(
            person_id=person,
            at=at,
            utc_offset=offset,
            move=record.move,
            pain_during=record.pain_during,
            pain_after=record.pain_after,
            sharp=record.sharp,
            difficulty=record.difficulty,
            hurt=record.hurt,
        )
    return MorningCheckIn(
        person_id=person,
        at=at,
        utc_offset=offset,
        pain=record.morning_pain,
        stiffness=record.stiffness,
    )
