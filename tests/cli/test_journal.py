"""`backbeat log`, `checkin` and `history` through the command line, and the journal taking in
history written before it existed."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tests.conftest import Result
from tests.history import kept_records

Cli = Callable[..., Result]
NOW = datetime(2026, 11, 23, 8, 30, tzinfo=timezone(timedelta(hours=1)))


@pytest.fixture
def journal_environ(on_every_database: dict[str, str]) -> dict[str, str]:
    return on_every_database


def test_log_checkin_and_history_round_trip(cli: Cli) -> None:
    assert (
        cli(
            "log",
            "knee-rolls",
            "--pain-during",
            "2",
            "--pain-after",
            "1",
            "--difficulty",
            "ok",
            at=NOW,
        ).status
        == 0
    )
    assert (
        cli("checkin", "--pain", "3", "--stiffness", "5", "--at", "2026-11-23T07:00", at=NOW).status
        == 0
    )
    listed = kept_records(cli("history", "--json").out)
    assert listed == [
        {
            "at": "2026-11-23T08:30:00+01:00",
            "move": "knee-rolls",
            "pain_during": 2,
            "pain_after": 1,
            "sharp": False,
            "difficulty": "ok",
            "hurt": False,
        },
        {"at": "2026-11-23T07:00:00+01:00", "morning_pain": 3, "stiffness": 5},
    ]
    text = cli("history").out
    assert "Knee rolls, pain 2/10 during, 1/10 after, ok" in text and "morning: pain 3/10" in text


def test_the_same_check_in_twice_is_kept_once(cli: Cli) -> None:
    argv = ("checkin", "--pain", "3", "--at", "2026-11-23T07:00+01:00")
    assert cli(*argv).out == "Saved.\n"
    assert cli(*argv).out == "Already in your journal.\n"
    assert len(kept_records(cli("history", "--json").out)) == 1


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (("log", "knee-rolls", "--pain-during", "11"), ["--pain-during", "'11'", "0 to 10"]),
        (("log", "knee-rolls"), ["--pain-during is missing"]),
        (("log", "knee-rols", "--pain-during", "2"), ["unknown movement", "knee-rolls"]),
        (("log", "knee-rolls", "--pain-during", "2", "--at", "yesterday"), ["--at", "ISO 8601"]),
        (("checkin", "--pain", "-1"), ["--pain", "'-1'", "0 to 10"]),
        (("checkin", "--pain", "3", "--stiffness", "x"), ["--stiffness", "'x'"]),
    ],
)
def test_bad_values_exit_1_and_store_nothing(
    cli: Cli, argv: tuple[str, ...], words: list[str]
) -> None:
    result = cli(*argv)
    assert result.status == 1
    for word in words:
        assert word in result.err
    assert kept_records(cli("history", "--json").out) == []


def test_history_since_keeps_the_newer_days(cli: Cli) -> None:
    for day in (20, 21, 22):
        cli("checkin", "--pain", "2", "--at", f"2026-11-{day}T07:00", at=NOW)
    listed = json.loads(cli("history", "--since", "2026-11-21", "--json", at=NOW).out)
    assert [r["at"][:10] for r in listed] == ["2026-11-22", "2026-11-21"]


def test_history_written_before_the_journal_is_taken_in_and_kept(cli: Cli, home: Path) -> None:
    legacy = home / "history.jsonl"
    legacy.write_text(
        '{"at": "2026-11-20T08:00:00+01:00", "morning_pain": 4}\n'
        '{"at": "2026-11-20T09:00:00+01:00", "move": "pelvic-tilt", "pain_during": 1}\n'
    )
    listed = kept_records(cli("history", "--json").out)
    assert [r.get("move", "morning") for r in listed] == ["pelvic-tilt", "morning"]
    assert not legacy.exists() and (home / "history.jsonl.imported").exists()
    assert len(kept_records(cli("history", "--json").out)) == 2


def test_a_broken_legacy_file_is_named_and_left_alone(cli: Cli, home: Path) -> None:
    legacy = home / "history.jsonl"
    legacy.write_text('{"at": "2026-11-20T08:00:00", "morning_pain": 14}\n')
    result = cli("history", "--json")
    assert "history.jsonl: line 1: morning_pain" in result.err and legacy.exists()


def test_the_plan_reads_the_journal(cli: Cli, home: Path) -> None:
    from tests.cli.test_plan import write_profile

    write_profile(home)
    for day in range(2, 5):
        cli("log", "knee-rolls", "--pain-during", "7", "--at", f"2026-11-0{day}T08:00", at=NOW)
    result = cli("plan", "--start", "2026-11-09", "--explain", at=NOW)
    assert result.status == 0 and "knee-rolls: easier" in result.out
