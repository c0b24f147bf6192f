"""Two programs writing to one journal at once (the reminder daemon and the web app, later)
never lose a record: real processes, a real SQLite file or PostgreSQL server. A program that
holds the write lock keeps no reader waiting, and a write that cannot have it says so."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from backbeat.journal.db import WRITE_WAIT_S, Busy, open_database
from backbeat.journal.store import Journal
from backbeat.journal.versions import keep_versions
from backbeat.plan.profile import Profile
from backbeat.records import MorningRecord
from tests.lock import write_lock_held

WRITER = """
import sys
from datetime import datetime, timedelta, timezone
from backbeat.journal.db import open_database
from backbeat.journal.store import Journal
from backbeat.records import MoveRecord

url, name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
journal = Journal(open_database(url))
start = datetime(2026, 11, 23, 8, 0, tzinfo=timezone.utc)
for i in range(count):
    journal.add([MoveRecord(at=start + timedelta(seconds=i), move=name, pain_during=i % 11)])
print("done")
"""


def test_two_writers_at_once_lose_nothing(database_url: str) -> None:
    url = database_url
    open_database(url).dispose()  # made once, as the first program to start would
    count = 150
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, url, move, str(count)],
            stdout=subprocess.PIPE,
            text=True,
        )
        for move in ("knee-rolls", "pelvic-tilt")
    ]
    for writer in writers:
        out, _ = writer.communicate(timeout=120)
        assert writer.returncode == 0 and out.strip() == "done"
    records = Journal(open_database(url)).records()
    assert len(records) == 2 * count
    if url.startswith("sqlite:///"):
        path = url.removeprefix("sqlite:///")
        assert sqlite3.connect(path).execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_reads_never_wait_for_a_writer_and_a_write_says_busy_in_time(tmp_path: Path) -> None:
    """Another program holds the write lock: the journal reads at once, keeping a plan's version
    (a side effect of showing it) gives way at once, and a write waits its documented time,
    then raises Busy having stored nothing; once the lock is free, the same write goes in."""
    path = tmp_path / "backbeat.db"
    journal = Journal(open_database(f"sqlite:///{path}"))
    kept = MorningRecord(at=datetime(2026, 11, 23, 7, 0, tzinfo=UTC), morning_pain=3)
    journal.add([kept])
    new = MorningRecord(at=datetime(2026, 11, 24, 7, 0, tzinfo=UTC), morning_pain=2)
    with write_lock_held(path) as release:
        began = time.monotonic()
        assert journal.records() == [kept] and journal.latest(MorningRecord) == kept
        assert keep_versions(journal, kept.at, Profile()) == 0
        assert time.monotonic() - began < 1.0
        began = time.monotonic()
        with pytest.raises(Busy, match=r"busy .* nothing was saved; try again in a moment"):
            journal.add([new])
        waited = time.monotonic() - began
        assert release() == "released when told"
    assert WRITE_WAIT_S * 0.9 <= waited < WRITE_WAIT_S + 3
    assert journal.records() == [kept]
    assert journal.add([new]) == 1
