"""Today as a running app keeps it is the Today a fresh app makes, at every instant that can
change it: each minute a slot begins (the second before, the minute itself, the last second
of it), and after another program logs a movement or a morning check-in.

The running app does not make the page each minute, nor plan the day again after a check-in
(``Site.today_moment``, ``Today.adding``); a fresh one does both. They must not differ."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from backbeat.journal.db import journal_url, open_database
from backbeat.journal.store import Journal
from backbeat.records import MorningRecord, MoveRecord, Record
from tests.cli.test_plan import DESK, write_profile
from tests.web.conftest import Web, make_app


@pytest.fixture
def journal_environ(on_every_database: dict[str, str]) -> dict[str, str]:
    return on_every_database


def fresh(web: Web, journal_environ: dict[str, str], path: str) -> str:
    """The page as an app started this instant makes it (the same forms' token)."""
    app = make_app(web.home, journal_environ, web.clock, csrf=web.csrf)
    try:
        with TestClient(app, base_url="http://127.0.0.1:8765", follow_redirects=False) as client:
            return client.get(path).text
    finally:
        app.state.site.journal.engine.dispose()


def another_program(journal_environ: dict[str, str], home: Path) -> Iterator[Journal]:
    engine = open_database(journal_url(journal_environ, home))
    try:
        yield Journal(engine)
    finally:
        engine.dispose()


def same(web: Web, journal_environ: dict[str, str], at: datetime) -> str:
    web.clock.now = at
    kept = web.get("/").text
    assert kept == fresh(web, journal_environ, "/"), f"Today differs at {at:%H:%M:%S}"
    api = web.get("/api/v1/today").json()
    made = json.loads(fresh(web, journal_environ, "/api/v1/today"))
    del api["now"], made["now"]  # the instant of the minute's first answer, kept for the minute
    assert api == made, f"the API's Today differs at {at:%H:%M:%S}"
    return kept


def test_the_kept_today_is_the_fresh_one_as_slots_begin_and_others_write(
    web: Web, journal_environ: dict[str, str]
) -> None:
    write_profile(web.home, DESK)
    start = web.clock.now.replace(hour=12, minute=0)
    web.clock.now = start
    slots = web.get("/api/v1/today").json()["slots"]
    assert len(slots) >= 4
    writer = another_program(journal_environ, web.home)
    journal = next(writer)
    try:
        for n, slot in enumerate(slots):
            begins = datetime.fromisoformat(slot["at"])
            for at in (begins - timedelta(seconds=1), begins, begins + timedelta(seconds=59)):
                same(web, journal_environ, at)
            move = slot["items"][0]["move"]
            logged: list[Record] = [MoveRecord(at=begins, move=move, pain_during=2)]
            if n == 1:
                logged.append(MorningRecord(at=begins, morning_pain=8))  # the plan narrows
            journal.add(logged)
            page = same(web, journal_environ, begins + timedelta(minutes=1))
            marked = re.search(
                rf'<li class="slot is-done"[^>]*data-slot="{re.escape(slot["id"])}"', page
            )
            assert marked is not None or n == 1, f"{slot['id']} logged but not shown done"
    finally:
        next(writer, None)
