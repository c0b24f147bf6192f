"""`backbeat plan` and `backbeat init` through the command line."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.conftest import Result

Cli = Callable[..., Result]

DESK = """\
pain = 4
age = 41
[day]
wake = "07:00"
sleep = "23:00"
[[day.work]]
start = "09:00"
end = "17:30"
place = "desk"
days = ["mon", "tue", "wed", "thu", "fri"]
[[day.moments]]
name = "TV"
at = "21:00"
place = "sofa"
[prefs]
minutes_per_day = 20
break_every = 30
walk = true
avoid = []
[screen]
bladder_bowel = false
"""


def write_profile(folder: Path, text: str = DESK) -> Path:
    path = folder / "profile.toml"
    path.write_text(text)
    return path


def test_plan_json_follows_the_contract(cli: Cli, home: Path) -> None:
    write_profile(home)
    result = cli("plan", "--start", "2026-11-23", "--days", "2", "--json")
    assert result.status == 0, result.err
    plan = json.loads(result.out)
    assert plan["start"] == "2026-11-23" and plan["week"] == 1 and plan["referral"] is None
    assert [d["date"] for d in plan["days"]] == ["2026-11-23", "2026-11-24"]
    assert plan["changes"] == []
    day = plan["days"][0]
    assert day["minutes"] <= 20
    slot = day["slots"][0]
    assert set(slot) >= {"time", "moment", "place", "minutes", "items"}
    assert slot["moment"] == "waking" and slot["time"] == "07:00" and slot["place"] == "bed"
    assert set(slot["items"][0]) == {"move", "dose", "why"}


def test_plan_text_is_readable(cli: Cli, home: Path) -> None:
    write_profile(home)
    result = cli("plan", "--start", "2026-11-23", "--explain")
    assert result.status == 0
    assert "Monday 23 November 2026" in result.out and "07:00  waking (bed)" in result.out
    assert "What changed since last week" in result.out
    assert "not a diagnosis or a treatment" in result.out


def test_a_red_flag_exits_3_with_a_referral(cli: Cli, tmp_path: Path) -> None:
    path = write_profile(tmp_path, DESK.replace("bladder_bowel = false", "bladder_bowel = true"))
    result = cli("plan", "--profile", str(path), "--json", "--days", "3")
    assert result.status == 3
    plan = json.loads(result.out)
    assert plan["referral"]["urgent"] is True and plan["referral"]["reasons"]
    assert all(d["slots"] == [] for d in plan["days"])
    text = cli("plan", "--profile", str(path))
    assert text.status == 3 and "emergency" in text.out and "No plan was made" in text.out


def test_bad_profiles_name_key_value_and_what_is_allowed(cli: Cli, tmp_path: Path) -> None:
    cases = [
        (
            'wake = "07:00"',
            'wake = "25:00"',
            "day.wake",
            "'25:00' is not a time of day (allowed: HH:MM",
        ),
        ("pain = 4", "pain = 11", "pain", "11 is out of range (allowed: 0 to 10)"),
        (
            "age = 41",
            "age = 41\nmood = 3",
            "mood",
            "unknown key (allowed: pain, age, onset, day, prefs, screen)",
        ),
        (
            'place = "desk"',
            'place = "office"',
            "day.work[0].place",
            "'office' (allowed: desk, car, standing)",
        ),
        (
            "avoid = []",
            'avoid = ["cartwheels"]',
            "prefs.avoid[0]",
            "'cartwheels' is not a movement id",
        ),
    ]
    for old, new, field, words in cases:
        path = write_profile(tmp_path, DESK.replace(old, new))
        result = cli("plan", "--profile", str(path))
        assert result.status == 1, (field, result.err)
        assert f"{path}: {field}: " in result.err and words in result.err, result.err
        assert result.out == ""


def test_no_profile_says_how_to_make_one(cli: Cli) -> None:
    result = cli("plan")
    assert result.status == 2 and "backbeat init" in result.err


def test_bad_dates_and_days_are_usage_errors(cli: Cli, home: Path) -> None:
    write_profile(home)
    assert cli("plan", "--start", "2026-13-01").status == 2
    assert cli("plan", "--days", "0").status == 2


def test_history_drives_progression_and_explain(cli: Cli, home: Path, tmp_path: Path) -> None:
    write_profile(home)
    history = tmp_path / "h.jsonl"
    lines = [
        json.dumps({"at": f"2026-11-{d:02d}T07:05:00", "move": "knee-rolls", "pain_during": 2})
        for d in (16, 17, 18)
    ]
    history.write_text("\n".join(lines) + "\n")
    result = cli("plan", "--history", str(history), "--start", "2026-11-23", "--json")
    plan = json.loads(result.out)
    assert plan["week"] == 2
    assert (
        plan["changes"][0]["move"] == "knee-rolls"
        and plan["changes"][0]["to"] == "knee-rolls-lifted"
    )
    text = cli("plan", "--history", str(history), "--start", "2026-11-23", "--explain")
    assert "knee-rolls: harder -> knee-rolls-lifted" in text.out


def test_a_bad_history_line_is_named(cli: Cli, home: Path, tmp_path: Path) -> None:
    write_profile(home)
    history = tmp_path / "h.jsonl"
    history.write_text(
        '{"at": "2026-11-16T07:00:00", "move": "knee-rolls", "pain_during": 12}\nnot json\n'
    )
    result = cli("plan", "--history", str(history))
    assert result.status == 1
    assert f"{history}: line 1: pain_during: 12 is out of range (allowed: 0 to 10)" in result.err
    assert f"{history}: line 2: (record): is not valid JSON" in result.err


def test_init_writes_a_profile_that_plan_uses(cli: Cli, home: Path) -> None:
    answers = (
        "n\n" * 15
        + "\n\n"
        + "5\n06:30\n22:30\ndesk\n08:30\n17:00\nmon tue wed\nTV\n21:00\nsofa\n\n25\ny\n"
    )
    result = cli("init", stdin=answers)
    assert result.status == 0, result.err
    text = (home / "profile.toml").read_text()
    assert 'wake = "06:30"' in text and 'name = "TV"' in text and "minutes_per_day = 25" in text
    assert cli("plan", "--json").status == 0
    again = cli("init", stdin=answers)
    assert again.status == 2 and "--force" in again.err


def test_init_with_a_red_flag_refers_and_plan_refers_too(cli: Cli, home: Path) -> None:
    result = cli("init", stdin="y\n" + "n\n" * 14)
    assert result.status == 3 and "emergency" in result.out
    assert cli("plan").status == 3


def test_init_asks_again_after_a_bad_answer(cli: Cli, home: Path) -> None:
    answers = "n\n" * 15 + "\n\n" + "eleven\n11\n3\n" + "\n" * 20
    result = cli("init", stdin=answers)
    assert result.status == 0, result.err
    assert "please give a whole number from 0 to 10" in result.out
    assert "pain = 3" in (home / "profile.toml").read_text()


def test_a_malformed_profile_names_the_line(cli: Cli, tmp_path: Path) -> None:
    path = write_profile(tmp_path, DESK.replace('wake = "07:00"', "wake = 07:00:"))
    result = cli("plan", "--profile", str(path))
    assert result.status == 1
    assert f"{path}: line 4: malformed TOML" in result.err
