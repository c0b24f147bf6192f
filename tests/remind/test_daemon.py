"""The daemon's looks with a clock that is a value, its reminders shown in a (captured) terminal:
it follows the profile file as the person edits it, and keeps the last good one when a save is
broken."""

from __future__ import annotations

import asyncio
import io
import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

from backbeat.history import FOLDER
from backbeat.journal.db import journal_url, open_database
from backbeat.journal.store import Journal
from backbeat.plan.builder import make_plan
from backbeat.plan.profile_file import read_profile
from backbeat.plan.today import plan_day
from backbeat.records import MoveRecord
from backbeat.remind.daemon import Daemon, Person
from backbeat.remind.deliver import TerminalDelivery
from backbeat.remind.due import dues
from tests.cli.test_plan import DESK, write_profile
from tests.plan.strategies import CATALOGUE, MOVES

CET = timezone(timedelta(hours=1))


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, 23, hour, minute, tzinfo=CET)


def edit(path: Path, text: str, step: int) -> None:
    """Save the profile; its modification time moves on, as a later save's would."""
    path.write_text(text)
    stamp = path.stat().st_mtime_ns + step * 1_000_000_000
    os.utime(path, ns=(stamp, stamp))


def test_the_daemon_follows_the_profile_as_it_is_edited(home: Path) -> None:
    path = write_profile(home)
    profile, _ = read_profile(path, CATALOGUE)
    assert profile is not None
    journal = Journal(open_database(journal_url({}, home)))
    out, log = io.StringIO(), io.StringIO()
    now = [at(10)]
    daemon = Daemon(
        Person(profile, CATALOGUE, journal, home, CET, path),
        TerminalDelivery(out, io.StringIO()),
        lambda: now[0],
        lambda moment: None,
        log,
    )

    async def look(when: datetime) -> list[str]:
        now[0] = when
        return [r.due.slot.time for r in await daemon.tick()]

    async def day() -> None:
        assert await look(at(10)) == ["10:00"]
        edit(path, DESK.replace("[prefs]", '[prefs]\nquiet = ["10:15-12:00"]'), 1)
        assert await look(at(10, 30)) == []
        edit(path, "pain = 11\n", 2)
        assert await look(at(11)) == []  # the quiet hours of the last good profile hold
        assert await look(at(11, 1)) == []
        edit(path, DESK.replace('wake = "07:00"', 'wake = "06:00"'), 3)
        assert await look(at(12)) == ["12:00"]

    asyncio.run(day())
    assert log.getvalue().count("keeping the profile as it was") == 1
    assert "pain" in log.getvalue()
    assert "\a10:00  Desk break: " in out.getvalue() and "\a12:00  Desk break: " in out.getvalue()


def test_the_daemon_plans_from_the_kept_weekly_state_as_from_every_record(home: Path) -> None:
    path = write_profile(home)
    profile, _ = read_profile(path, CATALOGUE)
    assert profile is not None
    journal = Journal(open_database(journal_url({}, home)))
    first = at(9) - timedelta(weeks=12)
    journal.add(
        MoveRecord(at=first + timedelta(hours=7 * n), move=MOVES[n % 3], pain_during=n % 4)
        for n in range(12 * 24)
    )
    cache = home / "cache"
    day = plan_day(at(9), profile.day.wake)
    expected = make_plan(profile, CATALOGUE, journal.records(), day).days[0]
    names = {m.id: m.name for m in CATALOGUE.movements.values()}
    person = Person(profile, CATALOGUE, journal, home, CET, path, cache)
    for _ in range(2):  # the first look keeps the state; a new daemon takes it up
        daemon = Daemon(
            person,
            TerminalDelivery(io.StringIO(), io.StringIO()),
            lambda: at(9),
            print,
            io.StringIO(),
        )
        assert daemon.dues(at(9)) == dues(expected, profile, names, CET)
    assert any(cache.joinpath(FOLDER).iterdir())
