"""The journal store on a real database: SQLite always, PostgreSQL when BACKBEAT_TEST_PG_URL
is set. Records come back exactly as they went in, in the person's own time zone."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, text

from backbeat.journal.db import (
    HEAD,
    WRITE_WAIT_S,
    journal_url,
    open_database,
    version,
    writing,
)
from backbeat.journal.kinds import from_utc, to_utc
from backbeat.journal.store import Journal
from backbeat.records import MorningRecord, MoveRecord, Record, as_json
from tests.plan.strategies import histories

PARIS = timezone(timedelta(hours=1))


def test_records_come_back_as_they_went_in(engine: Engine) -> None:
    journal = Journal(engine)
    written: list[Record] = [
        MoveRecord(
            at=datetime(2026, 11, 23, 7, 5, tzinfo=PARIS),
            move="knee-rolls",
            pain_during=2,
            pain_after=1,
            difficulty="ok",
        ),
        MoveRecord(at=datetime(2026, 11, 23, 21, 0, tzinfo=PARIS), move="pelvic-tilt", hurt=True),
        MorningRecord(at=datetime(2026, 11, 24, 7, 0, tzinfo=PARIS), morning_pain=3, stiffness=4),
    ]
    assert journal.add(written) == 3
    back = journal.records()
    assert back == sorted(written, key=lambda r: r.at, reverse=True)
    assert all(r.at.utcoffset() == timedelta(hours=1) for r in back)


def test_adding_the_same_record_twice_adds_nothing(engine: Engine) -> None:
    journal = Journal(engine)
    record = MorningRecord(at=datetime(2026, 11, 24, 7, 0, tzinfo=PARIS), morning_pain=3)
    assert journal.add([record]) == 1
    assert journal.add([record, record]) == 0
    assert journal.records() == [record]


def test_each_person_sees_only_their_own_records(engine: Engine) -> None:
    record = MorningRecord(at=datetime(2026, 11, 24, 7, 0, tzinfo=PARIS), morning_pain=3)
    Journal(engine, "ana").add([record])
    assert Journal(engine, "ben").records() == []
    assert Journal(engine, "ana").records() == [record]


def test_since_keeps_the_newer_records(engine: Engine) -> None:
    journal = Journal(engine)
    days = [datetime(2026, 11, d, 8, 0, tzinfo=PARIS) for d in (20, 21, 22)]
    journal.add([MorningRecord(at=d, morning_pain=2) for d in days])
    assert [r.at for r in journal.records(since=days[1])] == [days[2], days[1]]


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(histories(datetime(2026, 11, 23)))
def test_any_history_round_trips(tmp_path: Path, history: list[Record]) -> None:
    engine = open_database(f"sqlite:///{tmp_path / uuid.uuid4().hex}.db")
    journal = Journal(engine)
    journal.add(history)
    unique = {tuple(sorted(as_json(r).items())) for r in history}
    assert {tuple(sorted(as_json(r).items())) for r in journal.records()} == unique
    engine.dispose()


@given(st.datetimes(timezones=st.sampled_from([None, PARIS, timezone(timedelta(hours=-9.5))])))
def test_instants_keep_their_local_time(at: datetime) -> None:
    assert from_utc(*to_utc(at)) == at
    if at.tzinfo is not None:
        assert from_utc(*to_utc(at)).utcoffset() == at.utcoffset()


def test_sqlite_is_set_up_for_safe_concurrent_writes(tmp_path: Path) -> None:
    path = tmp_path / "backbeat.db"
    engine = open_database(f"sqlite:///{path}")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        connection.execute(text("SELECT version_num FROM alembic_version")).all()
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # at once: a read, its transaction open, locks nothing
        other.execute("ROLLBACK")
        other.close()
    with writing(engine, WRITE_WAIT_S).begin() as connection:
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == WRITE_WAIT_S * 1000
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")  # a write holds the lock from its first statement
        other.close()
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_opening_again_keeps_everything_and_the_schema_version(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'backbeat.db'}"
    record = MorningRecord(at=datetime(2026, 11, 24, 7, 0, tzinfo=PARIS), morning_pain=3)
    Journal(open_database(url)).add([record])
    again = open_database(url)
    assert Journal(again).records() == [record]
    assert version(again) == HEAD


def test_the_database_lives_in_the_data_folder_unless_a_url_is_given(tmp_path: Path) -> None:
    assert journal_url({}, tmp_path) == f"sqlite:///{tmp_path / 'backbeat.db'}"
    assert journal_url({"BACKBEAT_DB_URL": "postgresql://x/y"}, tmp_path) == "postgresql://x/y"


def test_two_different_check_ins_at_the_same_moment_are_both_kept(engine: Engine) -> None:
    at = datetime(2026, 11, 23, 8, 0, tzinfo=PARIS)
    first = MoveRecord(at=at, move="knee-rolls", pain_during=2)
    second = MoveRecord(at=at, move="knee-rolls", pain_during=5)
    journal = Journal(engine)
    assert journal.add([first, second, first]) == 2
    assert journal.records() == [second, first]


def test_a_failed_batch_leaves_the_journal_as_it_was(engine: Engine) -> None:
    """All or nothing: a record the database refuses takes the whole batch back with it."""
    journal = Journal(engine)
    kept = MorningRecord(at=datetime(2026, 11, 22, 7, 0, tzinfo=PARIS), morning_pain=2)
    journal.add([kept])
    good = MorningRecord(at=datetime(2026, 11, 23, 7, 0, tzinfo=PARIS), morning_pain=3)
    bad = MoveRecord.model_construct(
        at=good.at,
        move=None,  # the database refuses it: move is NOT NULL
        pain_during=1,
        hurt=False,
        sharp=False,
        pain_after=None,
        difficulty=None,
    )
    with pytest.raises(Exception):  # noqa: B017 - the driver's own error type varies
        journal.add([good, bad])
    assert journal.records() == [kept]
