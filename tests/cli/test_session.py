"""`backbeat session` and `backbeat now` through the command line, as a person would use them."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from backbeat.journal.db import journal_url, open_database
from backbeat.journal.store import Journal
from backbeat.records import MoveRecord, parse_lines
from tests.cli.test_plan import DESK, write_profile
from tests.conftest import Result
from tests.history import kept_records

Cli = Callable[..., Result]
MONDAY_10_40 = datetime(2026, 11, 23, 10, 40, tzinfo=timezone(timedelta(hours=1)))
FAST = ("--plain", "--speed", "200")


def dry(cli: Cli, *argv: str, at: datetime | None = None) -> dict[str, object]:
    result = cli(*argv, "--dry-run", "--json", at=at)
    assert result.status == 0, result.err
    data: dict[str, object] = json.loads(result.out)
    return data


def events(data: dict[str, object]) -> list[dict[str, object]]:
    found = data["events"]
    assert isinstance(found, list)
    return found


def history(home: Path) -> list[MoveRecord]:
    """The movement records in the person's journal, in the order they were made."""
    records = Journal(open_database(journal_url({}, home))).oldest_first()
    return [r for r in records if isinstance(r, MoveRecord)]


def test_dry_run_json_is_the_whole_timeline(cli: Cli) -> None:
    data = dry(cli, "session", "knees-to-chest", "knee-rolls")
    found = events(data)
    assert found[0]["kind"] == "intro" and found[-1]["kind"] == "done"
    assert found[-1]["t"] == data["duration"]
    assert {e["move"] for e in found} == {None, "knees-to-chest", "knee-rolls"}
    holds = [e for e in found if e["kind"] == "hold" and e["move"] == "knees-to-chest"]
    assert holds and all(e["seconds"] == 8 for e in holds)


def test_dry_run_times_are_divided_by_the_speed(cli: Cli) -> None:
    normal = dry(cli, "session", "pelvic-tilt")
    fast = dry(cli, "session", "pelvic-tilt", "--speed", "4")
    assert fast["duration"] == pytest.approx(normal["duration"] / 4, abs=0.001)  # type: ignore[operator]
    for a, b in zip(events(normal), events(fast), strict=True):
        assert b["t"] == pytest.approx(a["t"] / 4, abs=0.001)  # type: ignore[operator]


def test_dry_run_text_lists_the_cues_with_times(cli: Cli) -> None:
    result = cli("session", "knee-rolls", "--dry-run")
    assert result.status == 0
    assert "0:00  intro" in result.out and "switch" in result.out and "in all" in result.out


@pytest.mark.parametrize("argv", [("knee-rols",), ("pelvic-tilt", "kneerolls")])
def test_an_unknown_move_exits_2_with_a_suggestion(cli: Cli, argv: tuple[str, ...]) -> None:
    result = cli("session", *argv)
    assert result.status == 2
    assert "did you mean knee-rolls" in result.err and "Traceback" not in result.err


def test_a_session_needs_movements_or_a_slot(cli: Cli) -> None:
    result = cli("session")
    assert result.status == 2 and "--slot" in result.err


@pytest.mark.parametrize("speed", ["0", "-2", "fast", "nan"])
def test_a_bad_speed_is_refused_and_named(cli: Cli, speed: str) -> None:
    result = cli("session", "pelvic-tilt", "--speed", speed)
    assert result.status == 2 and "not a speed" in result.err


def test_plain_play_prints_each_cue_then_records_the_check_in(cli: Cli, home: Path) -> None:
    result = cli("session", "pelvic-tilt", "knee-rolls", *FAST, stdin="2\n1\nn\nok\n")
    assert result.status == 0, result.err
    lines = result.out.splitlines()
    kinds = [line.split(":")[0] for line in lines]
    assert "caution" in kinds and "tick" not in kinds
    assert kinds.index("intro") < kinds.index("prepare") < kinds.index("move") < kinds.index("done")
    assert "How much did your back hurt" in result.out and "Saved 2" in result.out
    saved = history(home)
    assert [(r.move, r.pain_during, r.sharp, r.difficulty) for r in saved] == [
        ("pelvic-tilt", 2, False, "ok"),
        ("knee-rolls", 2, False, "ok"),
    ]


def test_the_plan_reads_what_the_check_in_wrote(cli: Cli, home: Path) -> None:
    write_profile(home)
    cli("session", "pelvic-tilt", *FAST, stdin="1\n1\nn\neasy\n")
    result = cli("plan", "--json")
    assert result.status == 0, result.err


def test_a_sharp_feeling_gets_words_of_care(cli: Cli, home: Path) -> None:
    result = cli("session", "pelvic-tilt", *FAST, stdin="5\n5\ny\nhard\n")
    assert "clinician" in result.out
    assert history(home)[0].sharp is True


def test_unclear_answers_are_asked_again(cli: Cli, home: Path) -> None:
    result = cli("session", "pelvic-tilt", *FAST, stdin="eleven\n3\n2\nmaybe\nno\nhmm\nhard\n")
    assert "'eleven' is not a pain score (allowed: a whole number from 0 to 10)" in result.out
    assert "'maybe' is not an answer (allowed: y or n)" in result.out
    assert [(r.pain_during, r.sharp, r.difficulty) for r in history(home)] == [(3, False, "hard")]


def test_no_checkin_and_ended_input_record_nothing(cli: Cli, home: Path) -> None:
    assert cli("session", "pelvic-tilt", *FAST, "--no-checkin").status == 0
    assert cli("session", "pelvic-tilt", *FAST, stdin="4\n").status == 0
    assert history(home) == []


def test_a_history_file_is_appended_to_and_never_rewritten(cli: Cli, tmp_path: Path) -> None:
    old = '{"at": "2026-11-20T08:00:00+00:00", "morning_pain": 4}'
    path = tmp_path / "mine.jsonl"
    path.write_text(old)  # no newline at the end
    cli("session", "pelvic-tilt", *FAST, "--history", str(path), stdin="2\n1\nn\nok\n")
    text = path.read_text()
    assert text.startswith(old + "\n")
    records, problems = parse_lines(text.splitlines(), "h")
    assert problems == []
    assert [type(r).__name__ for r in records] == ["MorningRecord", "SessionRecord", "MoveRecord"]


def test_the_session_itself_is_kept_even_without_a_check_in(cli: Cli, home: Path) -> None:
    cli("session", "pelvic-tilt", "knee-rolls", *FAST, "--no-checkin", at=MONDAY_10_40)
    listed = kept_records(cli("history", "--json").out)
    assert listed == [
        {
            "at": MONDAY_10_40.isoformat(),
            "session": ["pelvic-tilt", "knee-rolls"],
            "ended": MONDAY_10_40.isoformat(),
            "done": ["pelvic-tilt", "knee-rolls"],
            "skipped": [],
            "stopped": [],
            "ended_early": False,
        }
    ]
    assert "2 of 2 done" in cli("history").out


def test_a_slot_session_is_kept_with_its_slot(cli: Cli, home: Path) -> None:
    write_profile(home)
    cli("session", "--slot", "bedtime", *FAST, "--no-checkin", at=MONDAY_10_40)
    (held,) = [r for r in kept_records(cli("history", "--json").out) if "session" in r]
    assert held["slot"] == "2026-11-23/bedtime" and held["done"] == held["session"]


def test_now_without_a_profile_is_a_two_minute_micro_break(cli: Cli) -> None:
    data = dry(cli, "now")
    moves = {e["move"] for e in events(data)} - {None}
    assert len(moves) == 2
    assert 100 <= data["duration"] <= 140  # type: ignore[operator]
    car = dry(cli, "now", "--place", "car")
    assert len({e["move"] for e in events(car)} - {None}) == 2


def test_now_plays_the_slot_that_is_due(cli: Cli, home: Path) -> None:
    write_profile(home)
    plan = json.loads(cli("plan", "--start", "2026-11-23", "--json").out)
    slots = plan["days"][0]["slots"]
    due = [s for s in slots if s["time"] <= "10:40"][-1]
    result = cli("now", "--dry-run", "--json", at=MONDAY_10_40)
    assert result.status == 0, result.err
    played = [e["move"] for e in json.loads(result.out)["events"] if e["kind"] == "prepare"]
    assert played == [i["move"] for i in due["items"]]
    assert due["time"] in result.err


def test_session_slot_plays_that_slot_at_the_plan_s_dose(cli: Cli, home: Path) -> None:
    write_profile(home)
    plan = json.loads(cli("plan", "--start", "2026-11-23", "--json").out)
    bedtime = next(s for s in plan["days"][0]["slots"] if s["moment"] == "bedtime")
    data = dry(cli, "session", "--slot", "bedtime", at=MONDAY_10_40)
    prepares = [e["move"] for e in events(data) if e["kind"] == "prepare"]
    assert prepares == [i["move"] for i in bedtime["items"]]
    for item in bedtime["items"]:
        hold = item["dose"].get("hold_s")
        holds = [e for e in events(data) if e["kind"] == "hold" and e["move"] == item["move"]]
        assert all(e["seconds"] == hold for e in holds)


def test_a_slot_today_lacks_is_named_with_what_today_has(cli: Cli, home: Path) -> None:
    write_profile(home)
    result = cli("session", "--slot", "lunch", at=MONDAY_10_40)
    assert result.status == 2 and "no lunch slot" in result.err and "desk" in result.err


def test_red_flags_lead_to_a_referral_not_a_session(cli: Cli, home: Path) -> None:
    write_profile(home, DESK.replace("bladder_bowel = false", "bladder_bowel = true"))
    for argv in (("now",), ("session", "pelvic-tilt"), ("session", "--slot", "desk")):
        result = cli(*argv, *FAST)
        assert result.status == 3, argv
        assert "No session was started" in result.out and "intro:" not in result.out


def test_voice_without_an_engine_says_so_and_goes_on(home: Path) -> None:
    env = {"BACKBEAT_HOME": str(home), "PATH": "/nonexistent"}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "backbeat",
            "session",
            "neck-tilts",
            *FAST,
            "--voice",
            "--no-checkin",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0
    assert "no speech engine found" in done.stderr and "espeak-ng" in done.stderr
    assert "done:" in done.stdout


def test_plain_lines_arrive_as_they_fall_due(home: Path) -> None:
    """Read through a pipe, as a screen reader would: each cue appears at its time, not all
    at the end (the output is flushed line by line)."""
    script = Path(sys.executable).parent / "backbeat"
    argv = [str(script), "session", "neck-tilts", "--plain", "--speed", "40", "--no-checkin"]
    env = {"BACKBEAT_HOME": str(home), "PATH": "/usr/bin:/bin"}
    with subprocess.Popen(argv, stdout=subprocess.PIPE, text=True, env=env) as proc:
        assert proc.stdout is not None
        arrivals = []
        for line in proc.stdout:
            arrivals.append((time.monotonic(), line))
    cues = [(at, line) for at, line in arrivals if not line.startswith(("caution", "summary"))]
    spread = cues[-1][0] - cues[0][0]
    assert spread > 0.5, "cues arrived in one burst"


def test_timestamps_are_kept_with_their_time_zone(cli: Cli, home: Path) -> None:
    cli("session", "pelvic-tilt", *FAST, stdin="2\n1\nn\nok\n", at=MONDAY_10_40)
    record = history(home)[0]
    assert record.at == MONDAY_10_40 and record.at.utcoffset() == timedelta(hours=1)
    assert record.at.astimezone(UTC).hour == 9


def test_now_moves_on_once_the_due_slot_is_done(cli: Cli, home: Path) -> None:
    write_profile(home)
    first = cli("now", "--dry-run", "--json", at=MONDAY_10_40)
    due_time = first.err.split()[1]
    answered = cli("now", *FAST, stdin="1\n1\nn\neasy\n", at=MONDAY_10_40)
    assert answered.status == 0 and "Saved" in answered.out
    later = cli("now", "--dry-run", "--json", at=MONDAY_10_40 + timedelta(minutes=5))
    assert later.status == 0
    assert later.err.split()[1] > due_time, (first.err, later.err)


def test_now_in_the_sleeping_hours_offers_no_desk_break(cli: Cli, home: Path) -> None:
    write_profile(home)
    three = datetime(2026, 11, 24, 3, 0, tzinfo=timezone(timedelta(hours=1)))
    first = cli("now", "--dry-run", at=three)  # the day before's bedtime, as every face says
    assert first.status == 0 and "bedtime slot" in first.err and "micro-break" not in first.err
    played = cli("now", "--plain", "--speed", "1000", "--no-checkin", at=three)
    assert played.status == 0, played.err
    result = cli("now", "--dry-run", at=three)  # the day's slots done: nothing, not a break
    assert result.status == 0 and "sleeping hours" in result.out and "07:00" in result.out
    assert "micro-break" not in result.err
    asked = cli("now", "--dry-run", "--place", "desk", at=three)  # asked for a place: given
    assert asked.status == 0 and "sleeping hours" not in asked.out and "in all" in asked.out
