"""Time to compute a year of progress for a heavy user: 20 movement check-ins a day, a morning
check-in, 4 guided sessions, a weekly review and a plan given each week, in a SQLite journal.

Run: ``.venv/bin/python benchmarks/progress.py [--days N] [--rounds R]``. Prints the median of R
rounds for the pure computation, for reading the records from the journal, and for both
together (what ``backbeat progress --weeks 52`` waits for after opening the journal), then the
whole command in-process, which also opens the journal and the catalogue and plans this week
from a profile. Goal (issue 5): read + compute under 200 ms.
"""

from __future__ import annotations

import argparse
import io
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from backbeat.cli.main import program
from backbeat.context import Env
from backbeat.journal.db import open_database
from backbeat.journal.kinds import KINDS
from backbeat.journal.store import Journal
from backbeat.progress.planned import planned_per_day, plans_given
from backbeat.progress.report import progress_report
from backbeat.records import (
    MorningRecord,
    MoveRecord,
    PlanRecord,
    Record,
    ReviewRecord,
    SessionRecord,
)

ZONE = timezone(timedelta(hours=1))
TODAY = date(2026, 11, 23)
MOVES = ("knee-rolls", "pelvic-tilt", "cat-cow", "bird-dog", "glute-bridge", "child-pose")
PROFILE = """pain = 5
[[day.work]]
start = "08:30"
end = "17:30"
place = "car"
[[day.moments]]
name = "TV"
at = "21:00"
place = "sofa"
"""  # a driver's day with an evening on the sofa
CHECKINS_A_DAY = 20
SESSIONS_A_DAY = 4


def heavy_year(days: int) -> list[Record]:
    """Seeded, so every run times the same journal."""
    rng = random.Random(20261123)
    records: list[Record] = []
    for back in range(days, 0, -1):
        day = datetime.combine(TODAY - timedelta(days=back - 1), datetime.min.time(), ZONE)
        records.append(MorningRecord(at=day.replace(hour=7), morning_pain=rng.randint(1, 7)))
        for n in range(CHECKINS_A_DAY):
            records.append(
                MoveRecord(
                    at=day.replace(hour=8) + timedelta(minutes=35 * n),
                    move=MOVES[n % len(MOVES)],
                    pain_during=rng.randint(0, 7),
                    pain_after=rng.randint(0, 6),
                    sharp=rng.random() < 0.01,
                )
            )
        for n in range(SESSIONS_A_DAY):
            start = day.replace(hour=8 + 3 * n)
            moves = list(MOVES[n : n + 3])
            records.append(
                SessionRecord(
                    at=start, ended=start + timedelta(minutes=6), session=moves, done=moves
                )
            )
        if day.weekday() == 0:
            records.append(
                ReviewRecord(
                    at=day.replace(hour=20),
                    weekly_pain=rng.randint(1, 7),
                    interference=rng.randint(0, 6),
                    activity="gardening",
                    activity_ability=rng.randint(3, 9),
                )
            )
            records.append(PlanRecord(at=day.replace(hour=6), plan=_plan(day.date())))
    return records


def _plan(monday: date) -> dict[str, object]:
    item = {"move": "knee-rolls", "dose": {"reps": 6}, "why": "rhythm on waking"}
    slot = {"time": "07:00", "moment": "waking", "place": "bed", "minutes": 1, "items": [item] * 4}
    days = [
        {"date": (monday + timedelta(days=n)).isoformat(), "slots": [slot] * 6} for n in range(7)
    ]
    return {"start": monday.isoformat(), "week": 1, "days": days}


def median_ms(rounds: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(rounds):
        began = time.perf_counter()
        work()
        times.append(time.perf_counter() - began)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    records = heavy_year(args.days)
    weeks = -(-args.days // 7)
    window = [TODAY - timedelta(days=n) for n in range(7 * weeks)]
    with tempfile.TemporaryDirectory() as folder:
        journal = Journal(open_database(f"sqlite:///{Path(folder) / 'backbeat.db'}"))
        journal.add(records)
        stored = journal.oldest_first()
        assert len(stored) == len(records)

        def report(found: list[Record]) -> object:
            planned = planned_per_day(plans_given(found), window, {})
            return progress_report(found, planned, TODAY, weeks)

        raw = sqlite3.connect(Path(folder) / "backbeat.db")
        tables = [kind.table.__tablename__ for kind in KINDS]

        def fetch_raw() -> object:
            return [
                raw.execute(f"SELECT * FROM {t} WHERE person_id = 1").fetchall() for t in tables
            ]

        floor = median_ms(args.rounds, fetch_raw)
        pure = median_ms(args.rounds, lambda: report(stored))
        read = median_ms(args.rounds, journal.oldest_first)
        both = median_ms(args.rounds, lambda: report(journal.oldest_first()))
        (Path(folder) / "profile.toml").write_text(PROFILE, encoding="utf-8")
        env = Env(io.StringIO(), io.StringIO(), io.StringIO(), {"BACKBEAT_HOME": folder})
        argv = ["progress", "--weeks", str(weeks), "--json"]
        whole = median_ms(args.rounds, lambda: program(argv, env))
        raw.close()
    print(f"{len(records)} records over {args.days} days, median of {args.rounds} rounds")
    print(f"  compute only        {pure:8.1f} ms")
    print(f"  read journal only   {read:8.1f} ms   {read / pure:.1f}x the computation")
    print(f"  raw sqlite3 rows    {floor:8.1f} ms   the same rows, as tuples ({read / floor:.1f}x)")
    print(f"  read + compute      {both:8.1f} ms   (goal < 200 ms)")
    print(f"  whole command       {whole:8.1f} ms   (in-process, with a profile to plan from)")


if __name__ == "__main__":
    main()
