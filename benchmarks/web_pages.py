"""The pages a person opens most, under load, with a year of a heavy user's journal: Today, the
session of the slot due now, Progress and the Journal, each at 20 concurrent keep-alive clients
on loopback, beside a bare ASGI hello-world served the same way in the same run; then Today
while another program logs a movement every 50 ms (p99 beside Today's idle p99), and while it
writes a morning check-in every 50 ms (each of which may change the plan); and, when a
PostgreSQL URL is given, the same pages and the movement writer on PostgreSQL beside SQLite.

Run: ``.venv/bin/python benchmarks/web_pages.py [--seconds S] [--clients N] [--years Y]
[--pg URL]`` (about a minute; ``--pg`` defaults to ``$BACKBEAT_TEST_PG_URL``, and its database
is emptied first). Goals (issue 16): Today, the session and Progress at least 0.4 of
hello-world's requests per second, the Journal at least 0.2; Today's p99 with a writer at most
3x its idle p99; PostgreSQL at least 0.3 of its own SQLite figure. Each server runs in its own
process (a port the system chooses), the load from this one. This script measures; it passes
whatever the figures are.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote
from urllib.request import urlopen

sys.path.insert(0, str(Path(__file__).parent))

from progress import PROFILE, heavy_year
from web_today import MONDAY_10_40, hello, load, p99, run_printing_port

GOALS = {"today": 0.4, "session": 0.4, "progress": 0.4, "journal": 0.2}
BUSY_GOAL, PG_GOAL = 3.0, 0.3
BUSY, MORNINGS = "today, writer looping", "today, mornings looping"
ON_PG = " on PostgreSQL"


def serve(home: Path, url: str) -> None:
    """The server process: backbeat over ``home`` and the journal at ``url`` (its clock at
    Monday 10:40), or hello-world when ``url`` is ``hello``."""
    app: Any = hello
    if url != "hello":
        from backbeat.context import Env, open_catalogue, open_journal
        from backbeat.web.app import create_app

        environ = {"BACKBEAT_HOME": str(home), "BACKBEAT_DB_URL": url}
        env = Env(io.StringIO(), sys.stderr, io.StringIO(), environ, lambda: MONDAY_10_40)
        catalogue, journal = open_catalogue(env), open_journal(env)
        assert catalogue is not None and journal is not None
        app = create_app(env, catalogue, journal)
    run_printing_port(app, url)


def start(home: Path, url: str) -> tuple[subprocess.Popen[str], int]:
    process = subprocess.Popen(
        [sys.executable, __file__, "--serve", str(home), url], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line.strip().isdigit():
        process.kill()
        raise SystemExit(f"the server over {url} did not start")
    return process, int(line)


def fill(home: Path, url: str, years: int) -> None:
    """A profile, and ``years`` of a heavy user's journal ending the day before Monday 10:40."""
    from backbeat.journal.db import open_database
    from backbeat.journal.store import Journal

    (home / "profile.toml").write_text(PROFILE, encoding="utf-8")
    engine = open_database(url)
    if engine.dialect.name == "postgresql":  # a database of its own for this run: emptied
        from sqlalchemy import text

        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        engine.dispose()
        engine = open_database(url)
    journal = Journal(engine)
    records = heavy_year(365 * years)
    shift = MONDAY_10_40 - timedelta(days=1) - max(r.at for r in records)
    journal.add([r.model_copy(update={"at": r.at + shift}) for r in records])
    engine.dispose()


def writer(url: str, kind: str) -> None:
    """Another program writing a check-in every 50 ms until killed: a movement's, as ``backbeat
    log`` writes (``move``: the plan stays, only what is done may change), or a morning's
    (``morning``: each one may change the day's plan, which is made again)."""
    from backbeat.journal.db import open_database
    from backbeat.journal.store import Journal
    from backbeat.records import MorningRecord, MoveRecord, Record

    journal = Journal(open_database(url))
    n = 0
    while True:
        n += 1
        at = MONDAY_10_40 - timedelta(seconds=n)
        record: Record = (
            MoveRecord(at=at, move="knee-rolls", pain_during=n % 4)
            if kind == "move"
            else MorningRecord(at=at, morning_pain=n % 10)
        )
        journal.add([record])
        time.sleep(0.05)


def due_session(port: int) -> str:
    with urlopen(f"http://127.0.0.1:{port}/api/v1/today", timeout=30) as answer:
        due = json.load(answer)["due"]
    return f"/session?slot={quote(due, safe='')}"


def rate(port: int, path: str, args: argparse.Namespace) -> tuple[float, float]:
    per_second, latencies = asyncio.run(load(port, path, args.clients, args.seconds))
    return per_second, p99(latencies)


def measure(
    home: Path,
    url: str,
    args: argparse.Namespace,
    results: dict[str, tuple[float, float]],
    suffix: str,
    writers: tuple[tuple[str, str], ...],
) -> None:
    """The four pages over the journal at ``url``, then Today while each writer loops."""
    process, port = start(home, url)
    try:
        paths = {
            "today": "/",
            "session": due_session(port),
            "progress": "/progress",
            "journal": "/journal",
        }
        for name, path in paths.items():
            results[name + suffix] = rate(port, path, args)
        for kind, name in writers:
            busy = subprocess.Popen([sys.executable, __file__, "--writer", url, kind])
            try:
                results[name + suffix] = rate(port, "/", args)
            finally:
                busy.kill()
                busy.wait()
    finally:
        process.terminate()
        process.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--years", type=int, default=1)
    parser.add_argument("--pg", default=os.environ.get("BACKBEAT_TEST_PG_URL"))
    parser.add_argument("--serve", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--writer", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(Path(args.serve[0]), args.serve[1])
        return
    if args.writer:
        writer(*args.writer)
        return
    with tempfile.TemporaryDirectory() as root:
        home = Path(root)
        sqlite = f"sqlite:///{home / 'backbeat.db'}"
        began = time.perf_counter()
        fill(home, sqlite, args.years)
        print(f"{args.years} year(s) of journal written in {time.perf_counter() - began:.1f} s")
        print(f"{args.clients} clients, {args.seconds:.0f} s each, requests/s and p99:")
        results: dict[str, tuple[float, float]] = {}
        process, port = start(home, "hello")
        try:
            results["hello"] = rate(port, "/", args)
        finally:
            process.terminate()
            process.wait()
        measure(home, sqlite, args, results, "", (("move", BUSY), ("morning", MORNINGS)))
        if args.pg:
            fill(home, args.pg, args.years)
            measure(home, args.pg, args, results, ON_PG, (("move", BUSY),))
    base = results["hello"][0]
    for name, (per_second, tail) in results.items():
        ratio = per_second / base
        goal = GOALS.get(name)
        verdict = f"  (goal >= {goal}x: {'met' if ratio >= goal else 'NOT met'})" if goal else ""
        shown = f"{per_second:8.0f}/s  {ratio:5.2f}x hello  p99 {tail * 1000:7.2f} ms"
        print(f"  {name:<36} {shown}{verdict}")
    for suffix, where in (("", "SQLite"), (ON_PG, "PostgreSQL")):
        if "today" + suffix not in results:
            continue
        idle, held = results["today" + suffix][1], results[BUSY + suffix][1]
        print(
            f"Today's p99 on {where} with a writer looping: {held / idle:.2f}x idle "
            f"(goal <= {BUSY_GOAL}x: {'met' if held <= BUSY_GOAL * idle else 'NOT met'})"
        )
    idle = results["today"][1]
    print(
        f"  with morning check-ins looping instead (SQLite; each may change the plan, which is "
        f"made again): {results[MORNINGS][1] / idle:.2f}x idle"
    )
    for page in GOALS:
        if page + ON_PG in results:
            ratio = results[page + ON_PG][0] / results[page][0]
            print(
                f"{page} on PostgreSQL: {ratio:.2f}x SQLite "
                f"(goal >= {PG_GOAL}x: {'met' if ratio >= PG_GOAL else 'NOT met'})"
            )


if __name__ == "__main__":
    main()
