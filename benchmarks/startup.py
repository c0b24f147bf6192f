"""Command start-up time: ``backbeat --version`` and ``backbeat moves --json`` against a bare
interpreter, measured in the same run so the ratio means something on any machine.

Run: ``.venv/bin/python benchmarks/startup.py [--runs N]``. Goals: ``--version`` within 4x of
``python -c pass``; ``moves --json`` under 0.35 s on a 2-core machine.
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


def _median_seconds(argv: list[str], runs: int, env: dict[str, str]) -> float:
    subprocess.run(argv, check=True, capture_output=True, env=env)  # warm the file cache
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    runs = parser.parse_args().runs
    script = str(Path(sys.executable).parent / "backbeat")
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "BACKBEAT_HOME": home}
        bare = _median_seconds([sys.executable, "-c", "pass"], runs, env)
        version = _median_seconds([script, "--version"], runs, env)
        moves = _median_seconds([script, "moves", "--json"], runs, env)
    print(f"start-up, median of {runs} runs")
    print(f"  python -c pass          {bare * 1000:7.1f} ms   1.00x")
    print(
        f"  backbeat --version      {version * 1000:7.1f} ms   {version / bare:4.2f}x  (goal <= 4x)"
    )
    print(
        f"  backbeat moves --json   {moves * 1000:7.1f} ms   {moves / bare:4.2f}x  "
        f"(goal < 350 ms: {'met' if moves < 0.35 else 'NOT met'})"
    )


if __name__ == "__main__":
    main()
