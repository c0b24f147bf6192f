"""`backbeat progress` as a person uses it: check-ins logged day by day, then the terminal view,
the JSON, and a chart file, on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
import struct
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from backbeat.context import Env, open_journal
from backbeat.records import PlanRecord, Record
from backbeat.safety.wording import STOP_RULE
from tests.conftest import Result

Cli = Callable[..., Result]
ZONE = timezone(timedelta(hours=1))
NOW = datetime(2026, 11, 22, 20, 0, tzinfo=ZONE)  # a Sunday evening
TODAY = NOW.date()
PROFILE = """pain = 4
[day]
wake = "07:00"
sleep = "23:00"
[[day.work]]
start = "09:00"
end = "17:00"
place = "desk"
"""


@pytest.fixture
def journal_environ(on_every_database: dict[str, str]) -> dict[str, str]:
    return on_every_database


def when(days_ago: int, hour: int) -> str:
    return (NOW - timedelta(days=days_ago)).replace(hour=hour).isoformat()


def a_fortnight(cli: Cli) -> None:
    """Two weeks of mornings and two movements a day, as a person would log them; pain eases."""
    for back in range(13, -1, -1):
        morning = 6 if back > 6 else 3
        assert cli("checkin", "--pain", str(morning), "--at", when(back, 7), at=NOW).status == 0
        if back == 4:
            continue  # a day off
        for hour, move in ((8, "knee-rolls"), (21, "pelvic-tilt")):
            pain = "2" if move == "knee-rolls" else "4"
            argv = (
                "log",
                move,
                "--pain-during",
                pain,
                "--pain-after",
                "1",
                "--at",
                when(back, hour),
            )
            assert cli(*argv, at=NOW).status == 0


def one_check_in(cli: Cli) -> None:
    assert cli("log", "knee-rolls", "--pain-during", "2", "--at", when(1, 8), at=NOW).status == 0


def add(home: Path, environ: dict[str, str], records: list[Record]) -> None:
    """Records no command writes yet (plans given), straight into the same journal."""
    env = Env(*(_Null() for _ in range(3)), {"BACKBEAT_HOME": str(home), **environ})
    journal = open_journal(env)
    assert journal is not None
    journal.add(records)


class _Null:
    def write(self, _text: str) -> int:
        return 0

    def isatty(self) -> bool:
        return False


def test_an_empty_journal_says_how_to_begin(cli: Cli, tmp_path: Path) -> None:
    shown = cli("progress", at=NOW)
    assert shown.status == 0
    assert "Nothing in your journal yet" in shown.out and "backbeat log" in shown.out
    data = json.loads(cli("progress", "--json", at=NOW).out)
    assert data["days"] == [] and data["start"] is None
    drawn = cli("progress", "--chart", str(tmp_path / "empty.png"), at=NOW)
    assert drawn.status == 0 and "not written" in drawn.out
    assert not (tmp_path / "empty.png").exists()


def test_two_weeks_of_check_ins_read_plainly_in_a_pipe(cli: Cli) -> None:
    a_fortnight(cli)
    shown = cli("progress", at=NOW)
    assert shown.status == 0, shown.err
    out = shown.out
    assert "\x1b[" not in out  # no colour codes through a pipe
    assert "Your progress, Mon 9 Nov 2026 to Sun 22 Nov 2026 (14 days)" in out
    # morning pain, on its own: 6 a day the first week, 3 the last
    said = "Your morning pain averaged 6.0/10 in the first week shown and 3.0/10 in the last"
    assert f"{said}: lower." in out
    assert "Pain during movements" in out
    assert "Movements done: 26" in out
    assert "Active on 13 of 14 days. Streak: 4 days now, longest 9 days." in out
    assert "Mon" in out and "Sun" in out and "█ 2" in out and "· 0" in out
    knee = next(line for line in out.splitlines() if "Knee rolls" in line)
    tilt = next(line for line in out.splitlines() if "Pelvic tilt" in line)
    assert "13" in knee and "2.0, 2" in knee and "suits you" in knee
    assert "4.0, 4" in tilt and "go gently" in tilt
    assert "not a diagnosis or a treatment" in out
    assert STOP_RULE not in out  # nothing sharp


def test_json_gives_every_day_and_the_totals(cli: Cli) -> None:
    a_fortnight(cli)
    data = json.loads(cli("progress", "--json", "--weeks", "1", at=NOW).out)
    assert (data["today"], data["weeks"], data["start"], data["end"]) == (
        "2026-11-22",
        1,
        "2026-11-16",
        "2026-11-22",
    )
    day = data["days"][-1]
    assert day == {
        "date": "2026-11-22",
        "planned": None,
        "done": 2,
        "sessions": 0,
        "pain": 3.0,  # (3 + 2 + 4) / 3
        "pain_7day": 3.0,
        "morning": 3.0,
        "morning_7day": 3.0,
        "stiffness": None,
        "during": 3.0,  # (2 + 4) / 2
        "slots_planned": None,
        "slots_done": 0,
    }
    assert data["days"][2]["done"] == 0  # the day off
    assert data["adherence"] == {
        "planned": 0,
        "done": 12,
        "percent": None,
        "active_days": 6,
        "current_streak": 4,
        "longest_streak": 9,
        "slots_planned": 0,
        "slots_done": 0,
        "slots_percent": None,
        "today_planned": None,
        "today_done": 0,
    }
    assert data["morning"]["trend"] == "steady"  # a week of mornings at 3
    assert data["pain"]["trend"] is None and "Two weeks" in data["pain"]["words"]
    moves = {m["move"]: m for m in data["moves"]}
    assert moves["pelvic-tilt"] == {
        "move": "pelvic-tilt",
        "times": 6,
        "pain_during_mean": 4.0,
        "pain_during_max": 4,
        "pain_after_mean": 1.0,
        "sharp": 0,
        "hurt": 0,
        "verdict": "borderline",
        "verdict_week": "2026-11-16",
    }


def test_planned_comes_from_the_profiles_plan_for_the_same_weekday(cli: Cli, home: Path) -> None:
    (home / "profile.toml").write_text(PROFILE, encoding="utf-8")
    a_fortnight(cli)
    monday = TODAY - timedelta(days=TODAY.weekday())
    week = json.loads(cli("plan", "--json", "--start", monday.isoformat(), "--days", "7").out)
    items = {
        date.fromisoformat(d["date"]).weekday(): sum(len(s["items"]) for s in d["slots"])
        for d in week["days"]
    }
    assert items[0] > items[6]  # a work day has its desk breaks
    data = json.loads(cli("progress", "--json", "--weeks", "2", at=NOW).out)
    for day in data["days"]:
        assert day["planned"] == items[date.fromisoformat(day["date"]).weekday()]
    adherence = data["adherence"]
    assert adherence["planned"] == sum(d["planned"] for d in data["days"])
    done = sum(min(d["done"], d["planned"]) for d in data["days"])
    assert adherence["percent"] == round(100 * done / adherence["planned"])
    slots = {date.fromisoformat(d["date"]).weekday(): len(d["slots"]) for d in week["days"]}
    for day in data["days"]:
        assert day["slots_planned"] == slots[date.fromisoformat(day["date"]).weekday()]
    today = data["days"][-1]
    assert adherence["today_planned"] == today["slots_planned"]
    assert adherence["slots_planned"] == sum(d["slots_planned"] for d in data["days"][:-1])
    shown = cli("progress", at=NOW).out
    assert f"{adherence['today_done']} of {today['slots_planned']} moments today" in shown
    assert "% of what was planned" not in shown


def test_a_plan_given_in_the_journal_counts_for_its_days(
    cli: Cli, home: Path, journal_environ: dict[str, str]
) -> None:
    (home / "profile.toml").write_text(PROFILE, encoding="utf-8")
    a_fortnight(cli)
    slot = {"time": "07:00", "moment": "waking", "place": "bed", "minutes": 1}
    given = {
        "start": "2026-11-21",
        "days": [
            {"date": "2026-11-21", "slots": [{**slot, "items": [{"move": "knee-rolls"}] * 3}]},
            {"date": "2026-11-22", "slots": []},
        ],
    }
    older = {"days": [{"date": "2026-11-21", "slots": [{**slot, "items": []}]}]}
    add(
        home,
        journal_environ,
        [
            PlanRecord(at=NOW - timedelta(days=2), plan=older),
            PlanRecord(at=NOW - timedelta(days=1), plan=given),
        ],
    )
    days = json.loads(cli("progress", "--json", at=NOW).out)["days"]
    assert [d["planned"] for d in days[-2:]] == [3, 0]  # the latest plan for each day
    assert days[-3]["planned"] > 3  # before it: the profile's plan


def test_an_invalid_profile_is_named_and_progress_goes_on(cli: Cli, home: Path) -> None:
    (home / "profile.toml").write_text("pain = 40\n", encoding="utf-8")
    one_check_in(cli)
    result = cli("progress", "--json", at=NOW)
    assert result.status == 0
    assert "pain" in result.err and "40" in result.err and "left out" in result.err
    assert all(d["planned"] is None for d in json.loads(result.out)["days"])


def test_a_referral_means_no_plan_to_keep_to(cli: Cli, home: Path) -> None:
    (home / "profile.toml").write_text(PROFILE + "[screen]\nfever = true\n", encoding="utf-8")
    one_check_in(cli)
    data = json.loads(cli("progress", "--json", at=NOW).out)
    assert all(d["planned"] is None for d in data["days"])


def test_something_sharp_brings_the_stop_rule(cli: Cli) -> None:
    argv = ("log", "bird-dog", "--pain-during", "3", "--sharp", "--at", when(1, 9))
    assert cli(*argv, at=NOW).status == 0
    out = cli("progress", at=NOW).out
    assert STOP_RULE in out
    assert "ease off" in next(line for line in out.splitlines() if "Bird dog" in line)


def test_a_png_chart_is_a_real_image(cli: Cli, tmp_path: Path) -> None:
    a_fortnight(cli)
    path = tmp_path / "progress.png"
    result = cli("progress", "--chart", str(path), at=NOW)
    assert result.status == 0, result.err
    assert f"Chart saved to {path}." in result.out
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    assert width == 1200 and 1000 < height < 2000
    assert len(data) > 40_000  # drawn, not blank


def test_an_svg_chart_keeps_its_words_as_text(cli: Cli, tmp_path: Path) -> None:
    a_fortnight(cli)
    path = tmp_path / "progress.SVG"
    result = cli("progress", "--json", "--chart", str(path), at=NOW)
    assert result.status == 0, result.err
    json.loads(result.out)  # stdout stays pure JSON; the saved line goes to stderr
    assert "Chart saved" in result.err
    root = ET.parse(path).getroot()
    assert root.tag.endswith("svg")
    words = " ".join("".join(t.itertext()) for t in root.iter() if t.tag.endswith("text"))
    for expected in (
        "Your progress",
        "Morning pain",
        "7-day average",
        "Knee rolls",
        "planned",
        "done",
    ):
        assert expected in words, expected


def test_a_chart_that_is_not_png_or_svg_exits_1_naming_the_flag(cli: Cli, tmp_path: Path) -> None:
    one_check_in(cli)
    result = cli("progress", "--chart", str(tmp_path / "progress.pdf"), at=NOW)
    assert result.status == 1
    assert "--chart" in result.err and "progress.pdf" in result.err
    assert "FILE.png, FILE.svg" in result.err
    assert result.out == "" and not (tmp_path / "progress.pdf").exists()


def test_a_chart_that_cannot_be_written_exits_1_with_the_reason(cli: Cli, tmp_path: Path) -> None:
    one_check_in(cli)
    result = cli("progress", "--chart", str(tmp_path / "no" / "such" / "c.png"), at=NOW)
    assert result.status == 1
    assert "--chart: cannot write" in result.err and "No such file or directory" in result.err


@pytest.mark.parametrize("weeks", ["0", "521", "two"])
def test_weeks_outside_1_to_520_is_a_usage_error(cli: Cli, weeks: str) -> None:
    result = cli("progress", "--weeks", weeks, at=NOW)
    assert result.status == 2 and f"{weeks!r}" in result.err and "1 to 520" in result.err


def test_a_long_window_is_summed_by_week(
    cli: Cli, home: Path, journal_environ: dict[str, str]
) -> None:
    from backbeat.records import MorningRecord, MoveRecord

    records: list[Record] = []
    for back in range(400):
        day = NOW - timedelta(days=back)
        records.append(MorningRecord(at=day.replace(hour=7), morning_pain=2 + back % 5))
        records.append(MoveRecord(at=day.replace(hour=9), move="cat-cow", pain_during=1))
    add(home, journal_environ, records)
    out = cli("progress", "--weeks", "52", at=NOW).out
    spark = next(line for line in out.splitlines() if "each week" in line)
    assert len(spark.split("each week", 1)[1].strip()) == 52
    assert "7-day average" not in out
    assert "Streak: 400 days now, longest 400 days." in out


def test_a_journal_with_times_with_and_without_a_zone_still_shows(cli: Cli, home: Path) -> None:
    """History written before the journal may have no zone; check-ins since then have one."""
    (home / "profile.toml").write_text(PROFILE, encoding="utf-8")
    old = [
        '{"at": "2026-11-10T07:05:00", "move": "knee-rolls", "pain_during": 2}',
        '{"at": "2026-11-11T20:00:00", "weekly_pain": 4, "interference": 3, '
        '"activity": "walking", "activity_ability": 6}',
    ]
    (home / "history.jsonl").write_text("\n".join(old) + "\n", encoding="utf-8")
    a_fortnight(cli)
    result = cli("progress", "--json", at=NOW)
    assert result.status == 0, result.err
    data = json.loads(result.out)
    assert data["adherence"]["done"] == 27 and data["days"][0]["planned"] is not None
    assert [r["date"] for r in data["reviews"]] == ["2026-11-11"]


def test_morning_pain_is_its_own_trend_not_averaged_with_pain_during(cli: Cli) -> None:
    """Issue 18: mornings of 5, 5, 6, 4, 4, 3, 3 beside low pain during movements read as an
    easing morning trend, not a flat line near 2.7."""
    for back, pain in zip(range(6, -1, -1), (5, 5, 6, 4, 4, 3, 3), strict=True):
        assert cli("checkin", "--pain", str(pain), "--at", when(back, 7), at=NOW).status == 0
        for move in ("knee-rolls", "pelvic-tilt"):
            argv = ("log", move, "--pain-during", "1", "--at", when(back, 12))
            assert cli(*argv, at=NOW).status == 0
    data = json.loads(cli("progress", "--json", "--weeks", "1", at=NOW).out)
    morning = data["morning"]
    assert morning["trend"] == "easier"
    assert (morning["first_week"], morning["last_week"]) == (5.0, 3.0)  # first and last third
    assert [d["morning"] for d in data["days"]] == [5, 5, 6, 4, 4, 3, 3]
    assert all(d["during"] == 1 for d in data["days"])
    out = cli("progress", "--weeks", "1", at=NOW).out
    assert "Your morning pain averaged 5.0/10 in the first days shown and 3.0/10" in out
    assert "Knee rolls" in out and "knee-rolls" not in out  # names, not ids
