"""A journal made by an older schema upgrades in place on first use, keeping every record."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, MetaData, inspect

from backbeat.journal.db import HEAD, open_database, upgrade, version
from backbeat.journal.kinds import row_of as stored_row
from backbeat.journal.store import Journal
from backbeat.records import MorningRecord, MoveRecord, Record, SessionRecord, fingerprint

FIXTURE = Path(__file__).parent / "fixtures" / "journal-j0001.sql"
PARIS = timezone(timedelta(hours=1))
NEW_YORK = timezone(timedelta(hours=-5))

IN_THE_FIXTURE: list[Record] = [
    MorningRecord(at=datetime(2026, 11, 16, 7, 0, tzinfo=PARIS), morning_pain=5, stiffness=6),
    SessionRecord(
        at=datetime(2026, 11, 16, 7, 15, tzinfo=PARIS),
        ended=datetime(2026, 11, 16, 7, 21, 30, tzinfo=PARIS),
        session=["pelvic-tilt", "knee-rolls"],
        done=["pelvic-tilt"],
        stopped=["knee-rolls"],
    ),
    MoveRecord(
        at=datetime(2026, 11, 16, 7, 20, tzinfo=PARIS),
        move="pelvic-tilt",
        pain_during=3,
        pain_after=2,
        difficulty="ok",
    ),
    MoveRecord(at=datetime(2026, 11, 16, 7, 20, tzinfo=PARIS), move="knee-rolls", hurt=True),
    MoveRecord(
        at=datetime(2026, 11, 17, 12, 30),
        move="seated-twist",
        pain_during=1,
        sharp=True,
        difficulty="easy",
    ),
    MorningRecord(at=datetime(2026, 11, 18, 6, 45, tzinfo=NEW_YORK), morning_pain=4),
]


def test_the_head_the_journal_checks_for_is_the_newest_migration() -> None:
    config = Config()
    config.set_main_option("script_location", "backbeat.journal:migrations")
    assert ScriptDirectory.from_config(config).get_current_head() == HEAD


def test_a_first_schema_sqlite_file_upgrades_in_place_keeping_every_record(
    tmp_path: Path,
) -> None:
    path = tmp_path / "backbeat.db"
    with sqlite3.connect(path) as made:
        made.executescript(FIXTURE.read_text(encoding="utf-8"))
    engine = open_database(f"sqlite:///{path}")
    assert version(engine) == HEAD
    journal = Journal(engine)
    assert journal.oldest_first() == IN_THE_FIXTURE
    tables = set(inspect(engine).get_table_names())
    assert {"weekly_review", "reminder", "profile_version", "plan_given"} <= tables
    assert "session" not in tables
    assert journal.add(IN_THE_FIXTURE[2:]) == 0  # check-ins keep their fingerprints
    with sqlite3.connect(path) as check:
        assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert check.execute("PRAGMA foreign_key_check").fetchall() == []


def test_opening_an_upgraded_journal_again_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "backbeat.db"
    with sqlite3.connect(path) as made:
        made.executescript(FIXTURE.read_text(encoding="utf-8"))
    open_database(f"sqlite:///{path}").dispose()
    again = open_database(f"sqlite:///{path}")
    assert Journal(again).oldest_first() == IN_THE_FIXTURE


def _add_as_the_first_schema(engine: Engine, records: list[Record]) -> None:
    """Rows as a release on the first schema wrote them: only the columns that schema had."""
    tables = MetaData()
    tables.reflect(engine)
    with engine.begin() as connection:
        person = connection.execute(
            tables.tables["person"].insert().values(name="me", created=datetime(2026, 11, 1))
        ).inserted_primary_key[0]
        for record in records:
            table, row = stored_row(record, person, fingerprint(record), None)
            kept = tables.tables[table.__tablename__]
            connection.execute(kept.insert().values({k: v for k, v in row.items() if k in kept.c}))


def test_check_ins_from_the_first_schema_survive_on_either_database(engine_at: Engine) -> None:
    upgrade(engine_at, "j0001")
    old = [r for r in IN_THE_FIXTURE if not isinstance(r, SessionRecord)]
    _add_as_the_first_schema(engine_at, old)
    upgrade(engine_at)
    assert version(engine_at) == HEAD
    assert Journal(engine_at).oldest_first() == old
