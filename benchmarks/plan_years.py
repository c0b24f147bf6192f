"""``backbeat plan --json`` and ``backbeat now --dry-run`` (the real commands, each in its own
process) with 0, 1, 5 and 10 years of a heavy user's journal (see ``progress.py``: 20 check-ins
a day, a morning check-in, 4 sessions, a weekly review and plan), beside the same with no history
and beside ``python -c pass``, all measured in the same run, in turn. The first run of each
(not timed) decides the weeks and keeps their state in the cache folder, as a person's first
plan after an upgrade would; the timed runs take it up.

Run: ``.venv/bin/python benchmarks/plan_years.py [--runs N] [--years 0,1,5,10]``. Filling a
10-year journal takes a while (about a minute). Goal (issue 16): with 10 years, at most 1.3x the
same command with no history. This script measures; it passes whatever the figures are.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _timing import median_times
from backbeat.journal.db import journal_url, open_database
from backbeat.journal.store import Journal
from progress import PROFILE, heavy_year

GOAL = 1.3


def home_with(folder: Path, years: int) -> dict[str, str]:
    folder.mkdir()
    (folder / "profile.toml").write_text(PROFILE, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "BACKBEAT_DB_URL"}
    env["BACKBEAT_HOME"] = str(folder)
    if years:
        journal = Journal(open_database(journal_url({}, folder)))
        journal.add(heavy_year(365 * years))
    return env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--years", default="0,1,5,10")
    args = parser.parse_args()
    years = sorted({0, *(int(y) for y in args.years.split(","))})
    script = str(Path(sys.executable).parent / "backbeat")
    commands = {"plan --json": ["plan", "--json"], "now --dry-run": ["now", "--dry-run"]}
    with tempfile.TemporaryDirectory() as root:
        homes = {}
        for y in years:
            began = time.perf_counter()
            homes[y] = home_with(Path(root, f"{y}y"), y)
            print(f"journal of {y:2d} years written in {time.perf_counter() - began:5.1f} s")
        timed = median_times(
            {
                "bare": ([sys.executable, "-c", "pass"], homes[0]),
                **{
                    f"{name} {y}": ([script, *argv], homes[y])
                    for name, argv in commands.items()
                    for y in years
                },
            },
            args.runs,
        )
    bare = timed["bare"]
    print(
        f"\nmedian of {args.runs} runs, in turn; python -c pass {bare.wall * 1000:.1f} ms "
        f"(CPU time: what other programs' load inflates far less)"
    )
    for name in commands:
        none = timed[f"{name} 0"]
        for y in years:
            took = timed[f"{name} {y}"]
            goal = ""
            if y == max(years) and y:
                verdicts = [
                    f"{what} {'met' if mine <= GOAL * base else 'NOT met'}"
                    for what, mine, base in (
                        ("wall", took.wall, none.wall),
                        ("CPU", took.cpu, none.cpu),
                    )
                ]
                goal = f"  (goal <= {GOAL}x: {', '.join(verdicts)})"
            print(
                f"  {name:14s} {y:2d} years  {took.wall * 1000:7.1f} ms "
                f"{took.wall / none.wall:5.2f}x"
                f"  CPU {took.cpu * 1000:7.1f} ms {took.cpu / none.cpu:5.2f}x no history  "
                f"{took.wall / bare.wall:5.1f}x python -c pass{goal}"
            )


if __name__ == "__main__":
    main()
