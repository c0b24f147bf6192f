"""The plain sqlite3 door writes and reads what the SQLAlchemy one does: the same rows for the
same records, the same answers to a plan's questions, and it opens only a SQLite file already
at the newest schema."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backbeat import records as core
from backbeat.journal import plain
from backbeat.journal.access import Busy
from backbeat.journal.db import connect, open_database, upgrade
from backbeat.journal.plain import PlainJournal, Row, open_plain
from backbeat.journal.store import Journal
from backbeat.records import (
    ForgetRecord,
    MorningRecord,
    MoveRecord,
    PlanRecord,
    ProfileRecord,
    Record,
    as_json,
    fingerprint,
    record_id,
)
from tests.journal.strategies import instants, moves, pains
from tests.journal.strategies import records as any_record
from tests.lock import write_lock_held

TABLES = ("person", "move_checkin", "morning_checkin", "profile_version", "plan_given", "forgotten")
ZONES = [UTC, timezone(timedelta(hours=5, minutes=30)), ZoneInfo("America/St_Johns"), None]
AT = datetime(2026, 11, 23, 7, 30, 0, 125, tzinfo=timezone(timedelta(hours=1)))


def _url(path: Path) -> str:
    return f"sqlite:///{path}"


@pytest.fixture
def both(tmp_path: Path) -> Iterator[tuple[Journal, PlainJournal]]:
    """Two journals at the newest schema: one through SQLAlchemy, one through sqlite3."""
    full = Journal(open_database(_url(tmp_path / "full.db")))
    open_database(_url(tmp_path / "plain.db")).dispose()
    quick = open_plain(_url(tmp_path / "plain.db"))
    assert quick is not None
    yield full, quick
    quick.close()
    full.engine.dispose()


def _rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the tables a check-in, a version or a deletion touches (a person's
    ``created`` is the moment the row was made, and is left out)."""
    with sqlite3.connect(path) as connection:
        found = {t: connection.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in TABLES}
    connection.close()
    found["person"] = [row[:2] for row in found["person"]]
    return found


def _logged(at: datetime, move: str, pain: int, **more: object) -> MoveRecord:
    return MoveRecord.model_validate({"at": at, "move": move, "pain_during": pain, **more})


def test_the_same_check_ins_make_the_same_rows(
    tmp_path: Path, both: tuple[Journal, PlainJournal]
) -> None:
    full, quick = both
    now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    given: list[tuple[MoveRecord | MorningRecord, Row]] = []
    for i, zone in enumerate(ZONES):
        at = AT.replace(tzinfo=zone) + timedelta(hours=i)
        extra: dict[str, Any] = {"pain_after": 2, "difficulty": "hard", "sharp": True}
        extra = extra if i % 2 else {}
        record = _logged(at, "cat-cow", i, **extra)
        given.append((record, Row.move(at=at, move="cat-cow", pain_during=i, **extra)))
        stiff = None if i % 2 else 3
        morning = MorningRecord(at=at, morning_pain=i, stiffness=stiff)
        given.append((morning, Row.morning(at=at, morning_pain=i, stiffness=stiff)))
    for record, row in given:
        assert row.digest == fingerprint(record)
        assert full.add([record], added=now) == quick.add_rows([row], added=now) == 1
    again = given[0]
    assert full.add([again[0]], added=now) == quick.add_rows([again[1]], added=now) == 0
    assert _rows(tmp_path / "full.db") == _rows(tmp_path / "plain.db")


def test_versions_and_a_revived_record_make_the_same_rows(
    tmp_path: Path, both: tuple[Journal, PlainJournal]
) -> None:
    full = both[0]
    logged = _logged(AT, "knees-to-chest", 4)
    gone = ForgetRecord(at=AT + timedelta(hours=1), forget=record_id(logged), was=as_json(logged))
    for journal in both:
        journal.add([logged], added=AT)
    full.add([gone])
    deleting = Journal(connect(_url(tmp_path / "plain.db")))  # deletions take the full door
    deleting.add([gone])
    deleting.engine.dispose()
    later = AT + timedelta(days=1)
    profile = ProfileRecord(at=later, profile={"pain": 4, "day": {"wake": "07:00"}})
    plan = PlanRecord(at=later, plan={"start": "2026-11-24", "days": [{"date": "2026-11-24"}]})
    for journal in both:
        assert journal.add_if_changed(profile) is True
        assert (
            journal.add_if_changed(profile.model_copy(update={"at": later + timedelta(1)})) is False
        )
        assert journal.add([plan]) == 1
        assert journal.latest(PlanRecord) == plan
        assert journal.add([logged]) == 0  # deleted, and not said again: stays deleted
        assert journal.add([logged], added=later) == 1  # said again now: back
    assert _rows(tmp_path / "full.db") == _rows(tmp_path / "plain.db")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    at=instants(),
    move=moves,
    pain=pains,
    after=st.none() | pains,
    sharp=st.booleans(),
    difficulty=st.sampled_from([None, "easy", "ok", "hard"]),
    stiffness=st.none() | pains,
)
def test_a_row_has_the_fingerprint_of_its_record(
    at: datetime,
    move: str,
    pain: int,
    after: int | None,
    sharp: bool,
    difficulty: str | None,
    stiffness: int | None,
) -> None:
    fields: dict[str, Any] = {"pain_after": after, "sharp": sharp, "difficulty": difficulty}
    row = Row.move(at=at, move=move, pain_during=pain, **fields)
    record = MoveRecord.model_validate({"at": at, "move": move, "pain_during": pain, **fields})
    assert row.digest == fingerprint(record)
    assert row == Row.of(record)
    morning = MorningRecord(at=at, morning_pain=pain, stiffness=stiffness)
    assert Row.morning(at=at, morning_pain=pain, stiffness=stiffness) == Row.of(morning)


def test_an_offset_of_seconds_is_left_to_the_model() -> None:
    odd = datetime(1905, 1, 1, 12, tzinfo=ZoneInfo("Europe/Amsterdam"))
    offset = odd.utcoffset()
    assert offset is not None and offset % timedelta(minutes=1)
    with pytest.raises(ValueError):
        Row.move(at=odd, move="cat-cow", pain_during=1)
    assert plain.ID_LENGTH == core.ID_LENGTH


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(any_record, max_size=25), instants())
def test_both_doors_answer_a_plan_alike(made: list[Record], cut: datetime) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        url = _url(Path(folder, "journal.db"))
        full = Journal(open_database(url))
        full.add(made, added=AT)
        quick = open_plain(url)
        assert quick is not None
        with full.reading() as slow, quick.reading() as fast:
            person = slow.person_id(full.person)
            assert fast.person_id(quick.person) == person
            if person is not None:
                assert fast.first_checkin(person) == slow.first_checkin(person)
                assert fast.fingerprint(person, cut) == slow.fingerprint(person, cut)
                assert fast.records(person) == slow.records(person)
                assert fast.records(person, since=cut) == slow.records(person, since=cut)
                assert fast.records(person, before=cut, kinds=(MoveRecord,)) == slow.records(
                    person, before=cut, kinds=(MoveRecord,)
                )
        assert quick.records() == full.records()
        for model in (ProfileRecord, PlanRecord, MoveRecord):
            assert quick.latest(model) == full.latest(model)
        assert quick.address == full.address
        quick.close()
        full.engine.dispose()


def test_only_a_sqlite_file_at_the_newest_schema_opens(tmp_path: Path) -> None:
    path = tmp_path / "journal.db"
    assert open_plain(_url(path)) is None  # no file yet: the full door makes it
    engine = connect(_url(path))
    upgrade(engine, "j0003")
    assert open_plain(_url(path)) is None  # an older schema: the full door migrates it
    upgrade(engine)
    engine.dispose()
    opened = open_plain(_url(path))
    assert opened is not None
    opened.close()
    for other in ("postgresql://x/y", f"{_url(path)}?mode=ro", "sqlite://", "sqlite:///:memory:"):
        assert open_plain(other) is None


def test_a_write_kept_waiting_is_busy_and_stores_nothing(tmp_path: Path) -> None:
    path = tmp_path / "journal.db"
    open_database(_url(path)).dispose()
    quick = open_plain(_url(path))
    assert quick is not None
    with write_lock_held(path) as release:
        with pytest.raises(Busy):
            quick.add_rows([Row.morning(at=AT, morning_pain=3)], wait=0.05)
        assert release() == "released when told"
    assert quick.records() == []
    assert quick.add_rows([Row.morning(at=AT, morning_pain=3)]) == 1
    quick.close()
