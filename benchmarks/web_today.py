"""The web app under load: requests per second and p99 latency for the Today page and for the
API's Today (``GET /api/v1/today``, the same core call answered as JSON) with 20 concurrent
clients on loopback, beside a bare ASGI hello-world served the same way (uvicorn, one process,
same settings) in the same run; then the time to make Today afresh after a check-in, and the
bytes a first visit to the session page transfers, as Chromium counts them.

Run: ``.venv/bin/python benchmarks/web_today.py [--seconds S] [--clients N]`` (about 40 s).
Goals (issue 7): Today at least 0.3 of hello-world's rate, p99 under 50 ms, session page under
150 KB; the API's Today should keep pace with the page's. Each server runs in its own process
on a port the system chooses (port 0), the load from this one, so each has a core.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

MONDAY_10_40 = datetime(2026, 11, 23, 10, 40, tzinfo=timezone(timedelta(hours=1)))
PROFILE = """\
pain = 4
[day]
wake = "07:00"
sleep = "23:00"
[[day.work]]
start = "09:00"
end = "17:30"
place = "desk"
[[day.moments]]
name = "TV"
at = "21:00"
place = "sofa"
"""


async def hello(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """The baseline: the least an ASGI app can do."""
    if scope["type"] != "http":
        return
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-type", b"text/plain"), (b"content-length", b"13")],
        }
    )
    await send({"type": "http.response.body", "body": b"Hello, world!"})


def serve(which: str, home: Path) -> None:
    """The server process: backbeat over ``home`` (its clock at Monday 10:40), or hello-world.
    uvicorn binds a port the system chooses, and the process prints it once serving."""
    app: Any = hello
    if which == "backbeat":
        from backbeat.context import Env, open_catalogue, open_journal
        from backbeat.web.app import create_app

        env = Env(io.StringIO(), sys.stderr, io.StringIO(), {"BACKBEAT_HOME": str(home)})
        env = Env(env.stdout, env.stderr, env.stdin, env.environ, lambda: MONDAY_10_40)
        catalogue, journal = open_catalogue(env), open_journal(env)
        assert catalogue is not None and journal is not None
        app = create_app(env, catalogue, journal)
    run_printing_port(app, which)


def run_printing_port(app: Any, name: str) -> None:
    """Serve ``app`` on a port the system chooses, print the port once serving, and go on
    serving until killed."""
    import threading

    import uvicorn

    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise SystemExit(f"the {name} server did not start")
        time.sleep(0.02)
    print(server.servers[0].sockets[0].getsockname()[1], flush=True)
    thread.join()


def prepare(home: Path) -> None:
    """A person two weeks in: a profile, and a journal of morning and movement check-ins."""
    from backbeat.journal.db import open_database
    from backbeat.journal.store import Journal
    from backbeat.records import MorningRecord, MoveRecord

    (home / "profile.toml").write_text(PROFILE)
    journal = Journal(open_database(f"sqlite:///{home / 'backbeat.db'}"))
    start = MONDAY_10_40 - timedelta(days=14)
    records: list[Any] = []
    for day in range(14):
        morning = start.replace(hour=7) + timedelta(days=day)
        records.append(MorningRecord(at=morning, morning_pain=4 - day // 5))
        for n, move in enumerate(("pelvic-rocking", "seated-pelvic-tilt", "neck-tilts")):
            at = morning + timedelta(hours=2 + 3 * n)
            records.append(MoveRecord(at=at, move=move, pain_during=2, difficulty="easy"))
    journal.add(records)


def start(which: str, home: Path) -> tuple[subprocess.Popen[str], int]:
    """A server process, and the port it says it is serving on."""
    script = str(Path(__file__).resolve())
    process = subprocess.Popen(
        [sys.executable, script, "--serve", which, str(home)], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    line = process.stdout.readline()  # the port, once the server is up
    if not line.strip().isdigit():
        process.kill()
        raise SystemExit(f"the {which} server did not start")
    return process, int(line)


async def client(port: int, path: str, until: float, latencies: list[float]) -> None:
    """One keep-alive connection sending requests one after another until ``until``."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode()
    while time.perf_counter() < until:
        began = time.perf_counter()
        writer.write(request)
        await writer.drain()
        length = 0
        while True:
            line = await reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            if name.lower() == "content-length":
                length = int(value)
            if line.startswith(b"HTTP/1.1 ") and not line.startswith(b"HTTP/1.1 200"):
                raise SystemExit(f"{path}: {line!r}")
        await reader.readexactly(length)
        latencies.append(time.perf_counter() - began)
    writer.close()


async def load(port: int, path: str, clients: int, seconds: float) -> tuple[float, list[float]]:
    warm: list[float] = []
    await asyncio.gather(*(client(port, path, time.perf_counter() + 1.0, warm) for _ in range(4)))
    latencies: list[float] = []
    began = time.perf_counter()
    until = began + seconds
    await asyncio.gather(*(client(port, path, until, latencies) for _ in range(clients)))
    return len(latencies) / (time.perf_counter() - began), latencies


def p99(latencies: list[float]) -> float:
    return statistics.quantiles(latencies, n=100)[98]


def measure(
    name: str, which: str, home: Path, path: str, args: argparse.Namespace
) -> tuple[float, float]:
    process, port = start(which, home)
    try:
        rate, latencies = asyncio.run(load(port, path, args.clients, args.seconds))
    finally:
        process.terminate()
        process.wait(timeout=10)
    median = statistics.median(latencies) * 1000
    tail = p99(latencies) * 1000
    print(f"  {name:<12} {rate:8.0f} requests/s   p50 {median:6.2f} ms   p99 {tail:6.2f} ms")
    return rate, p99(latencies)


def after_each_change(home: Path, count: int = 60) -> list[float]:
    """Seconds to make Today afresh, when a check-in has just been written by another program
    (nothing kept from before can serve): measured in this process, through the whole app."""
    from backbeat.context import Env, open_catalogue, open_journal
    from backbeat.journal.db import open_database
    from backbeat.journal.store import Journal
    from backbeat.records import MorningRecord
    from backbeat.web.app import create_app

    env = Env(io.StringIO(), sys.stderr, io.StringIO(), {"BACKBEAT_HOME": str(home)})
    env = Env(env.stdout, env.stderr, env.stdin, env.environ, lambda: MONDAY_10_40)
    catalogue, journal = open_catalogue(env), open_journal(env)
    assert catalogue is not None and journal is not None
    app = create_app(env, catalogue, journal)
    other = Journal(open_database(f"sqlite:///{home / 'backbeat.db'}"))
    scope = {
        "type": "http",
        "method": "GET",
        "path": "/",
        "raw_path": b"/",
        "query_string": b"",
        "headers": [(b"host", b"127.0.0.1:8765")],
        "scheme": "http",
        "http_version": "1.1",
        "server": ("127.0.0.1", 8765),
        "client": ("127.0.0.1", 50000),
        "root_path": "",
    }

    async def get() -> None:
        async def receive() -> dict[str, object]:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: dict[str, object]) -> None:
            if message["type"] == "http.response.start":
                assert message["status"] == 200, message

        await app(dict(scope), receive, send)

    seconds = []
    for n in range(count):
        other.add([MorningRecord(at=MONDAY_10_40 - timedelta(minutes=n + 1), morning_pain=3)])
        began = time.perf_counter()
        asyncio.run(get())
        seconds.append(time.perf_counter() - began)
    return seconds


def due_session(port: int) -> str:
    """The session page of the slot due now, by its id from ``GET /api/v1/today``."""
    from urllib.parse import quote
    from urllib.request import urlopen

    with urlopen(f"http://127.0.0.1:{port}/api/v1/today", timeout=10) as answer:
        due = json.load(answer)["due"]
    return f"/session?slot={quote(due, safe='')}"


def first_visit_bytes(home: Path) -> tuple[int, int] | None:
    """Bytes on the wire (and after decoding) for a cold first visit to the session of the slot
    due now (asked of the API), as Chromium counts them."""
    chromium = shutil.which("chromium")
    if chromium is None:
        return None
    from playwright.sync_api import sync_playwright

    process, port = start("backbeat", home)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium,
                args=[
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--no-first-run",
                ],
            )
            page = browser.new_page()
            cdp = page.context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
            wire: dict[str, int] = {}
            decoded: dict[str, int] = {}
            cdp.on(
                "Network.loadingFinished",
                lambda e: wire.__setitem__(e["requestId"], int(e["encodedDataLength"])),
            )
            cdp.on(
                "Network.dataReceived",
                lambda e: decoded.__setitem__(
                    e["requestId"], decoded.get(e["requestId"], 0) + int(e["dataLength"])
                ),
            )
            page.goto(f"http://127.0.0.1:{port}{due_session(port)}", wait_until="networkidle")
            page.wait_for_timeout(300)
            browser.close()
        return sum(wire.values()), sum(decoded.values())
    finally:
        process.terminate()
        process.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=8.0, help="load per server (8)")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (20)")
    parser.add_argument("--serve", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve[0], Path(args.serve[1]))
        return
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        prepare(home)
        print(
            f"{args.clients} concurrent keep-alive clients on loopback, {args.seconds:g} s each "
            f"(one uvicorn process per server, {os.cpu_count()} cores)"
        )
        base, _ = measure("hello-world", "hello", home, "/", args)
        rate, tail = measure("today", "backbeat", home, "/", args)
        api, api_tail = measure("api today", "backbeat", home, "/api/v1/today", args)
        print(
            f"  Today / hello-world: {rate / base:.2f} (goal at least 0.3); "
            f"p99 {tail * 1000:.1f} ms (goal under 50 ms)"
        )
        print(
            f"  API today / hello-world: {api / base:.2f}; API today / Today: {api / rate:.2f}; "
            f"p99 {api_tail * 1000:.1f} ms"
        )
        fresh = after_each_change(home)
        print(
            f"  today made afresh after each change (in process): median "
            f"{statistics.median(fresh) * 1000:.1f} ms, p99 {p99(fresh) * 1000:.1f} ms"
        )
        sizes = first_visit_bytes(home)
        if sizes is None:
            print("  session page: chromium is not installed, first-visit bytes not measured")
        else:
            print(
                f"  session page, first visit: {sizes[0] / 1024:.1f} KB on the wire "
                f"({sizes[1] / 1024:.1f} KB decoded; goal under 150 KB)"
            )
        print(
            json.dumps(
                {
                    "ratio": round(rate / base, 3),
                    "p99_ms": round(tail * 1000, 2),
                    "api_ratio": round(api / base, 3),
                    "api_to_page": round(api / rate, 3),
                    "api_p99_ms": round(api_tail * 1000, 2),
                }
            )
        )


if __name__ == "__main__":
    main()
