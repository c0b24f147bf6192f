"""Reminders in a real terminal (tmux) where there is no desktop: the bell line, then Start plays
the slot right there with the session player, which reads the keyboard as usual."""

from __future__ import annotations

import json
import subprocess
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import Result, need
from tests.remind.profiles import tea_now
from tests.session.test_terminal import BACKBEAT, _SocketPane

Cli = Callable[..., Result]


@pytest.fixture
def terminal(home: Path) -> Iterator[_SocketPane]:
    tmux = need("tmux")
    name = f"backbeat-remind-{uuid.uuid4().hex[:8]}"
    tea_now(home)
    command = (
        f"env -u DBUS_SESSION_BUS_ADDRESS -u DISPLAY -u WAYLAND_DISPLAY BACKBEAT_HOME={home} "
        f"{BACKBEAT} remind --once; echo EXIT=$?; sleep 120"
    )
    subprocess.run(
        [tmux, "-L", name, "new-session", "-d", "-s", name, "-x", "100", "-y", "34", command],
        check=True,
    )
    yield _SocketPane(tmux, name)
    subprocess.run([tmux, "-L", name, "kill-server"], check=False, capture_output=True)


def test_start_plays_the_slot_in_this_terminal(terminal: _SocketPane, cli: Cli, home: Path) -> None:
    timeline = json.loads(cli("session", "--slot", "tea", "--dry-run", "--json").out)
    terminal.wait_for("tea: ")
    terminal.wait_for("[start, snooze, skip or done]")
    terminal.send("start", "Enter")
    terminal.wait_for(timeline["events"][0]["text"])  # the player's intro, on this screen
    terminal.send("q")
    terminal.wait_for("EXIT=0")
    records = json.loads(cli("history", "--json").out)
    assert [
        (r["reminder"], r["slot"].partition("/")[2]) for r in records[::-1] if "reminder" in r
    ] == [
        ("sent", "tea"),
        ("started", "tea"),
    ]
