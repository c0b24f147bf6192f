"""``Journal.added_since``: between two change marks, exactly the rows that changed the journal,
on every database, however they changed it (an addition, a keyed save replacing the newest
row, a deletion, another person's writes, an account gone)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import Engine

from backbeat.journal.store import Journal
from backbeat.records import (
    ID_LENGTH,
    ForgetRecord,
    MorningRecord,
    MoveRecord,
    Record,
    SessionRecord,
    as_json,
    fingerprint,
)

ZONE = timezone(timedelta(hours=1))
NOON = datetime(2026, 11, 30, 12, tzinfo=ZONE)


def session(minutes: int, done: list[str], *, unfinished: bool | None = None) -> SessionRecord:
    return SessionRecord(
        at=NOON,
        ended=NOON + timedelta(minutes=minutes),
        session=["knee-rolls", "pelvic-tilts"],
        slot="2026-11-30-rhythm-1",
        done=done,
        key="session-1",
        unfinished=unfinished,
    )


def added(journal: Journal, mark: tuple[object, ...]) -> list[Record] | None:
    return journal.added_since(mark, journal.change_mark())


def texts(records: list[Record] | None) -> list[str] | None:
    return None if records is None else sorted(as_json(r) for r in records)


def test_what_was_added_between_two_marks_and_nothing_else(engine: Engine) -> None:
    journal = Journal(engine)
    journal.add([MorningRecord(at=NOON - timedelta(hours=5), morning_pain=3)])
    first = journal.change_mark()
    assert added(journal, first) == []
    move = MoveRecord(at=NOON, move="knee-rolls", pain_during=2)
    journal.add([move, MoveRecord(at=NOON, move="knee-rolls", pain_during=2)])  # once
    Journal(engine, person="someone else").add([MoveRecord(at=NOON, move="cat", pain_during=1)])
    assert texts(added(journal, first)) == [as_json(move)]


def test_a_keyed_save_replacing_the_newest_row_is_seen(engine: Engine) -> None:
    """Saved as it goes, a session replaces its own newest row: the replacement must come with
    a new id, or a reader that keeps what it read would never hear of it."""
    journal = Journal(engine)
    journal.add([session(1, [], unfinished=True)])
    mark = journal.change_mark()
    later = session(4, ["knee-rolls", "pelvic-tilts"])
    journal.add([later])
    assert journal.change_mark() != mark
    assert texts(added(journal, mark)) == [as_json(later)]
    assert journal.records() == [later]


def forgetting(record: Record) -> ForgetRecord:
    return ForgetRecord(
        at=NOON + timedelta(minutes=1),
        forget=fingerprint(record)[:ID_LENGTH],
        was=record.model_dump(mode="json"),
    )


def test_a_deletion_comes_as_its_forget_record_or_says_read_afresh(engine: Engine) -> None:
    journal = Journal(engine)
    older = MoveRecord(at=NOON - timedelta(hours=1), move="knee-rolls", pain_during=2)
    newest = MoveRecord(at=NOON, move="knee-rolls", pain_during=3)
    journal.add([older])
    journal.add([newest])
    mark = journal.change_mark()
    journal.add([forgetting(older)])
    found = added(journal, mark)
    assert found is not None and [type(r) for r in found] == [ForgetRecord]
    mark = journal.change_mark()
    journal.add([forgetting(newest)])  # the newest row of its kind gone
    assert added(journal, mark) is None


def test_marks_that_are_not_one_history_say_so(engine: Engine) -> None:
    journal = Journal(engine)
    journal.add([MoveRecord(at=NOON, move="knee-rolls", pain_during=2)])
    mark = journal.change_mark()
    empty = tuple(None for _ in mark)
    assert journal.added_since(mark, empty) is None  # rows gone from the end
    assert journal.added_since(mark[:-1], mark) is None  # a mark of another schema
    assert texts(journal.added_since(empty, mark)) == texts(journal.records())
