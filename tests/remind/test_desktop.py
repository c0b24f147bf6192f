"""The real delivery path: `backbeat remind` as its own process on a real D-Bus session bus
(`dbus-run-session`), with a notification server that records what arrives and clicks for the
person, and GNOME's idle monitor on the same bus; and the X11 idle probe against a real X server.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from backbeat.remind.idle import X11Idle, find_probe
from tests.conftest import REPO, Result, need
from tests.remind.desktop import Desktop
from tests.remind.profiles import desk_break_now, tea_now

Cli = Callable[..., Result]
ACTIONS = {"start": "Start", "snooze": "Snooze", "skip": "Skip", "done": "Done"}


@contextmanager
def session_bus(*child: str) -> Iterator[str]:
    """A D-Bus session bus from ``dbus-run-session``, for as long as ``child`` runs; the child
    prints the bus address first and ends when its standard input closes."""
    run = subprocess.Popen(
        [need("dbus-run-session"), "--", *child],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert run.stdout is not None and run.stdin is not None
    address = run.stdout.readline().strip()
    try:
        assert address.startswith("unix:"), "the session bus did not start"
        yield address
    finally:
        run.stdin.close()
        run.wait(timeout=20)


@pytest.fixture
def desktop() -> Iterator[Desktop]:
    with session_bus(sys.executable, "-m", "tests.remind.desktop") as address:
        yield Desktop(address)


def start(home: Path, desktop: Desktop, *argv: str, path: str = "") -> subprocess.Popen[str]:
    """`backbeat remind` as its own process in that desktop session."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env |= {"BACKBEAT_HOME": str(home), "DBUS_SESSION_BUS_ADDRESS": desktop.address}
    env["PATH"] = f"{path}{os.pathsep}{env['PATH']}" if path else env["PATH"]
    script = Path(sys.executable).parent / "backbeat"
    return subprocess.Popen(
        [str(script), "remind", *argv],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def arrived(desktop: Desktop, count: int = 1, within: float = 30) -> list[dict[str, Any]]:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        found = desktop.received()
        if len(found) >= count:
            return found
        time.sleep(0.1)
    raise AssertionError(f"no notification arrived in {within} s")


def answers(cli: Cli) -> list[tuple[str, str]]:
    records = json.loads(cli("history", "--json").out)
    # A slot id is its date, its moment and, for a moment that comes more than once, its time.
    moment = re.compile(r"^[0-9-]+/(.*?)(-[0-9]{4})?$")
    return [(r["reminder"], moment.sub(r"\1", r["slot"])) for r in records[::-1] if "reminder" in r]


def test_a_reminder_arrives_with_its_text_and_actions_and_done_is_recorded(
    cli: Cli, home: Path, desktop: Desktop
) -> None:
    tea_now(home)
    expected = next(
        r for r in json.loads(cli("remind", "--dry-run", "--json").out) if r["slot"] == "tea"
    )
    process = start(home, desktop, "--once")
    (shown,) = arrived(desktop)
    assert shown["app"] == "backbeat" and shown["summary"] == "tea"
    assert shown["body"] == expected["text"]
    assert {k: v for k, v in shown["actions"].items() if k != "default"} == ACTIONS
    desktop.click(shown["id"], "done")
    _out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert "no desktop notifications" not in err and "this system does not tell" not in err
    assert f"reminded: tea: {expected['text']}" in err and "done: tea" in err
    assert answers(cli) == [("sent", "tea"), ("done", "tea")]


def test_closing_a_reminder_is_recorded_as_dismissed(
    cli: Cli, home: Path, desktop: Desktop
) -> None:
    tea_now(home)
    process = start(home, desktop, "--once")
    (shown,) = arrived(desktop)
    desktop.dismiss(shown["id"])
    process.communicate(timeout=30)
    assert process.returncode == 0
    assert answers(cli) == [("sent", "tea"), ("dismissed", "tea")]


def test_start_opens_a_terminal_that_plays_the_slot(
    cli: Cli, home: Path, desktop: Desktop, tmp_path: Path
) -> None:
    tea_now(home)
    bin_, said = tmp_path / "bin", tmp_path / "terminal-args"
    bin_.mkdir()
    fake = bin_ / "x-terminal-emulator"  # stands in for the person's terminal program
    fake.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{said}"\n')
    fake.chmod(0o755)
    process = start(home, desktop, "--once", path=str(bin_))
    (shown,) = arrived(desktop)
    desktop.click(shown["id"], "start")
    process.communicate(timeout=30)
    assert process.returncode == 0
    assert answers(cli) == [("sent", "tea"), ("started", "tea")]
    deadline = time.monotonic() + 10
    while not said.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    argv = said.read_text().splitlines()
    assert (
        argv[0] == "-e"
        and argv[-4:-1] == ["backbeat", "session", "--slot"]
        and argv[-1].endswith("/tea")
    )
    played = subprocess.run(
        [*argv[1:], "--dry-run", "--json"],
        capture_output=True,
        text=True,
        env={**os.environ, "BACKBEAT_HOME": str(home)},
        timeout=60,
    )
    assert played.returncode == 0, played.stderr
    moves = {e["move"] for e in json.loads(played.stdout)["events"]} - {None}
    slots = json.loads(cli("plan", "--json").out)["days"][0]["slots"]
    assert moves == {i["move"] for s in slots if s["moment"] == "tea" for i in s["items"]}


def test_away_from_the_computer_no_desk_reminder_comes(
    cli: Cli, home: Path, desktop: Desktop
) -> None:
    desk_break_now(home)
    desktop.set_idle(40 * 60)  # GNOME's idle monitor says: away for 40 minutes
    away = start(home, desktop, "--once")
    out, err = away.communicate(timeout=30)
    assert away.returncode == 0 and "Nothing is due now." in out, err
    assert desktop.received() == [] and answers(cli) == []
    desktop.set_idle(3)
    back = start(home, desktop, "--once")
    (shown,) = arrived(desktop)
    assert shown["summary"] == "Desk break"
    desktop.click(shown["id"], "skip")
    back.communicate(timeout=30)
    assert answers(cli) == [("sent", "desk"), ("skipped", "desk")]


def test_the_daemon_keeps_running_until_told_to_stop(
    cli: Cli, home: Path, desktop: Desktop
) -> None:
    tea_now(home)
    process = start(home, desktop)
    (shown,) = arrived(desktop)
    desktop.click(shown["id"], "snooze")
    deadline = time.monotonic() + 20
    while ("snoozed", "tea") not in answers(cli) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert process.poll() is None  # a snooze is not an end
    process.send_signal(signal.SIGTERM)
    _out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert "desktop notifications, noticing breaks through Mutter IdleMonitor" in err
    assert answers(cli) == [("sent", "tea"), ("snoozed", "tea")]


def test_a_bus_without_a_notification_server_falls_back_to_the_terminal(
    cli: Cli, home: Path
) -> None:
    tea_now(home)
    with session_bus("sh", "-c", 'echo "$DBUS_SESSION_BUS_ADDRESS"; exec cat') as address:
        env = {**os.environ, "BACKBEAT_HOME": str(home), "DBUS_SESSION_BUS_ADDRESS": address}
        env.pop("DISPLAY", None)
        script = Path(sys.executable).parent / "backbeat"
        ran = subprocess.run(
            [str(script), "remind", "--once"],
            input="done\n",
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
    assert ran.returncode == 0
    assert "no notification service answered" in ran.stderr
    assert "no idle monitor on the session bus" in ran.stderr
    assert "\atea" not in ran.stdout and "  tea: " in ran.stdout
    assert answers(cli) == [("sent", "tea"), ("done", "tea")]


def test_the_x11_idle_probe_reads_a_real_x_server() -> None:
    xvfb, xdotool = need("Xvfb"), need("xdotool")
    server = subprocess.Popen(
        [xvfb, "-displayfd", "1", "-nolisten", "tcp"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert server.stdout is not None
    display = f":{server.stdout.readline().strip()}"
    try:

        async def look() -> tuple[float | None, float | None, float | None, str]:
            probe, why = await find_probe({"DISPLAY": display}, "linux")
            assert isinstance(probe, X11Idle), why
            first = await probe.idle()
            await asyncio.sleep(1.0)
            later = await probe.idle()
            subprocess.run([xdotool, "mousemove", "5", "5"], env={"DISPLAY": display}, check=True)
            moved = await probe.idle()
            await probe.close()
            return first, later, moved, probe.name

        first, later, moved, name = asyncio.run(look())
    finally:
        server.terminate()
        server.wait(timeout=20)
    assert name == "XScreenSaver"
    assert first is not None and later is not None and moved is not None
    assert later >= first + 0.9 and moved < 0.5


def test_where_nothing_tells_idle_time_it_says_why() -> None:
    probe, why = asyncio.run(find_probe({"WAYLAND_DISPLAY": "wayland-0"}, "linux"))
    assert probe is None
    assert "no D-Bus session bus" in why and "ext-idle-notify" in why
