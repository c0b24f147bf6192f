"""Run every benchmark in this folder, each as its own process with a timeout, print its output
and then one pass/fail line per script (a script fails when it exits non-zero or times out).

Run: ``.venv/bin/python benchmarks/run_all.py [--quick] [--skip NAME ...] [--only NAME ...]
[--timeout S]``. ``--quick`` skips the slow ones (the session player's timing, the web
benchmarks, ten years of journal and the clinic server, which needs ``$BACKBEAT_TEST_PG_URL``
and says so when it is not set). Modules whose names begin with an underscore are helpers
of the others, not benchmarks.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent
SLOW = {"session_timing", "web_today", "web_busy", "plan_years", "clinic"}
LONGER = {"clinic": 3.0}  # times --timeout: 1,000 patients' year of journal is made first


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help=f"skip {', '.join(sorted(SLOW))}")
    parser.add_argument("--skip", nargs="*", default=[], metavar="NAME")
    parser.add_argument("--only", nargs="*", default=[], metavar="NAME")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per script")
    args = parser.parse_args()
    scripts = sorted(
        p for p in HERE.glob("*.py") if p.name != Path(__file__).name and not p.name.startswith("_")
    )
    names = [p.stem for p in scripts]
    skipped = set(args.skip) | (SLOW if args.quick else set())
    if unknown := (set(args.skip) | set(args.only)) - set(names):
        parser.error(f"no benchmark named {', '.join(sorted(unknown))} (have: {', '.join(names)})")
    results: list[tuple[str, str, float]] = []
    for script in scripts:
        if script.stem in skipped or (args.only and script.stem not in args.only):
            results.append((script.stem, "skipped", 0.0))
            continue
        print(f"=== {script.name}", flush=True)
        began = time.perf_counter()
        timeout = args.timeout * LONGER.get(script.stem, 1.0)
        try:
            done = subprocess.run(
                [sys.executable, str(script)],
                timeout=timeout,
                capture_output=True,
                text=True,
                check=False,
            )
        except subprocess.TimeoutExpired as late:
            out = late.stdout or ""
            print(out.decode() if isinstance(out, bytes) else out, end="", flush=True)
            results.append((script.stem, f"FAIL (timed out after {timeout:g} s)", 0.0))
            continue
        took = time.perf_counter() - began
        print(done.stdout, end="", flush=True)
        if done.returncode:
            print(done.stderr[-2000:], end="", file=sys.stderr, flush=True)
        verdict = "pass" if done.returncode == 0 else f"FAIL (exit {done.returncode})"
        results.append((script.stem, verdict, took))
    print("\n=== summary")
    for name, verdict, took in results:
        print(f"  {name:20s} {verdict}" + (f"  ({took:.1f} s)" if took else ""))
    return 1 if any(v.startswith("FAIL") for _, v, _ in results) else 0


if __name__ == "__main__":
    sys.exit(main())
