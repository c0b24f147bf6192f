"""Check-ins written per second through the journal (one transaction each, as the app writes
them), beside raw ``sqlite3`` inserting the same rows into the same table in the same run.

Run: ``.venv/bin/python benchmarks/journal_writes.py [--count N]``. Goal (issue 5): within 3x of
raw sqlite3.
"""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from backbeat.journal.db import open_database
from backbeat.journal.kinds import digest, to_utc
from backbeat.journal.store import Journal
from backbeat.records import MoveRecord

ZONE = timezone(timedelta(hours=1))


def records(count: int) -> list[MoveRecord]:
    start = datetime(2026, 1, 1, 7, 0, tzinfo=ZONE)
    return [
        MoveRecord(at=start + timedelta(minutes=7 * i), move="knee-rolls", pain_during=i % 11)
        for i in range(count)
    ]


def through_journal(path: Path, rows: list[MoveRecord]) -> float:
    journal = Journal(open_database(f"sqlite:///{path}"))
    journal.add(rows[:1])  # the person exists and the schema is made before timing
    began = time.perf_counter()
    for row in rows[1:]:
        journal.add([row])
    return (len(rows) - 1) / (time.perf_counter() - began)


def raw(path: Path, rows: list[MoveRecord]) -> float:
    open_database(f"sqlite:///{path}").dispose()  # the same schema, made by the journal
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("INSERT INTO person (name, created) VALUES ('me', '2026-01-01')")
    values = [  # the same rows, made before timing: only the database's work is timed
        (to_utc(r.at)[0].isoformat(sep=" "), to_utc(r.at)[1], r.move, r.pain_during, digest(r))
        for r in rows[1:]
    ]
    began = time.perf_counter()
    for value in values:
        db.execute("BEGIN")
        db.execute(
            "INSERT INTO move_checkin"
            " (person_id, at, utc_offset, move, pain_during, digest, sharp, hurt)"
            " VALUES (1, ?, ?, ?, ?, ?, 0, 0) ON CONFLICT DO NOTHING",
            value,
        )
        db.execute("COMMIT")
    return (len(rows) - 1) / (time.perf_counter() - began)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    rows = records(parser.parse_args().count)
    with tempfile.TemporaryDirectory() as folder:
        ours = through_journal(Path(folder) / "journal.db", rows)
        theirs = raw(Path(folder) / "raw.db", rows)
    print(f"{len(rows) - 1} check-ins, one transaction each, SQLite in WAL mode")
    print(f"  raw sqlite3      {theirs:8.0f} per second")
    print(f"  backbeat journal {ours:8.0f} per second   {theirs / ours:.2f}x slower (goal <= 3x)")


if __name__ == "__main__":
    main()
