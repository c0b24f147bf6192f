"""Memory of the ``backbeat remind`` daemon (the real command, in its own process) with a year
of a heavy user's journal (see ``progress.py``) beside the same with an empty journal and beside
an idle Python, all measured in the same run.

Each daemon runs until its first look is over (its CPU time stops growing), then its resident
memory (RSS) and its peak are read from ``/proc`` and it is stopped. The first start of each
home decides the weeks of the programme and keeps their state; the starts after take it up.

Run: ``.venv/bin/python benchmarks/daemon_rss.py [--runs N] [--years Y]``. Linux only (it reads
``/proc``). Goal (issue 16): RSS with a year of journal at most 1.3x the RSS with an empty one.
This script measures; it passes whatever the figures are.
"""

from __future__ import annotations

import argparse
import os
import signal
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
SETTLED_S = 1.0  # no CPU time used for this long: the first look is over
LONGEST_S = 120.0


def home_with(folder: Path, days: int) -> dict[str, str]:
    folder.mkdir()
    (folder / "profile.toml").write_text(PROFILE, encoding="utf-8")
    journal = Journal(open_database(journal_url({}, folder)))
    if days:
        journal.add(heavy_year(days))
    journal.engine.dispose()
    env = {k: v for k, v in os.environ.items() if k not in ("BACKBEAT_DB_URL", "DISPLAY")}
    env["BACKBEAT_HOME"] = str(folder)
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)  # reminders in the terminal, the same for both
    return env


def memory_kb(argv: list[str], env: dict[str, str]) -> tuple[int, int]:
    """The resident and peak memory of a process once it has settled (KB)."""
    process = subprocess.Popen(
        argv,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        began, used, still = time.monotonic(), -1, time.monotonic()
        while time.monotonic() - began < LONGEST_S:
            time.sleep(0.1)
            fields = Path(f"/proc/{process.pid}/stat").read_text().rsplit(")", 1)[1].split()
            now = int(fields[11]) + int(fields[12])  # utime + stime, in clock ticks
            if now != used:
                used, still = now, time.monotonic()
            elif time.monotonic() - still >= SETTLED_S:
                break
        status = dict(
            line.split(":", 1)
            for line in Path(f"/proc/{process.pid}/status").read_text().splitlines()
        )
        return int(status["VmRSS"].split()[0]), int(status["VmHWM"].split()[0])
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--years", type=float, default=1.0)
    args = parser.parse_args()
    if not Path("/proc/self/status").exists():
        print("daemon_rss: needs Linux's /proc; skipped")
        return 0
    script = str(Path(sys.executable).parent / "backbeat")
    with tempfile.TemporaryDirectory() as root:
        homes = {
            "empty journal": home_with(Path(root, "empty"), 0),
            f"{args.years:g} year(s) of journal": home_with(
                Path(root, "full"), round(365 * args.years)
            ),
        }
        idle = memory_kb(
            [sys.executable, "-c", "import time; time.sleep(60)"], homes["empty journal"]
        )
        first = {name: memory_kb([script, "remind"], env) for name, env in homes.items()}
        later: dict[str, list[tuple[int, int]]] = {name: [] for name in homes}
        for _ in range(args.runs):  # in turn, so a busy moment of the machine falls on both
            for name, env in homes.items():
                later[name].append(memory_kb([script, "remind"], env))
    print(
        f"backbeat remind, median of {args.runs} starts after the first; "
        f"idle Python {idle[0] / 1024:.1f} MB"
    )
    base = statistics.median(r for r, _ in later["empty journal"])
    base_peak = statistics.median(p for _, p in later["empty journal"])
    for name in homes:
        rss = statistics.median(r for r, _ in later[name])
        peak = statistics.median(p for _, p in later[name])
        print(
            f"  {name:22s} RSS {rss / 1024:6.1f} MB  {rss / base:5.2f}x empty   "
            f"peak {peak / 1024:6.1f} MB  {peak / base_peak:5.2f}x   "
            f"first start RSS {first[name][0] / 1024:6.1f} MB, peak {first[name][1] / 1024:6.1f} MB"
        )
    full = statistics.median(r for r, _ in later[list(homes)[1]])
    print(f"goal <= {GOAL}x: {'met' if full <= GOAL * base else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
