"""The export format on its own: any journal survives export, import and export again, and a
bad file is refused whole, naming the record and field at fault."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from backbeat.journal.db import connect, upgrade
from backbeat.journal.store import Journal
from backbeat.journal.transfer import VERSION, dump, load
from backbeat.records import Record
from tests.journal.strategies import records


@settings(max_examples=200)
@given(st.lists(records, max_size=8))
def test_load_gives_back_what_dump_wrote(written: list[Record]) -> None:
    assert load(dump(written), "f.json") == (written, [])


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(written=st.lists(records, max_size=12))
def test_export_import_export_is_identical_on_any_journal(
    database_url: str, written: list[Record]
) -> None:
    first = _journal(database_url, "first")
    first.add(written)
    exported = dump(first.oldest_first())
    second = _journal(database_url, "second")
    back, problems = load(exported, "f.json")
    assert problems == []
    second.add(back)
    assert dump(second.oldest_first()) == exported
    assert second.add(back) == 0
    for journal in (first, second):
        _empty(journal)


def _journal(url: str, person: str) -> Journal:
    engine: Engine = connect(url)
    upgrade(engine)
    return Journal(engine, person)


def _empty(journal: Journal) -> None:
    """Start the next example afresh: each example is its own pair of journals."""
    from backbeat.journal.schema import Base

    with journal.engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())
    journal.engine.dispose()


def _file(records: list[object], version: object = VERSION) -> str:
    return json.dumps({"format": "backbeat-journal", "version": version, "records": records})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{", "f.json: line 1 column 2: is not valid JSON"),
        ("[]", "f.json: (file): expected a JSON object"),
        ('{"version": 1, "records": []}', "f.json: format: is null"),
        (_file([], version=VERSION + 1), f"f.json: version: is {VERSION + 1}, from a newer"),
        (_file([], version="1"), 'f.json: version: is "1" (allowed: 1 to'),
        (
            _file([{"at": "2026-11-23T08:00", "morning_pain": 3}, {"at": "x", "morning_pain": 3}]),
            "f.json: records[1]: at:",
        ),
        (
            _file([{"at": "2026-11-23T08:00", "move": "knee-rolls", "pain_during": 12}]),
            "f.json: records[0]: pain_during:",
        ),
        (_file([{"at": "2026-11-23T08:00"}]), "f.json: records[0]: (record): names none of"),
    ],
)
def test_a_bad_file_is_refused_whole_and_named(text: str, expected: str) -> None:
    found, problems = load(text, "f.json")
    assert found == []
    assert any(str(p).startswith(expected) for p in problems), problems
