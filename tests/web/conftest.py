"""The web app under test: requests in-process through Starlette's client, against an isolated
BACKBEAT_HOME and a clock the test sets."""

from __future__ import annotations

import html
import io
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.exceptions import StarletteDeprecationWarning

with warnings.catch_warnings():  # Starlette would rather have httpx2; the lock holds httpx
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from starlette.testclient import TestClient

from backbeat.context import Env, open_catalogue, open_journal
from backbeat.web.app import create_app
from backbeat.web.guard import CSRF_FIELD

MONDAY_10_40 = datetime(2026, 11, 23, 10, 40, tzinfo=timezone(timedelta(hours=1)))


class Clock:
    """The app's clock; a test moves it."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Web:
    client: TestClient
    home: Path
    clock: Clock
    csrf: str

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.client.get(path, **kwargs)

    def read(self, path: str) -> str:
        """The page's text as a person reads it (entities such as ``&#39;`` turned back)."""
        return html.unescape(self.client.get(path).text)

    def post(self, path: str, data: dict[str, Any] | None = None) -> httpx.Response:
        """A form sent as the page would send it, with the CSRF token."""
        return self.client.post(path, data={CSRF_FIELD: self.csrf, **(data or {})})


def make_app(home: Path, environ: dict[str, str], clock: Clock, **options: Any) -> Any:
    env = Env(io.StringIO(), io.StringIO(), io.StringIO(), {"BACKBEAT_HOME": str(home), **environ})
    env = Env(env.stdout, env.stderr, env.stdin, env.environ, clock)
    catalogue = open_catalogue(env)
    journal = open_journal(env)
    assert catalogue is not None and journal is not None
    return create_app(env, catalogue, journal, **options)


@pytest.fixture
def clock() -> Clock:
    return Clock(MONDAY_10_40)


@pytest.fixture
def web(home: Path, journal_environ: dict[str, str], clock: Clock) -> Iterator[Web]:
    app = make_app(home, journal_environ, clock)
    with TestClient(app, base_url="http://127.0.0.1:8765", follow_redirects=False) as client:
        yield Web(client, home, clock, app.state.site.csrf)


@dataclass
class Served:
    """The app on a real loopback port, for a real browser."""

    base: str
    home: Path
    clock: Clock


@pytest.fixture
def served(home: Path, journal_environ: dict[str, str], clock: Clock) -> Iterator[Served]:
    import socket
    import threading
    import time

    import uvicorn

    app = make_app(home, journal_environ, clock)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started, "the app did not start"
    yield Served(f"http://127.0.0.1:{listener.getsockname()[1]}", home, clock)
    server.should_exit = True
    thread.join(timeout=10)
    listener.close()


@contextmanager
def live(app: Any) -> Iterator[str]:
    """``app`` served by uvicorn in a thread on a free loopback port, which uvicorn binds
    itself (so its sockets are set up as in ``backbeat serve``); gives its address."""
    import threading
    import time

    import uvicorn

    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.01)  # polls for the start; no fixed wait
    assert server.started, "the app did not start"
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
