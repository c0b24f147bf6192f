"""`backbeat remind` and `backbeat remind pause` through the command line, with the clock set:
where there is no desktop (as here, in-process), reminders come to the terminal and are answered
by typing, and every answer lands in the journal."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from backbeat.plan.profile import Prefs, Profile
from backbeat.plan.profile_toml import profile_toml
from backbeat.remind import messages
from tests.cli.test_plan import DESK, write_profile
from tests.conftest import Result
from tests.plan.strategies import CATALOGUE

Cli = Callable[..., Result]
CET = timezone(timedelta(hours=1))
MONDAY = "2026-11-23"


def at(hour: int, minute: int = 0, day: int = 23) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=CET)


@pytest.fixture
def journal_environ(on_every_database: dict[str, str]) -> dict[str, str]:
    return on_every_database


@pytest.fixture
def worker(home: Path) -> Path:
    return write_profile(home, DESK.replace("walk = true", "walk = false"))


def reminders(cli: Cli) -> list[dict[str, object]]:
    result = cli("history", "--json", at=at(23))
    assert result.status == 0, result.err
    return [r for r in json.loads(result.out) if "reminder" in r][::-1]


def dry(cli: Cli, *argv: str) -> list[dict[str, object]]:
    result = cli("remind", "--dry-run", "--json", "--date", MONDAY, *argv, at=at(8))
    assert result.status == 0, result.err
    found: list[dict[str, object]] = json.loads(result.out)
    return found


def test_dry_run_json_lists_the_days_slots_in_time_order(cli: Cli, worker: Path) -> None:
    listed = dry(cli)
    plan = json.loads(cli("plan", "--json", "--start", MONDAY, at=at(8)).out)
    slots = plan["days"][0]["slots"]
    keys = {"time", "slot", "id", "text", "moves", "held"}
    assert [set(r) for r in listed] == [keys] * len(slots)
    assert [r["time"] for r in listed] == [s["time"] for s in slots]
    assert [r["time"] for r in listed] == sorted(str(r["time"]) for r in listed)
    assert [r["slot"] for r in listed] == [s["moment"] for s in slots]
    assert [r["id"] for r in listed] == [s["id"] for s in slots]  # the plan's, at 08:00 as at 10:00
    assert [r["moves"] for r in listed] == [[i["move"] for i in s["items"]] for s in slots]
    for reminder in listed:
        assert isinstance(reminder["text"], str) and "\n" not in reminder["text"]
        moves = reminder["moves"]
        assert isinstance(moves, list)
        assert reminder["text"].startswith(CATALOGUE.movements[moves[0]].name)
        assert reminder["text"].rsplit(", ", 1)[1].split()[1] in {"seconds", "minute", "minutes"}


def test_dry_run_as_text_and_its_quiet_hours(cli: Cli, home: Path) -> None:
    write_profile(home, DESK.replace("[prefs]", '[prefs]\nquiet = ["12:00-14:00"]'))
    result = cli("remind", "--dry-run", "--date", MONDAY, at=at(8))
    assert result.status == 0, result.err
    assert "Reminders for Monday 23 November 2026" in result.out
    assert "  07:00  On waking: " in result.out and "Quiet hours: 12:00-14:00." in result.out
    times = [line.split()[0] for line in result.out.splitlines() if line.startswith("  ")]
    assert times and not [t for t in times if "12:00" <= t < "14:00"]


def test_a_car_slot_is_reminded_for_the_next_stop(cli: Cli, home: Path) -> None:
    write_profile(home, DESK.replace('place = "desk"', 'place = "car"'))
    cars = [r for r in dry(cli) if r["slot"] == "car"]
    assert cars and all(
        str(r["text"]).startswith("Once you have parked, with the engine off: ") for r in cars
    )


def test_remind_needs_a_profile_and_refers_when_the_screen_says_so(cli: Cli, home: Path) -> None:
    missing = cli("remind", "--dry-run", at=at(8))
    assert missing.status == 2 and "backbeat init" in missing.err
    write_profile(home, DESK.replace("bladder_bowel = false", "bladder_bowel = true"))
    for argv in (("--dry-run",), ("--once",)):
        referred = cli("remind", *argv, at=at(10))
        assert referred.status == 3 and "No reminders were set." in referred.out


def test_flags_that_go_with_dry_run_alone_are_usage_errors(cli: Cli, worker: Path) -> None:
    assert cli("remind", "--json", at=at(8)).status == 2
    assert cli("remind", "--dry-run", "--once", at=at(8)).status == 2
    bad = cli("remind", "--dry-run", "--date", "23/11/2026", at=at(8))
    assert bad.status == 2 and "YYYY-MM-DD" in bad.err


def test_once_rings_a_line_in_the_terminal_and_done_is_recorded(cli: Cli, worker: Path) -> None:
    result = cli("remind", "--once", stdin="done\n", at=at(10))
    assert result.status == 0, result.err
    assert "no desktop notifications here" in result.err
    (line,) = [line for line in result.out.splitlines() if "Desk break" in line]
    assert line.startswith("\a10:00  Desk break: ") and line.endswith(messages.TERMINAL_PROMPT)
    assert [(r["reminder"], r["slot"], r["due"]) for r in reminders(cli)] == [
        ("sent", "2026-11-23/desk-1000", "2026-11-23T10:00:00+01:00"),
        ("done", "2026-11-23/desk-1000", "2026-11-23T10:00:00+01:00"),
    ]
    again = cli("remind", "--once", at=at(10, 15))
    assert "\a" not in again.out and "Nothing is due now. Next: 10:30 Desk break." in again.out


def test_snooze_comes_back_after_ten_minutes(cli: Cli, worker: Path) -> None:
    cli("remind", "--once", stdin="sn\n", at=at(10))
    assert (
        "Nothing is due now. Next: 10:10 Desk break, as you asked."
        in cli("remind", "--once", at=at(10, 5)).out
    )
    back = cli("remind", "--once", stdin="skip\n", at=at(10, 10))
    assert "\a10:10  Desk break, as you asked: " in back.out
    assert [r["reminder"] for r in reminders(cli)] == ["sent", "snoozed", "sent", "skipped"]


def test_an_unanswered_reminder_is_repeated_once(cli: Cli, worker: Path) -> None:
    assert "Desk break" in cli("remind", "--once", at=at(10, 30)).out
    assert "in case you missed it" in cli("remind", "--once", at=at(10, 45)).out
    last = cli("remind", "--once", at=at(10, 55))
    assert "\a" not in last.out and "Next: 11:00 Desk break." in last.out


def test_an_unclear_answer_is_named_and_the_next_one_counts(cli: Cli, worker: Path) -> None:
    result = cli("remind", "--once", stdin="s\nlater\nsk\n", at=at(10))
    assert "'s' is not an answer here (allowed: start, snooze, skip or done)" in result.out
    assert "'later' is not an answer here" in result.out
    assert [r["reminder"] for r in reminders(cli)] == ["sent", "skipped"]


def test_start_records_it_and_says_how_to_play_it_when_no_terminal_opens(
    cli: Cli, worker: Path
) -> None:
    result = cli("remind", "--once", stdin="start\n", at=at(10))
    assert result.status == 0
    assert "run `backbeat session --slot 2026-11-23/desk-1000` to play it" in result.err
    assert [r["reminder"] for r in reminders(cli)] == ["sent", "started"]


def test_three_skips_in_a_row_back_off_and_say_so_once(cli: Cli, worker: Path) -> None:
    for hour, minute in ((9, 30), (10, 0), (10, 30)):
        cli("remind", "--once", stdin="skip\n", at=at(hour, minute))
    assert "Next: 11:30" in cli("remind", "--once", at=at(11)).out  # 11:00 is left out
    told = cli("remind", "--once", stdin="done\n", at=at(11, 30))
    assert messages.BACKED_OFF in told.out
    listed = [r["time"] for r in dry(cli)]
    assert "12:00" in listed and "12:30" in listed  # "done" brought them back


def test_pause_for_an_hour_then_off(cli: Cli, worker: Path) -> None:
    paused = cli("remind", "pause", "1h", at=at(9, 55))
    assert paused.status == 0 and "Reminders paused until 10:55." in paused.out
    assert "Next: 11:00" in cli("remind", "--once", at=at(10)).out
    assert "Paused until Monday 10:55." in cli("remind", "--dry-run", at=at(10)).out
    assert "\a11:00  Desk break" in cli("remind", "--once", stdin="done\n", at=at(11)).out
    cli("remind", "pause", "2h", at=at(11, 20))
    assert cli("remind", "pause", "off", at=at(11, 25)).out == "Reminders are on again.\n"
    assert "\a11:30  Desk break" in cli("remind", "--once", stdin="done\n", at=at(11, 30)).out


def test_pause_until_tomorrow_lasts_until_the_next_waking(cli: Cli, worker: Path) -> None:
    paused = cli("remind", "pause", "tomorrow", at=at(14))
    assert "Reminders paused until Tuesday 07:00." in paused.out
    assert "Nothing is due now." in cli("remind", "--once", at=at(22, 50)).out
    waking = cli("remind", "--once", stdin="done\n", at=at(7, 0, day=24))
    assert "\a07:00  On waking" in waking.out


@pytest.mark.parametrize("length", ["", "1x", "0m", "8d", "soon", "h"])
def test_a_bad_pause_length_exits_1_and_says_what_is_allowed(cli: Cli, length: str) -> None:
    result = cli("remind", "pause", length, at=at(10))
    assert result.status == 1
    assert f"{length!r} is not a length of pause (allowed: " in result.err


def test_a_damaged_pause_file_is_named_and_ignored(cli: Cli, worker: Path, home: Path) -> None:
    (home / "reminders.json").write_text('{"paused_until": "soon"}')
    result = cli("remind", "--once", stdin="done\n", at=at(10))
    assert "reminders.json: paused_until: 'soon' is not a date and time" in result.err
    assert "\a10:00  Desk break" in result.out


def test_a_bad_quiet_span_names_its_key_value_and_what_is_allowed(cli: Cli, home: Path) -> None:
    write_profile(home, DESK.replace("[prefs]", '[prefs]\nquiet = ["12:00-14:00", "noon"]'))
    result = cli("remind", "--dry-run", at=at(8))
    assert result.status == 1
    assert "prefs.quiet" in result.err and "'noon' is not a span of time" in result.err
    assert "(allowed: HH:MM-HH:MM" in result.err


def test_quiet_hours_and_snooze_survive_the_profile_being_written_again() -> None:
    profile = Profile(prefs=Prefs(quiet=("22:30-06:00",), snooze=5))  # type: ignore[arg-type]
    text = profile_toml(profile)
    assert 'quiet = ["22:30-06:00"]' in text and "snooze = 5" in text
    assert Profile.model_validate(tomllib.loads(text)) == profile


def test_skips_from_weeks_ago_back_off_the_dry_run_no_more_than_the_daemon(
    cli: Cli, worker: Path
) -> None:
    fresh = [r["time"] for r in dry(cli)]
    for hour, minute in ((9, 30), (10, 0), (10, 30)):  # three weeks before, a Monday too
        cli("remind", "--once", stdin="skip\n", at=at(hour, minute, day=2))
    assert [r["time"] for r in dry(cli)] == fresh  # the daemon reads two weeks back, as this
