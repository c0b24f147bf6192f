"""No red flag ever leads to a slot, a calendar event, a reminder or a session, in any face; and
no safety question can be skipped."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from backbeat.safety import wording
from backbeat.safety.screen import RED_FLAGS, level_of
from tests.cli.test_plan import DESK, write_profile
from tests.conftest import Result
from tests.parity.faces import NIGHT
from tests.web.conftest import MONDAY_10_40, Web

Cli = Callable[..., Result]
FLAGGED = [*RED_FLAGS, "osteoporosis_steroids+minor_injury", "osteoporosis_steroids+trauma"]


def flagged(text: str, keys: str) -> str:
    """``text`` (a profile) with each of ``keys`` (joined by +) answered yes."""
    for key in keys.split("+"):
        text = text.replace(f"{key} = false\n", "")
        text = text.replace("[screen]\n", f"[screen]\n{key} = true\n")
    return text


@pytest.mark.parametrize("keys", FLAGGED)
def test_no_command_plans_reminds_or_plays_with_a_red_flag(
    cli: Cli, home: Path, tmp_path: Path, keys: str
) -> None:
    write_profile(home, flagged(DESK, keys))
    heading = wording.HEADINGS[level_of(keys) if "+" not in keys else "urgent"]
    shown = cli("plan", at=MONDAY_10_40)
    assert shown.status == 3 and heading in shown.out
    ics = tmp_path / "plan.ics"
    for argv in (
        ("plan", "--json", "--days", "7"),
        ("calendar", str(ics)),
        ("remind", "--dry-run", "--json"),
        ("session", "knees-to-chest", "--dry-run"),
        ("session", "--slot", "morning", "--dry-run"),
        ("now", "--dry-run"),
        ("now", "--place", "car", "--dry-run"),
    ):
        result = cli(*argv, at=MONDAY_10_40)
        assert result.status == 3, (argv, result.err)
        assert '"events"' not in result.out and '"slots": [{' not in result.out, argv
    assert not ics.exists()


@pytest.mark.parametrize("keys", FLAGGED)
def test_no_page_offers_a_slot_or_a_session_with_a_red_flag(web: Web, keys: str) -> None:
    write_profile(web.home, flagged(DESK, keys))
    for path in ("/", "/plan", "/handout", "/session?place=desk", "/session?move=knee-rolls"):
        page = web.get(path)
        assert page.status_code == 200 and 'id="session-data"' not in page.text, path
        assert "referral" in page.text and "/session?slot=" not in page.text, path
    assert web.get("/settings/plan.ics").status_code == 403


def test_init_with_its_input_closed_early_writes_nothing_and_names_what_is_left(
    cli: Cli, home: Path
) -> None:
    result = cli("init", stdin="n\n" * 6)
    assert result.status == 1 and not (home / "profile.toml").exists()
    left = list(wording.QUESTIONS)[6:]
    assert f"{len(left)} had none ({', '.join(left)})" in result.err


def test_init_asks_again_when_a_safety_answer_is_blank(cli: Cli, home: Path) -> None:
    answers = "\n" + "n\n" * 15 + "\n\n" + "\n" * 12
    result = cli("init", stdin=answers)
    assert result.status == 0, result.err
    assert result.out.count("(y/n)") == 16  # the first question twice, then the others


def test_the_weekly_review_takes_new_red_flags_and_every_face_then_refers(
    cli: Cli, home: Path
) -> None:
    write_profile(home)
    flags = ("review", "--pain", "3", "--interference", "2", "--activity", "gardening")
    result = cli(*flags, "--ability", "6", "--red-flag", "fever", at=MONDAY_10_40)
    assert result.status == 3, result.err
    assert "Saved your weekly review." in result.out and wording.HEADINGS["urgent"] in result.out
    assert "fever = true" in (home / "profile.toml").read_text()
    assert cli("plan", at=MONDAY_10_40).status == 3
    assert cli("now", "--dry-run", at=MONDAY_10_40).status == 3
    versions = [r for r in _history(cli) if "profile" in r]
    assert versions[0]["profile"]["screen"]["fever"] is True


def test_the_review_asks_about_the_safety_list_when_it_asks_at_all(cli: Cli, home: Path) -> None:
    write_profile(home)
    nothing_new = cli("review", stdin="3\n2\ngardening\n6\nn\n", at=MONDAY_10_40)
    assert nothing_new.status == 0, nothing_new.err
    assert "safety list" in nothing_new.out
    keys = list(wording.QUESTIONS)
    answers = "".join("y\n" if k == "night_pain" else "n\n" for k in keys)
    later = MONDAY_10_40 + timedelta(days=7)
    new = cli("review", stdin="3\n2\n\n6\ny\n" + answers, at=later)
    assert new.status == 3 and wording.HEADINGS["soon"] in new.out
    unclear = cli("review", stdin="3\n2\n\n6\n", at=later + timedelta(days=7))
    assert unclear.status == 1  # input ended before the safety question: nothing saved
    assert len([r for r in _history(cli) if "weekly_pain" in r]) == 2


def test_a_new_red_flag_with_no_profile_yet_makes_one_that_refers(cli: Cli, home: Path) -> None:
    flags = ("review", "--pain", "3", "--interference", "2", "--activity", "walks")
    result = cli(*flags, "--ability", "6", "--red-flag", "saddle_numbness", at=MONDAY_10_40)
    assert result.status == 3 and wording.HEADINGS["emergency"] in result.out
    assert cli("session", "knee-rolls", "--dry-run", at=MONDAY_10_40).status == 3


def _history(cli: Cli) -> list[dict[str, object]]:
    found: list[dict[str, object]] = json.loads(cli("history", "--json").out)
    return found


def test_a_referral_in_a_broken_profile_keeps_the_persons_own_plan_day(
    cli: Cli, home: Path
) -> None:

    ten_am = datetime(2026, 11, 24, 10, 0, tzinfo=timezone(timedelta(hours=1)))
    write_profile(home, flagged(NIGHT, "fever"))
    valid = json.loads(cli("plan", "--json", at=ten_am).out)
    write_profile(home, flagged(NIGHT, "fever").replace("break_every = 45", "break_every = 3"))
    broken = json.loads(cli("plan", "--json", at=ten_am).out)
    assert valid["start"] == broken["start"] == "2026-11-23"  # woke at 15:00 the day before
    assert broken["referral"]["level"] == "urgent"
