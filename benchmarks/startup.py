"""Command start-up time: ``backbeat --version``, ``backbeat moves --json`` and ``backbeat plan
--json`` against a bare interpreter, measured in the same run so the ratio means something on any
machine; ``moves`` and ``plan`` are timed with the catalogue cache and without it (its folder made
unusable, so every run validates the movement files as before the cache).

Run: ``.venv/bin/python benchmarks/startup.py [--runs N]``. Goals: ``--version`` within 4x of
``python -c pass``; ``moves --json`` under 0.35 s on a 2-core machine; ``plan --json`` within 20x
of ``python -c pass`` (issue 16). The commands run in turn, run after run, so that a busy moment
of the machine falls on all of them alike.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _timing import median_seconds

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
        timed = median_seconds(
            {
                "bare": ([sys.executable, "-c", "pass"], env),
                "version": ([script, "--version"], env),
                "moves": ([script, "moves", "--json"], env),
                "moves_cold": ([script, "moves", "--json"], plain),
                "planned": (plan, env),
                "planned_cold": (plan, plain),
            },
            runs,
        )
        bare, version, moves = timed["bare"], timed["version"], timed["moves"]
        moves_cold, planned, planned_cold = (
            timed["moves_cold"],
            timed["planned"],
            timed["planned_cold"],
        )
    print(f"start-up, median of {runs} runs, in turn")
    print(f"  python -c pass                  {bare * 1000:7.1f} ms   1.00x")
    print(
        f"  backbeat --version              {version * 1000:7.1f} ms   {version / bare:5.2f}x"
        "  (goal <= 4x)"
    )
    print(
        f"  backbeat moves --json           {moves * 1000:7.1f} ms   {moves / bare:5.2f}x  "
        f"(goal < 350 ms: {'met' if moves < 0.35 else 'NOT met'})"
    )
    print(
        f"  moves --json, no cache          {moves_cold * 1000:7.1f} ms   "
        f"{moves_cold / bare:5.2f}x  (cache saves {1 - moves / moves_cold:.0%})"
    )
    print(
        f"  backbeat plan --json            {planned * 1000:7.1f} ms   {planned / bare:5.2f}x  "
        f"(goal <= 20x: {'met' if planned <= 20 * bare else 'NOT met'})"
    )
    print(
        f"  plan --json, no cache           {planned_cold * 1000:7.1f} ms   "
        f"{planned_cold / bare:5.2f}x  (cache saves {1 - planned / planned_cold:.0%})"
    )


if __name__ == "__main__":
    main()
