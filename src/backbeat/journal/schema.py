"""The journal's tables. Every record belongs to a person from the first schema on, and every
instant is stored in UTC with the person's UTC offset beside it, so local time is never lost."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Person(Base):
    __tablename__ = "person"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    created: Mapped[datetime] = mapped_column(DateTime)


class MoveCheckIn(Base):
    """How one movement went: the history format's movement record."""

    __tablename__ = "move_checkin"
    __table_args__ = (UniqueConstraint("person_id", "digest"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    digest: Mapped[str] = mapped_column(String(64))  # of every field: equal records, one row
    at: Mapped[datetime] = mapped_column(DateTime, index=True)  # UTC
    utc_offset: Mapped[int | None] = mapped_column(Integer)  # minutes; None: local, zone unknown
    move: Mapped[str] = mapped_column(String(60))
    pain_during: Mapped[int | None] = mapped_column(Integer)
    pain_after: Mapped[int | None] = mapped_column(Integer)
    sharp: Mapped[bool] = mapped_column(Boolean, default=False)
    difficulty: Mapped[str | None] = mapped_column(String(8))
    hurt: Mapped[bool] = mapped_column(Boolean, default=False)


class MorningCheckIn(Base):
    """How the back felt on waking: the history format's morning record."""

    __tablename__ = "morning_checkin"
    __table_args__ = (UniqueConstraint("person_id", "digest"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    digest: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    utc_offset: Mapped[int | None] = mapped_column(Integer)
    pain: Mapped[int] = mapped_column(Integer)
    stiffness: Mapped[int | None] = mapped_column(Integer)


class SessionRecord(Base):
    """One guided session: when, and which movements were done, skipped or stopped for pain."""

    __tablename__ = "session"
    __table_args__ = (UniqueConstraint("person_id", "started"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    started: Mapped[datetime] = mapped_column(DateTime, index=True)
    ended: Mapped[datetime] = mapped_column(DateTime)
    utc_offset: Mapped[int | None] = mapped_column(Integer)
    done: Mapped[str] = mapped_column(Text)  # JSON list of movement ids
    skipped: Mapped[str] = mapped_column(Text)
    hurt: Mapped[str] = mapped_column(Text)
    ended_early: Mapped[bool] = mapped_column(Boolean, default=False)
