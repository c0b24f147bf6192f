"""``backbeat plan --json`` and ``backbeat now --dry-run`` (the real commands, each in its own
process) with 0, 1, 5 and 10 years of a heavy user's journal (see ``progress.py``: 20 check-ins
a day, a morning check-in, 4 sessions, a weekly review and plan), beside the same with no history
and beside ``python -c pass``, all measured in the same run.

Run: ``.venv/bin/python benchmarks/plan_years.py [--runs N] [--years 0,1,5,10]``. Filling a
10-year journal takes a while (about a minute). Goal (issue 16): with 10 years, at most 1.3x the
same command with no history. This script measures; it passes whatever the figures are.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from backbeat.journal.db import journal_url, open_database
from backbeat.journal.store import Journal
from progress import PROFILE, heavy_year

GOAL = 1.3


def median_seconds(argv: list[str], runs: int, env: dict[str, str]) -> float:
    subprocess.run(argv, check=False, capture_output=True, env=env)  # warm (and the cache)
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        done = subprocess.run(argv, check=False, capture_output=True, env=env)
        times.append(time.perf_counter() - began)
        if done.returncode not in (0, 3):
            raise SystemExit(f"{' '.join(argv)} failed ({done.returncode}): {done.stderr!r}")
    return statistics.median(times)


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
        bare = median_seconds([sys.executable, "-c", "pass"], args.runs, homes[0])
        print(f"\nmedian of {args.runs} runs; python -c pass {bare * 1000:.1f} ms")
        for name, argv in commands.items():
            none = 0.0
            for y in years:
                took = median_seconds([script, *argv], args.runs, homes[y])
                none = none or took
                goal = ""
                if y == max(years) and y:
                    goal = f"  (goal <= {GOAL}x: {'met' if took <= GOAL * none else 'NOT met'})"
                print(
                    f"  {name:14s} {y:2d} years  {took * 1000:8.1f} ms  "
                    f"{took / none:5.2f}x no history  {took / bare:6.1f}x python -c pass{goal}"
                )


if __name__ == "__main__":
    main()
