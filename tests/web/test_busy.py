"""Reads never wait for writers. With another program holding the SQLite journal's write lock,
Today (the page and the API) answers at once, even while writes are waiting; a write answers
"busy, try again" (503 with Retry-After; exit 1 from ``backbeat log``) having stored nothing,
and goes in once the lock is free. Pages are made in worker threads, several at once, and what
they keep stays right: a write is in every answer made after it. The app runs on a real
server, the lock in another process."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import httpx
import pytest

from backbeat.journal.db import WRITE_WAIT_S, open_database
from backbeat.journal.store import Journal
from backbeat.journal.transfer import dump
from tests.cli.test_plan import write_profile
from tests.lock import write_lock_held
from tests.web.conftest import Clock, live, make_app

DEADLINE_S = 1.0
"""Each GET of Today while the lock is held: generous for a loaded 2-core CI, far below the
lock's 15 s (a GET that waited for the lock could not make it)."""
GETS = 20
BACKBEAT = Path(sys.executable).parent / "backbeat"
WRITE = {"move": "knee-rolls", "pain_during": 2}
FORM = {"move": "knee-rolls", "pain_during": "2"}
API = {"X-Backbeat": "1"}


@dataclass(frozen=True)
class Answer:
    path: str
    status: int
    began: float
    ended: float

    @property
    def took(self) -> float:
        return self.ended - self.began


def _export(home: Path) -> str:
    engine = open_database(f"sqlite:///{home / 'backbeat.db'}")
    try:
        return dump(Journal(engine).oldest_first())
    finally:
        engine.dispose()


def _get(client: httpx.Client, path: str) -> Answer:
    began = time.monotonic()
    status = client.get(path).status_code
    return Answer(path, status, began, time.monotonic())


@pytest.fixture
def quiet_heap() -> Iterator[None]:
    """The test process's own heap (a thousand tests' worth of objects by now) kept out of the
    cycle collector's full passes, which could stop the server thread for a second: the
    deadline below is the app's, not the test runner's."""
    gc.collect()
    gc.freeze()
    yield
    gc.unfreeze()


@pytest.mark.usefixtures("quiet_heap")
def test_today_answers_at_once_and_writes_say_busy_while_another_program_writes(
    home: Path, clock: Clock
) -> None:
    write_profile(home)
    app = make_app(home, {}, clock)
    csrf = app.state.site.csrf
    with live(app) as base, httpx.Client(base_url=base, timeout=30) as client:
        assert client.get("/").status_code == 200  # today's plan is kept before the lock
        before = _export(home)
        with write_lock_held(home / "backbeat.db") as release:
            writes: dict[str, httpx.Response] = {}
            written: dict[str, float] = {}
            done = threading.Event()

            def send(name: str, **request: object) -> None:
                with httpx.Client(base_url=base, timeout=30) as own:
                    writes[name] = own.post(**request)  # type: ignore[arg-type]
                written[name] = time.monotonic()
                if len(written) == 2:
                    done.set()

            with ThreadPoolExecutor(2) as pool:
                pool.submit(send, "page", url="/journal/log", data={"csrf": csrf, **FORM})
                pool.submit(send, "api", url="/api/v1/records", json=WRITE, headers=API)
                answers: list[Answer] = []
                while len(answers) < GETS or not done.is_set():  # on until both writes answer
                    clock.now += timedelta(minutes=73)  # a new page each time, new plan days too
                    answers.append(_get(client, ("/", "/api/v1/today")[len(answers) % 2]))
            began = time.monotonic()
            logged = subprocess.run(
                [str(BACKBEAT), "log", "knee-rolls", "--pain-during", "3"],
                capture_output=True,
                text=True,
                env={**os.environ, "BACKBEAT_HOME": str(home)},
                timeout=60,
            )
            log_took = time.monotonic() - began
            assert release() == "released when told"  # everything above happened under the lock

        slow = [a for a in answers if a.status != 200 or a.took >= DEADLINE_S]
        assert not slow, f"GETs of Today not answered within {DEADLINE_S} s: {slow}"
        waiting = [a for a in answers if a.ended < min(written.values())]
        assert len(waiting) >= 3, "too few GETs were made while both writes were waiting"

        page, api = writes["page"], writes["api"]
        assert page.status_code == 503 and int(page.headers["retry-after"]) > 0
        assert "text/html" in page.headers["content-type"]
        assert "The journal is busy" in page.text and "try again" in page.text
        assert api.status_code == 503 and int(api.headers["retry-after"]) > 0
        problems = api.json()["problems"]
        assert [p["field"] for p in problems] == ["(journal)"]
        assert "busy" in problems[0]["message"] and "nothing was saved" in problems[0]["message"]

        assert logged.returncode == 1 and logged.stdout == ""
        assert logged.stderr == (
            "backbeat log: the journal is busy with another program's change, so nothing was "
            "saved; try again in a moment.\n"
        )
        assert log_took < WRITE_WAIT_S + 10  # its own wait, and a command's start

        assert _export(home) == before  # nothing stored, nothing lost
        again = client.post("/api/v1/records", json=WRITE, headers=API)
        assert again.status_code == 201, again.text  # the same write goes in now
        assert json.loads(_export(home))["records"][-1]["move"] == "knee-rolls"


def test_answers_made_at_once_in_worker_threads_include_every_write_before_them(
    home: Path, clock: Clock
) -> None:
    write_profile(home)
    app = make_app(home, {}, clock)
    with live(app) as base:

        def person(n: int) -> list[str]:
            missing = []
            with httpx.Client(base_url=base, timeout=30) as client:
                for i in range(8):
                    at = (clock.now - timedelta(minutes=100 * n + i + 1)).replace(second=0)
                    sent = {"at": at.isoformat(timespec="minutes"), "morning_pain": i}
                    assert client.post("/api/v1/records", json=sent, headers=API).status_code == 201
                    for path in ("/api/v1/records", "/"):  # kept pages, read by all at once
                        assert client.get(path).status_code == 200
                    kept = client.get("/api/v1/records").json()
                    if not any(datetime.fromisoformat(r["at"]) == at for r in kept):
                        missing.append(sent["at"])
            return missing

        with ThreadPoolExecutor(4) as pool:
            assert [m for found in pool.map(person, range(4)) for m in found] == []
        with httpx.Client(base_url=base, timeout=30) as client:
            assert len(client.get("/api/v1/records").json()) >= 32
