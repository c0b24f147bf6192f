"""The API against its own OpenAPI document, by schemathesis: every operation fuzzed on a real
server (uvicorn on a free port) for a person with a profile and two weeks of journal, with
every check it has. Valid requests must be taken, invalid ones refused with a documented
status, no answer may be a 500 or stray from its schema.

``st run`` runs in its own process (its pytest plugin does not load with this pytest); the
hooks in ``api_hooks.py`` teach it the one format it cannot know, a record's ``at``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from backbeat.records import MorningRecord, MoveRecord, ReviewRecord
from tests.cli.test_plan import write_profile
from tests.schemathesis_run import passes
from tests.web.conftest import MONDAY_10_40, Clock, live, make_app


def _history(home: Path) -> None:
    from backbeat.journal.db import open_database
    from backbeat.journal.store import Journal

    journal = Journal(open_database(f"sqlite:///{home / 'backbeat.db'}"))
    records: list[MorningRecord | MoveRecord | ReviewRecord] = []
    for day in range(1, 15):
        at = MONDAY_10_40 - timedelta(days=day)
        records.append(MorningRecord(at=at.replace(hour=7), morning_pain=4 - day % 3))
        records.append(MoveRecord(at=at, move="knee-rolls", pain_during=2, difficulty="easy"))
        records.append(MoveRecord(at=at.replace(hour=21), move="pelvic-tilt", pain_during=5))
    records.append(
        ReviewRecord(
            at=MONDAY_10_40 - timedelta(days=1),
            weekly_pain=3,
            interference=2,
            activity="gardening",
            activity_ability=6,
        )
    )
    journal.add(records)


@pytest.fixture
def api_url(home: Path) -> Iterator[str]:
    """The app on a free loopback port, served by uvicorn in a thread (which binds the port
    itself, so its sockets are set up as in ``backbeat serve``)."""
    write_profile(home)
    _history(home)
    with live(make_app(home, {}, Clock(MONDAY_10_40))) as base:
        yield f"{base}/api/v1"


def test_the_api_keeps_to_its_openapi_document(api_url: str, tmp_path: Path) -> None:
    passes(f"{api_url}/openapi.json", tmp_path, 30)
