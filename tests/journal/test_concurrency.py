"""Two programs writing to one journal at once (the reminder daemon and the web app, later)
never lose a record: real processes, a real SQLite file or PostgreSQL server."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

from backbeat.journal.db import open_database
from backbeat.journal.store import Journal

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
