"""Command start-up time: ``backbeat --version``, ``moves --json``, ``plan --json``, ``now
--dry-run``, ``log`` and ``checkin`` against a bare interpreter, measured in the same run so the
ratio means something on any machine; ``moves`` and ``plan`` are timed with the catalogue cache
and without it (its folder made unusable, so every run validates the movement files as before
the cache). ``log`` and ``checkin`` write to a journal already made (the first, warming run makes
it), as a person's everyday check-ins do.

Run: ``.venv/bin/python benchmarks/startup.py [--runs N]``. Goals: ``--version`` within 4x of
``python -c pass``; ``moves --json`` under 0.35 s on a 2-core machine; ``log`` within 12x and
``plan --json`` within 20x of ``python -c pass`` (issue 16). The commands run in turn, run after
run, so that a busy moment of the machine falls on all of them alike.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _timing import Timed, median_times

PROFILE = """pain = 4
[[day.work]]
start = "09:00"
end = "17:30"
place = "desk"
[[day.moments]]
name = "TV"
at = "21:00"
place = "sofa"
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    runs = parser.parse_args().runs
    script = str(Path(sys.executable).parent / "backbeat")
    with tempfile.TemporaryDirectory() as home, tempfile.TemporaryDirectory() as uncached:
        env = {**os.environ, "BACKBEAT_HOME": home}
        plain = {**os.environ, "BACKBEAT_HOME": uncached}
        Path(uncached, "cache").write_text("not a folder: the catalogue cannot be cached\n")
        for folder in (home, uncached):
            Path(folder, "profile.toml").write_text(PROFILE, encoding="utf-8")
        plan = [script, "plan", "--json", "--start", "2026-11-23", "--days", "7"]
        timed = median_times(
            {
                "python -c pass": ([sys.executable, "-c", "pass"], env),
                "backbeat --version": ([script, "--version"], env),
                "backbeat moves --json": ([script, "moves", "--json"], env),
                "moves --json, no cache": ([script, "moves", "--json"], plain),
                "backbeat plan --json": (plan, env),
                "plan --json, no cache": (plan, plain),
                "backbeat now --dry-run --json": ([script, "now", "--dry-run", "--json"], env),
                "backbeat log MOVE": ([script, "log", "cat-cow", "--pain-during", "3"], env),
                "backbeat checkin": ([script, "checkin", "--pain", "2"], env),
            },
            runs,
        )
    bare = timed["python -c pass"]
    moves, planned = timed["backbeat moves --json"], timed["backbeat plan --json"]
    goals = {
        "backbeat --version": ratio_goal(timed["backbeat --version"], bare, 4),
        "backbeat moves --json": f"goal < 350 ms: {'met' if moves.wall < 0.35 else 'NOT met'}",
        "moves --json, no cache": saved(moves, timed["moves --json, no cache"]),
        "backbeat plan --json": ratio_goal(planned, bare, 20),
        "plan --json, no cache": saved(planned, timed["plan --json, no cache"]),
        "backbeat log MOVE": ratio_goal(timed["backbeat log MOVE"], bare, 12),
    }
    print(f"start-up, median of {runs} runs, in turn (CPU time: what other programs' load")
    print("inflates far less; a goal is met when both ratios meet it)")
    for name, time in timed.items():
        print(
            f"  {name:30} {time.wall * 1000:7.1f} ms {time.wall / bare.wall:6.2f}x   "
            f"CPU {time.cpu * 1000:7.1f} ms {time.cpu / bare.cpu:6.2f}x  {goals.get(name, '')}"
        )


def ratio_goal(time: Timed, bare: Timed, most: float) -> str:
    """Whether a command is within ``most`` times ``python -c pass``, by wall and CPU time."""
    met = time.wall <= most * bare.wall and time.cpu <= most * bare.cpu
    return f"(goal <= {most:g}x: {'met' if met else 'NOT met'})"


def saved(cached: Timed, uncached: Timed) -> str:
    return f"(cache saves {1 - cached.cpu / uncached.cpu:.0%} of CPU)"


if __name__ == "__main__":
    main()
