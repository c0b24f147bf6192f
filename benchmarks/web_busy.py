"""Reads while a writer holds the journal: the API's Today (``GET /api/v1/today``) with N
concurrent keep-alive clients, first with the journal idle, then with another program holding
its SQLite write lock (a Python process in ``BEGIN IMMEDIATE``) while a client keeps sending
check-ins that wait for that lock and come back 503; p50 and p99 of each, side by side, in one
run, and their ratios.

The app's clock moves on at every look (by default), so that answers are made afresh from the
journal rather than served from the pages kept; ``--kept`` holds it still and measures the
pages kept instead.

Run: ``.venv/bin/python benchmarks/web_busy.py [--seconds S] [--clients N]`` (about 25 s).
Goal (issue 17): the p99 with the lock held within a few times the idle p99, and far below the
write's wait (``WRITE_WAIT_S``): no read waits for the lock. The server runs in its own process
on a port the system chooses (port 0), the load and the lock from other processes.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from web_today import MONDAY_10_40, client, p99, prepare, run_printing_port

HOLDER = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
print("held", flush=True)
sys.stdin.readline()
connection.execute("ROLLBACK")
"""
CHECK_IN = b'{"move": "knee-rolls", "pain_during": 2}'


def serve(home: Path, fresh: bool) -> None:
    """The server process: backbeat over ``home``, its clock at Monday 10:40, moved on a minute
    at each request when ``fresh``; prints its port once serving."""
    import itertools

    from backbeat.context import Env, open_catalogue, open_journal
    from backbeat.web.app import create_app

    ticks = itertools.count()

    def clock() -> Any:
        """15 s on at each look (a few looks a request), round and round 10 hours of one plan
        day: a new minute, so a new answer, every request or two, and the same work in each
        phase (today's plan is kept already, so nothing is written)."""
        return MONDAY_10_40 + timedelta(seconds=15 * (next(ticks) % 2400) if fresh else 0)

    env = Env(io.StringIO(), sys.stderr, io.StringIO(), {"BACKBEAT_HOME": str(home)}, clock)
    catalogue, journal = open_catalogue(env), open_journal(env)
    assert catalogue is not None and journal is not None
    app = create_app(env, catalogue, journal)
    run_printing_port(app, "backbeat")


async def writer(port: int, until: float, answers: list[tuple[int, float]]) -> None:
    """A client sending check-ins one after another: each waits for the lock, then says busy."""
    reader, stream = await asyncio.open_connection("127.0.0.1", port)
    request = (
        f"POST /api/v1/records HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-Backbeat: 1\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(CHECK_IN)}\r\n\r\n"
    ).encode() + CHECK_IN
    while time.perf_counter() < until:
        began = time.perf_counter()
        stream.write(request)
        await stream.drain()
        status, length = 0, 0
        while True:
            line = await reader.readline()
            if line in (b"\r\n", b""):
                break
            if line.startswith(b"HTTP/1.1 "):
                status = int(line.split()[1])
            name, _, value = line.decode("latin-1").partition(":")
            if name.lower() == "content-length":
                length = int(value)
        await reader.readexactly(length)
        answers.append((status, time.perf_counter() - began))
    stream.close()


async def load(
    port: int, clients: int, seconds: float, writing: bool
) -> tuple[list[float], list[tuple[int, float]]]:
    path = "/api/v1/today"
    warm: list[float] = []
    await asyncio.gather(*(client(port, path, time.perf_counter() + 1.0, warm) for _ in range(2)))
    latencies: list[float] = []
    writes: list[tuple[int, float]] = []
    until = time.perf_counter() + seconds
    tasks = [client(port, path, until, latencies) for _ in range(clients)]
    if writing:
        tasks.append(writer(port, until, writes))
    await asyncio.gather(*tasks)
    return latencies, writes


def line(name: str, latencies: list[float], seconds: float) -> str:
    return (
        f"  {name:<22} {len(latencies) / seconds:7.0f} requests/s   "
        f"p50 {statistics.median(latencies) * 1000:7.2f} ms   p99 {p99(latencies) * 1000:7.2f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=8.0, help="load per phase (8)")
    parser.add_argument("--clients", type=int, default=20, help="concurrent readers (20)")
    parser.add_argument("--kept", action="store_true", help="let the pages kept answer")
    parser.add_argument("--serve", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(Path(args.serve[0]), args.serve[1] == "fresh")
        return
    from backbeat.journal.db import WRITE_WAIT_S

    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        prepare(home)
        mode = "kept" if args.kept else "fresh"
        server = subprocess.Popen(
            [sys.executable, __file__, "--serve", str(home), mode],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert server.stdout is not None
        port_line = server.stdout.readline()
        if not port_line.strip().isdigit():
            server.kill()
            raise SystemExit("the server did not start")
        port = int(port_line)
        try:
            print(
                f"GET /api/v1/today, {args.clients} concurrent keep-alive clients, "
                f"{args.seconds:g} s a phase, answers made {mode} ({os.cpu_count()} cores)"
            )
            idle, _ = asyncio.run(load(port, args.clients, args.seconds, writing=False))
            print(line("journal idle", idle, args.seconds))
            holder = subprocess.Popen(
                [sys.executable, "-c", HOLDER, str(home / "backbeat.db")],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            assert holder.stdout is not None and holder.stdin is not None
            assert holder.stdout.readline().strip() == "held"
            try:
                held, writes = asyncio.run(load(port, args.clients, args.seconds, writing=True))
            finally:
                holder.stdin.write("\n")
                holder.stdin.flush()
                holder.wait(timeout=10)
            print(line("write lock held", held, args.seconds))
        finally:
            server.terminate()
            server.wait(timeout=10)
    statuses = sorted({status for status, _ in writes})
    waits = [took for _, took in writes]
    print(
        f"  meanwhile {len(writes)} check-ins sent: status {statuses}, each answered after "
        f"{min(waits):.2f}-{max(waits):.2f} s (the write's wait is {WRITE_WAIT_S:g} s)"
    )
    ratio50 = statistics.median(held) / statistics.median(idle)
    ratio99 = p99(held) / p99(idle)
    print(
        f"  held / idle: p50 x{ratio50:.2f}, p99 x{ratio99:.2f}; "
        f"held p99 is {p99(held) / WRITE_WAIT_S:.1%} of the write's wait"
    )
    print(
        json.dumps(
            {
                "mode": mode,
                "idle_p99_ms": round(p99(idle) * 1000, 2),
                "held_p99_ms": round(p99(held) * 1000, 2),
                "p99_ratio": round(ratio99, 3),
                "p50_ratio": round(ratio50, 3),
                "busy_writes": len(writes),
                "write_statuses": statuses,
            }
        )
    )


if __name__ == "__main__":
    main()
