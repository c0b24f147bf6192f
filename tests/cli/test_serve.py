"""`backbeat serve` as a person runs it: a real process, a real port, Ctrl-C to stop."""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.test_plan import write_profile

SCRIPT = Path(sys.executable).parent / "backbeat"


def _start(home: Path, *argv: str) -> tuple[subprocess.Popen[str], str]:
    """Start ``backbeat serve`` and wait for the line with its address."""
    env = {**os.environ, "BACKBEAT_HOME": str(home)}
    env.pop("DISPLAY", None)
    process = subprocess.Popen(
        [str(SCRIPT), "serve", "--no-browser", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    first = process.stdout.readline()
    found = re.search(r"(http://\S+/)", first)
    assert found, first + (process.stderr.read() if process.stderr else "")
    return process, first


def _get(url: str, host: str | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture
def served(home: Path) -> Iterator[tuple[subprocess.Popen[str], str]]:
    write_profile(home)
    process, line = _start(home, "--port", "0")
    yield process, line
    if process.poll() is None:
        process.kill()
        process.wait()


def test_serve_answers_on_loopback_and_stops_cleanly_on_ctrl_c(
    served: tuple[subprocess.Popen[str], str],
) -> None:
    process, line = served
    url = re.search(r"(http://127\.0\.0\.1:\d+/)", line)
    assert url is not None, line
    status, page = _get(url.group(1))
    assert status == 200 and "<h1>Today" in page
    status, _ = _get(url.group(1), host="evil.example")
    assert status == 400
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=20)
    assert process.returncode == 0, err
    assert "backbeat stopped." in out


def test_serve_stops_cleanly_when_terminated(served: tuple[subprocess.Popen[str], str]) -> None:
    process, _ = served
    process.terminate()
    process.communicate(timeout=20)
    assert process.returncode == 0


def test_a_port_in_use_is_said_plainly(home: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [str(SCRIPT), "serve", "--no-browser", "--port", str(port)],
            capture_output=True,
            text=True,
            env={**os.environ, "BACKBEAT_HOME": str(home)},
            timeout=60,
        )
    assert done.returncode == 1
    assert f"cannot listen on 127.0.0.1 port {port}" in done.stderr
    assert "Try another --port" in done.stderr


def test_a_port_out_of_range_is_a_usage_error(home: Path) -> None:
    done = subprocess.run(
        [str(SCRIPT), "serve", "--port", "70000"],
        capture_output=True,
        text=True,
        env={**os.environ, "BACKBEAT_HOME": str(home)},
        timeout=60,
    )
    assert done.returncode == 2 and "'70000' is not a port (allowed: 0 to 65535)" in done.stderr


def test_beyond_loopback_a_login_token_is_printed_and_needed(home: Path) -> None:
    process, _ = _start(home, "--host", "0.0.0.0", "--port", "0")
    try:
        assert process.stdout is not None
        login = process.stdout.readline()
        found = re.search(r"Open http://\S+:(\d+)/\?token=(\S+) to log in", login)
        assert found, login
        port, token = int(found.group(1)), found.group(2)
        assert _raw(port, "/safety")[0] == 401
        assert _raw(port, f"/safety?token={token}x")[0] == 401
        status, headers = _raw(port, f"/safety?token={token}")
        assert status == 303 and headers["location"] == "/safety"
        cookie = headers["set-cookie"].split(";")[0]
        assert _raw(port, "/safety", cookie=cookie)[0] == 200
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=20)
    assert process.returncode == 0


def _raw(port: int, path: str, cookie: str | None = None) -> tuple[int, dict[str, str]]:
    """One request, redirects not followed, as another machine on the network would send it."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Host": f"backbeat-host.example:{port}", **({"Cookie": cookie} if cookie else {})}
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}
