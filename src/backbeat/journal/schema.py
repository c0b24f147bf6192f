"""The journal's tables. Every record belongs to a person from the first schema on, and every
instant is stored in UTC with the person's UTC offset beside it, so local time is never lost."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column


class Base(DeclarativeBase):
    pass


class Person(Base):
    __tablename__ = "person"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    created: Mapped[datetime] = mapped_column(DateTime)


class Entry:
    """A record a person makes (not one backbeat keeps for itself): when it was added, so that
    undo can take back the last one, and for a record that grows as it is made (a session
    saved movement by movement) the key that each new save of it replaces."""

    added: Mapped[datetime | None] = mapped_column(DateTime)  # UTC; None: imported or older


class Growing(Entry):
    key: Mapped[str | None] = mapped_column(String(120))


class Stamped:
    """Who a record belongs to, when it was made, and its fingerprint (one row per record)."""

    @declared_attr.directive
    def __table_args__(cls: Any) -> tuple[UniqueConstraint | Index, ...]:
        name = getattr(cls, "__tablename__", "")
        args: list[UniqueConstraint | Index] = [
            UniqueConstraint("person_id", "digest"),
            Index(f"ix_{name}_newest", "person_id", "id"),  # the change mark of one person
        ]
        if issubclass(cls, Entry):  # undo looks for the newest entry
            args.append(Index(f"ix_{name}_added", "person_id", "added"))
        if issubclass(cls, Growing):  # one row per key
            args.append(Index(f"ix_{name}_key", "person_id", "key", unique=True))
        return tuple(args)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    digest: Mapped[str] = mapped_column(String(64))  # of every field: equal records, one row
    at: Mapped[datetime] = mapped_column(DateTime, index=True)  # UTC
    utc_offset: Mapped[int | None] = mapped_column(Integer)  # minutes; None: local, zone unknown


class MoveCheckIn(Stamped, Growing, Base):
    """How one movement went: the history format's movement record."""

    __tablename__ = "move_checkin"

    move: Mapped[str] = mapped_column(String(60))
    pain_during: Mapped[int | None] = mapped_column(Integer)
    pain_after: Mapped[int | None] = mapped_column(Integer)
    sharp: Mapped[bool] = mapped_column(Boolean, default=False)
    difficulty: Mapped[str | None] = mapped_column(String(8))
    hurt: Mapped[bool] = mapped_column(Boolean, default=False)


class MorningCheckIn(Stamped, Entry, Base):
    """How the back felt on waking: the history format's morning record."""

    __tablename__ = "morning_checkin"

    pain: Mapped[int] = mapped_column(Integer)
    stiffness: Mapped[int | None] = mapped_column(Integer)


class GuidedSession(Stamped, Growing, Base):
    """One guided session: the movements it held and which were done, skipped or stopped for
    pain. Lists are JSON arrays of movement ids; ``ended`` is ISO 8601 as the person gave it."""

    __tablename__ = "guided_session"

    ended: Mapped[str] = mapped_column(String(40))
    slot: Mapped[str | None] = mapped_column(String(80))
    planned: Mapped[str] = mapped_column(Text)
    done: Mapped[str] = mapped_column(Text)
    skipped: Mapped[str] = mapped_column(Text)
    stopped: Mapped[str] = mapped_column(Text)
    ended_early: Mapped[bool] = mapped_column(Boolean, default=False)
    unfinished: Mapped[bool | None] = mapped_column(Boolean)


class WeeklyReview(Stamped, Entry, Base):
    """The weekly review's three answers, each 0-10, and the activity the person chose."""

    __tablename__ = "weekly_review"

    weekly_pain: Mapped[int] = mapped_column(Integer)
    interference: Mapped[int] = mapped_column(Integer)
    activity: Mapped[str] = mapped_column(String(80))
    activity_ability: Mapped[int] = mapped_column(Integer)


class Reminder(Stamped, Base):
    """Something that happened to a reminder for a slot; ``due`` is ISO 8601, ``moves`` JSON."""

    __tablename__ = "reminder"

    event: Mapped[str] = mapped_column(String(12))
    slot: Mapped[str] = mapped_column(String(80))
    due: Mapped[str] = mapped_column(String(40))
    moves: Mapped[str] = mapped_column(Text)


class ProfileVersion(Stamped, Base):
    """The profile as saved at ``at``, as JSON."""

    __tablename__ = "profile_version"

    profile: Mapped[str] = mapped_column(Text)


class PlanGiven(Stamped, Base):
    """A plan as it was given at ``at``, as JSON."""

    __tablename__ = "plan_given"

    plan: Mapped[str] = mapped_column(Text)


class Forgotten(Stamped, Base):
    """A record taken back (deleted, or replaced by a correction) at ``at``: its id, what it
    was (JSON), and the id of the record that replaced it, if any."""

    __tablename__ = "forgotten"

    target: Mapped[str] = mapped_column(String(12), index=True)
    was: Mapped[str] = mapped_column(Text)
    corrected: Mapped[str | None] = mapped_column(String(12))


class WriteOnce(Base):
    """A write's one-time key and its answer: a form or a client that sends the same write
    again (a double click, a retry after a lost answer) gets the first answer, and nothing is
    stored twice."""

    __tablename__ = "write_once"
    __table_args__ = (UniqueConstraint("person_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    key: Mapped[str] = mapped_column(String(80))
    at: Mapped[datetime] = mapped_column(DateTime, index=True)  # UTC, when first used
    answer: Mapped[str] = mapped_column(Text)
