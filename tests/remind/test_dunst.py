"""Reminders against a real notification server, dunst, under Xvfb and a private session bus:
a click on the body starts the slot, every answer closes the notification, a paused dunst
holds the reminder until one catches up after the pause, and so does a busy event in the
person's calendar."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import Result
from tests.remind.dunst import Dunst, dunst, wait_for
from tests.remind.profiles import tea_now
from tests.remind.test_desktop import answers

Cli = Callable[..., Result]


@pytest.fixture
def desktop(tmp_path: Path) -> Iterator[Dunst]:
    with dunst(tmp_path / "dunst") as found:
        yield found


def once(home: Path, desktop: Dunst, path: str = "") -> subprocess.Popen[str]:
    """`backbeat remind --once` as its own process in that desktop session."""
    env = {k: v for k, v in os.environ.items() if k != "WAYLAND_DISPLAY"}
    env |= {"BACKBEAT_HOME": str(home), **desktop.environ}
    env["PATH"] = f"{path}{os.pathsep}{env['PATH']}" if path else env["PATH"]
    script = Path(sys.executable).parent / "backbeat"
    return subprocess.Popen(
        [str(script), "remind", "--once"],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_click_on_the_body_starts_the_slot_records_it_and_closes_it(
    cli: Cli, home: Path, desktop: Dunst, tmp_path: Path
) -> None:
    tea_now(home)
    bin_, said = tmp_path / "bin", tmp_path / "terminal-args"
    bin_.mkdir()
    fake = bin_ / "x-terminal-emulator"  # stands in for the person's terminal program
    fake.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{said}"\n')
    fake.chmod(0o755)
    process = once(home, desktop, str(bin_))
    wait_for(lambda: desktop.displayed() == 1, "the reminder on screen")
    desktop.click_body()
    _out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert answers(cli) == [("sent", "tea"), ("started", "tea")]
    wait_for(lambda: desktop.displayed() == 0, "the notification closed after Start")
    words = wait_for(lambda: said.exists() and said.read_text().split(), "the terminal opened")
    assert words[-3:-1] == ["session", "--slot"] and words[-1].endswith("tea")


def test_done_is_recorded_and_closes_the_notification(cli: Cli, home: Path, desktop: Dunst) -> None:
    tea_now(home)
    process = once(home, desktop)
    wait_for(lambda: desktop.displayed() == 1, "the reminder on screen")
    desktop.choose("Done")
    _out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert answers(cli) == [("sent", "tea"), ("done", "tea")]
    wait_for(lambda: desktop.displayed() == 0, "the notification closed after Done")


def test_a_paused_dunst_holds_the_reminder_and_one_catches_up_after(
    cli: Cli, home: Path, desktop: Dunst
) -> None:
    tea_now(home)
    desktop.set_paused(True)
    for _ in range(2):  # held once, and recorded once however often the daemon looks
        process = once(home, desktop)
        out, err = process.communicate(timeout=60)
        assert process.returncode == 0, err
        assert "Nothing is due now" in out, err
    assert desktop.ctl("count", "waiting") == "0" and desktop.displayed() == 0
    assert answers(cli) == [("held-dnd", "tea")]
    planned = json.loads(
        subprocess.run(
            [str(Path(sys.executable).parent / "backbeat"), "remind", "--dry-run", "--json"],
            env={**os.environ, "BACKBEAT_HOME": str(home), **desktop.environ},
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        ).stdout
    )
    (tea,) = [r for r in planned if r["slot"] == "tea"]
    assert tea["held"]["why"] == "do not disturb is on: dunst is paused"
    desktop.set_paused(False)
    process = once(home, desktop)
    wait_for(lambda: desktop.displayed() == 1, "the catch-up on screen")
    desktop.choose("Done")
    _out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert answers(cli) == [("held-dnd", "tea"), ("sent", "tea"), ("done", "tea")]
    assert int(desktop.ctl("count", "history")) + desktop.displayed() == 1  # one, not a pile


def test_a_busy_event_in_the_calendar_holds_the_reminder(
    cli: Cli, home: Path, desktop: Dunst
) -> None:
    tea_now(home)
    now = datetime.now().astimezone()
    start, end = now - timedelta(minutes=20), now + timedelta(minutes=40)
    (home / "busy.ics").write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\n"
        "UID:planning@test\r\nDTSTAMP:20260101T000000Z\r\n"
        f"DTSTART:{start.astimezone().strftime('%Y%m%dT%H%M%S')}\r\n"
        f"DTEND:{end.astimezone().strftime('%Y%m%dT%H%M%S')}\r\n"
        "SUMMARY:Planning meeting\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    profile = home / "profile.toml"
    profile.write_text(profile.read_text().replace("[prefs]\n", '[prefs]\nbusy = "busy.ics"\n'))
    process = once(home, desktop)
    _out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert "waiting (a busy event in your calendar: Planning meeting)" in err
    assert desktop.displayed() == 0
    assert answers(cli) == [("held-busy", "tea")]
