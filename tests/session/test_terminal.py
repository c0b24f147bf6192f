"""The terminal face for real: a pseudo-terminal in tmux, keys sent as a person types them."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from backbeat.journal.db import journal_url, open_database
from backbeat.journal.store import Journal
from backbeat.records import MoveRecord, SessionRecord
from backbeat.session.terminal import big, clock_text
from tests.conftest import need

BACKBEAT = Path(sys.executable).parent / "backbeat"


class Pane:
    def __init__(self, tmux: str, name: str) -> None:
        self.tmux, self.name = tmux, name

    def screen(self) -> str:
        done = subprocess.run(
            [self.tmux, "capture-pane", "-p", "-t", self.name],
            capture_output=True,
            text=True,
            check=False,
        )
        return done.stdout

    def text(self) -> str:
        """The screen as running text: box edges dropped, wrapped lines joined."""
        return " ".join(re.sub(r"[│╭╮╰╯─]", " ", self.screen()).split())

    def wait_for(self, text: str, timeout: float = 20.0) -> str:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if text in (screen := self.text()):
                return screen
            time.sleep(0.05)
        raise AssertionError(f"{text!r} never appeared; the screen was:\n{self.screen()}")

    def wait_gone(self, text: str, timeout: float = 10.0) -> str:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if text not in (screen := self.text()):
                return screen
            time.sleep(0.05)
        raise AssertionError(f"{text!r} never went away:\n{self.screen()}")

    def send(self, *keys: str) -> None:
        subprocess.run([self.tmux, "send-keys", "-t", self.name, *keys], check=True)


@pytest.fixture
def pane(home: Path) -> Iterator[Pane]:
    tmux = need("tmux")
    name = f"backbeat-test-{uuid.uuid4().hex[:8]}"
    command = (
        f"BACKBEAT_HOME={home} {BACKBEAT} session pelvic-tilt knee-rolls --speed 4; "
        "echo EXIT=$?; sleep 120"
    )
    subprocess.run(
        [tmux, "-L", name, "new-session", "-d", "-s", name, "-x", "100", "-y", "34", command],
        check=True,
    )
    yield _SocketPane(tmux, name)
    subprocess.run([tmux, "-L", name, "kill-server"], check=False, capture_output=True)


class _SocketPane(Pane):
    """A pane on its own tmux server, so tests never touch a person's tmux."""

    def screen(self) -> str:
        done = subprocess.run(
            [self.tmux, "-L", self.name, "capture-pane", "-p", "-t", self.name],
            capture_output=True,
            text=True,
            check=False,
        )
        return done.stdout

    def send(self, *keys: str) -> None:
        subprocess.run(
            [self.tmux, "-L", self.name, "send-keys", "-t", self.name, *keys], check=True
        )


def session_clock(screen: str) -> str:
    found = re.search(r"(\d+:\d\d) / \d+:\d\d", screen)
    assert found, screen
    return found.group(1)


def test_pause_this_hurts_skip_and_check_in(pane: Pane, home: Path) -> None:
    timeline = json.loads(
        subprocess.run(  # the same session as the pane's, not played, to know its shape
            [str(BACKBEAT), "session", "pelvic-tilt", "--dry-run", "--json"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    reps = max(e["rep"] or 0 for e in timeline["events"])

    screen = pane.wait_for("Pelvic tilt")
    assert "space pause" in screen and "h this hurts" in screen
    pane.wait_for(f"Pelvic tilt · 1 of {reps}")

    pane.send("Space")
    screen = pane.wait_for("Paused")
    held = session_clock(screen)
    time.sleep(1.0)
    assert session_clock(pane.text()) == held, "the session clock ran on while paused"
    pane.send("Space")
    pane.wait_gone("Paused")

    pane.send("h")
    screen = pane.wait_for("Stopped Pelvic tilt")
    assert "Pelvic rocking" in screen
    pane.send("e")
    pane.wait_for("Instead, Pelvic rocking")

    pane.send("s")
    pane.wait_for("Last one, Knee rolls")
    pane.send("s")
    screen = pane.wait_for("How much did your back hurt")
    assert "You moved through 1 movement." in screen
    assert "Skipped: pelvic-rocking and knee-rolls" in screen
    assert "Stopped because it hurt: pelvic-tilt" in screen

    pane.send("4", "Enter")
    pane.wait_for("How is your back now")
    pane.send("3", "Enter")
    pane.wait_for("sharp, shooting")
    pane.send("n", "Enter")
    pane.wait_for("How hard")
    pane.send("hard", "Enter")
    screen = pane.wait_for("EXIT=0")
    assert "Saved 1 check-in record" in screen and "gentler version" in screen

    record, held = Journal(open_database(journal_url({}, home))).records()
    assert isinstance(record, MoveRecord) and isinstance(held, SessionRecord)
    assert record.pain_during == 4 and record.pain_after == 3
    assert held.stopped == ["pelvic-tilt"] and held.skipped == ["pelvic-rocking", "knee-rolls"]
    assert "pelvic-rocking" in held.session and held.at < held.ended
    assert (record.move, record.hurt, record.pain_during, record.difficulty) == (
        "pelvic-tilt",
        True,
        4,
        "hard",
    )


def test_big_digits_and_clock() -> None:
    assert big("1").splitlines()[1] == "████  "
    assert len(big("10").splitlines()) == 5
    assert clock_text(61) == "1:01" and clock_text(0.2) == "0:01" and clock_text(0) == "0:00"
