"""A 7-day plan with the built-in catalogue beside the same plan with a catalogue of 1,000
movements (a clinic's own movements added as user files), measured in the same run.

Run: ``.venv/bin/python benchmarks/large_catalogue.py [--size N] [--runs R]``. The extra
movements are valid variants of the built-in ones with distinct ids, written to a temporary
``$BACKBEAT_HOME/movements/``; loading them is timed too, apart from planning. Goal (issue 16):
a 7-day plan with 1,000 movements costs at most 3x one with the built-in catalogue; a 1-day plan
is shown beside it.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable
from datetime import date
from pathlib import Path

from backbeat.catalog.catalogue import Catalogue
from backbeat.catalog.loader import BUILTIN_DIR, builtin, movement_files, with_user_movements
from backbeat.plan.builder import make_plan
from backbeat.plan.profile import Profile

START = date(2026, 11, 23)
PROFILE = """pain = 4
[day]
wake = "07:00"
sleep = "23:00"
[[day.work]]
start = "09:00"
end = "17:30"
place = "desk"
[[day.work]]
start = "18:00"
end = "19:00"
place = "car"
days = ["mon", "wed", "fri"]
[[day.moments]]
name = "TV"
at = "21:00"
place = "sofa"
[[day.moments]]
name = "cooking"
at = "18:30"
place = "standing"
"""
_ID = re.compile(r'^id = "([a-z0-9-]+)"$', re.MULTILINE)


def write_variants(folder: Path, size: int) -> int:
    """Enough copies of the built-in movements, each under a new id, for ``size`` in all."""
    folder.mkdir(parents=True, exist_ok=True)
    sources = [(f.stem, f.read_text(encoding="utf-8")) for f in movement_files(BUILTIN_DIR)]
    wanted = max(size - len(sources), 0)
    for n in range(wanted):
        stem, text = sources[n % len(sources)]
        new = f"{stem}-c{n:04d}"
        folder.joinpath(f"{new}.toml").write_text(
            _ID.sub(f'id = "{new}"', text, count=1), encoding="utf-8"
        )
    return wanted


def median_ms(work: Callable[[], object], runs: int) -> float:
    return medians_ms({"": work}, runs)[""]


def medians_ms(works: dict[str, Callable[[], object]], runs: int) -> dict[str, float]:
    """Each work's median time, the works run in turn so that a busy moment of the machine
    falls on all of them alike."""
    times: dict[str, list[float]] = {name: [] for name in works}
    for work in works.values():
        work()  # warm
    for _ in range(runs):
        for name, work in works.items():
            began = time.perf_counter()
            work()
            times[name].append(time.perf_counter() - began)
    return {name: statistics.median(found) * 1000 for name, found in times.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--goal", type=float, default=3.0)
    args = parser.parse_args()
    profile = Profile.model_validate(tomllib.loads(PROFILE))
    small = builtin()
    with tempfile.TemporaryDirectory() as home:
        write_variants(Path(home) / "movements", args.size)
        big, skipped = with_user_movements(Path(home))
        assert not skipped, skipped[:3]
        load_big = median_ms(lambda: with_user_movements(Path(home)), max(args.runs // 5, 3))
    load_small = median_ms(builtin, max(args.runs // 5, 3))

    def plan(catalogue: Catalogue, days: int) -> Callable[[], object]:
        return lambda: make_plan(profile, catalogue, [], START, days)

    timed = medians_ms(
        {
            f"{name} {days}": plan(catalogue, days)
            for name, catalogue in (("small", small), ("big", big))
            for days in (7, 1)
        },
        args.runs,
    )
    ratio = timed["big 7"] / timed["small 7"]
    print(f"median of {args.runs} runs, in turn")
    for days in (7, 1):
        small_ms, big_ms = timed[f"small {days}"], timed[f"big {days}"]
        goal = ratio <= args.goal
        verdict = f"  (goal <= {args.goal:g}x: {'met' if goal else 'NOT met'})" if days == 7 else ""
        print(
            f"  {days}-day plan, built-in catalogue ({len(small):5d} movements)  "
            f"{small_ms:8.1f} ms   1.00x"
        )
        print(
            f"  {days}-day plan, large catalogue    ({len(big):5d} movements)  {big_ms:8.1f} ms   "
            f"{big_ms / small_ms:5.2f}x{verdict}"
        )
    print(f"loading, uncached: built-in {load_small:.1f} ms, large {load_big:.1f} ms")
    return 0 if ratio <= args.goal else 1


if __name__ == "__main__":
    sys.exit(main())
