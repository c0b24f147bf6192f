"""The pieces that differ by platform, where this machine can check them: the macOS notification
script and idle reading, the terminal a Start opens, and pause lengths."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import pytest

from backbeat.remind.deliver import parse_answer, script_command
from backbeat.remind.idle import parse_ioreg
from backbeat.remind.launch import session_argv, window_command
from backbeat.remind.pause import parse_length, pause_end, read_pause, write_pause
from backbeat.remind.rules import Reminder
from tests.remind.test_rules import day_of, slot

CET = timezone(timedelta(hours=1))


def test_the_macos_notification_script_quotes_the_words() -> None:
    desk = slot(day_of(), "10:00")
    tricky = Reminder(desk, desk.at, notice='Say "no" \\ then\nrest')
    osascript, flag, script = script_command("/usr/bin/osascript", tricky)
    assert (osascript, flag) == ("/usr/bin/osascript", "-e")
    assert script.startswith('display notification "Neck tilts, 1 minute Say \\"no\\" \\\\ then')
    assert script.endswith('with title "Desk break" sound name "default"')


def test_macos_idle_time_is_read_from_ioreg() -> None:
    sample = '    | |   "HIDIdleTime" = 4123456789\n    | |   "HIDIdleTimeDelta" = 12\n'
    assert parse_ioreg(sample) == pytest.approx(4.123456789)
    assert parse_ioreg("nothing here") is None


def test_start_opens_the_first_terminal_found_on_the_path(tmp_path: Path) -> None:
    for name in ("konsole", "xterm"):
        fake = tmp_path / name
        fake.write_text("#!/bin/sh\n")
        fake.chmod(0o755)
    argv = session_argv("desk", "/p/profile.toml")
    command = window_command(argv, {"PATH": str(tmp_path)}, "linux")
    assert command == [
        str(tmp_path / "konsole"),
        "-e",
        sys.executable,
        "-m",
        "backbeat",
        "session",
        "--slot",
        "desk",
        "--profile",
        "/p/profile.toml",
    ]
    assert window_command(argv, {}, "linux") is None
    mac = window_command(session_argv("TV time", None), {}, "darwin")
    assert mac is not None and mac[0] == "osascript"
    assert 'do script "' in mac[2] and "--slot 'TV time'" in mac[2]
    windows = window_command(argv, {}, "win32")
    assert windows is not None and windows[:4] == ["cmd", "/c", "start", "backbeat"]


def test_the_session_command_start_opens_is_one_backbeat_knows(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "backbeat", *session_argv("desk", None), "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0 and "--slot MOMENT" in done.stdout


@pytest.mark.parametrize(
    ("text", "length"),
    [
        ("30m", timedelta(minutes=30)),
        ("1h", timedelta(hours=1)),
        ("1 h", timedelta(hours=1)),
        ("1h30m", timedelta(minutes=90)),
        ("2 hours 15 minutes", timedelta(hours=2, minutes=15)),
        ("45 min", timedelta(minutes=45)),
        ("7d", timedelta(days=7)),
        ("Tomorrow", "tomorrow"),
        ("until tomorrow", "tomorrow"),
        ("for 1 hour", timedelta(hours=1)),
        ("off", "off"),
    ],
)
def test_pause_lengths(text: str, length: object) -> None:
    assert parse_length(text) == length


def test_tomorrow_is_the_next_waking_even_after_midnight() -> None:
    wake = time(7)
    evening = datetime(2026, 11, 23, 21, tzinfo=CET)
    assert pause_end("tomorrow", evening, wake, date(2026, 11, 23)) == datetime(
        2026, 11, 24, 7, tzinfo=CET
    )
    small_hours = datetime(2026, 11, 24, 1, tzinfo=CET)  # still the Monday's plan day
    assert pause_end("tomorrow", small_hours, wake, date(2026, 11, 23)) == datetime(
        2026, 11, 24, 7, tzinfo=CET
    )
    assert pause_end("off", evening, wake, date(2026, 11, 23)) is None


def test_the_pause_file_round_trips(tmp_path: Path) -> None:
    until = datetime(2026, 11, 23, 11, 30, tzinfo=CET)
    write_pause(tmp_path, until)
    assert read_pause(tmp_path) == (until, None)
    write_pause(tmp_path, None)
    assert read_pause(tmp_path) == (None, None)
    (tmp_path / "reminders.json").write_text("{not json")
    paused, problem = read_pause(tmp_path)
    assert paused is None and problem is not None and "reminders.json: cannot be read" in problem


@pytest.mark.parametrize(
    ("typed", "event"),
    [
        ("done", "done"),
        ("D", "done"),
        ("sn", "snoozed"),
        ("sk", "skipped"),
        ("st", "started"),
        ("s", None),
        ("", None),
        ("yes", None),
    ],
)
def test_typed_answers(typed: str, event: str | None) -> None:
    assert parse_answer(typed) == event
