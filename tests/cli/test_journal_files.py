"""`backbeat review`, `export` and `import` through the command line, on every database; and
the plan and profile versions the journal keeps."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tests.cli.test_plan import write_profile
from tests.conftest import Result, run_cli
from tests.history import kept_records

Cli = Callable[..., Result]
PARIS = timezone(timedelta(hours=1))
SUNDAY = datetime(2026, 11, 22, 19, 0, tzinfo=PARIS)
NEXT_SUNDAY = SUNDAY + timedelta(days=7)


@pytest.fixture
def journal_environ(on_every_database: dict[str, str]) -> dict[str, str]:
    return on_every_database


def listed(cli: Cli) -> list[dict[str, object]]:
    result = cli("history", "--json")
    assert result.status == 0, result.err
    return kept_records(result.out)


def test_review_from_flags_then_asked_compares_with_last_week(cli: Cli) -> None:
    flags = ("--pain", "5", "--interference", "6", "--activity", "gardening", "--ability", "4")
    first = cli("review", *flags, at=SUNDAY)
    assert first.status == 0 and "first weekly review" in first.out
    second = cli("review", stdin="3\n4\n\n6\nn\n", at=NEXT_SUNDAY)
    assert second.status == 0, second.err
    assert "[gardening]" in second.out  # last week's activity is offered
    assert "usual pain 5 -> 3" in second.out and "gardening 4 -> 6" in second.out
    assert listed(cli)[0] == {
        "at": NEXT_SUNDAY.isoformat(),
        "weekly_pain": 3,
        "interference": 4,
        "activity": "gardening",
        "activity_ability": 6,
    }


def test_a_hard_week_is_met_with_care(cli: Cli) -> None:
    cli("review", "--pain", "3", "--interference", "3", "--activity", "walks", "--ability", "6")
    result = cli(
        "review", "--pain", "8", "--interference", "7", "--activity", "walks", "--ability", "2"
    )
    assert "clinician" in result.out


@pytest.mark.parametrize(
    ("argv", "stdin", "words"),
    [
        (("review", "--pain", "11"), "", ["--pain", "'11'", "0 to 10"]),
        (("review", "--activity", "x" * 81), "", ["--activity", "81 characters"]),
        (("review", "--pain", "2"), "3\n", ["no clear answer for --activity"]),
        (("review",), "a\nb\nc\n", ["no clear answer for --pain"]),
    ],
)
def test_a_review_without_clear_answers_exits_1_and_saves_nothing(
    cli: Cli, argv: tuple[str, ...], stdin: str, words: list[str]
) -> None:
    result = cli(*argv, stdin=stdin)
    assert result.status == 1
    for word in words:
        assert word in result.err
    assert listed(cli) == []


def test_export_import_export_is_identical_and_importing_twice_adds_nothing(
    cli: Cli, home: Path, tmp_path: Path, new_database: Callable[[], str]
) -> None:
    cli("checkin", "--pain", "4", "--stiffness", "5", "--at", "2026-11-16T07:00+01:00")
    cli("log", "knee-rolls", "--pain-during", "2", "--sharp", "--at", "2026-11-16T07:30")
    cli("review", "--pain", "4", "--interference", "5", "--activity", "cycling", "--ability", "5")
    write_profile(home)
    cli("plan", "--start", "2026-11-23", "--days", "1", at=SUNDAY)
    cli("session", "pelvic-tilt", "--plain", "--speed", "200", stdin="2\n1\nn\nok\n", at=SUNDAY)
    exported = tmp_path / "journal.json"
    result = cli("export", str(exported))
    assert result.status == 0 and "Exported 7 record(s)" in result.out, result.out
    data = json.loads(exported.read_text())
    assert data["format"] == "backbeat-journal" and data["version"] == 2
    kinds = {next(k for k in r if k != "at") for r in data["records"]}
    assert kinds == {"morning_pain", "move", "weekly_pain", "profile", "plan", "session"}

    elsewhere = {"BACKBEAT_HOME": str(tmp_path / "other"), "BACKBEAT_DB_URL": new_database()}
    first = run_cli(elsewhere, "import", str(exported))
    assert first.status == 0 and "Imported 7 new record(s)" in first.out
    again = run_cli(elsewhere, "import", str(exported))
    assert again.status == 0 and "Imported 0 new record(s); 7 were already" in again.out
    assert run_cli(elsewhere, "export", "-").out == exported.read_text()


def test_a_bad_import_names_the_record_and_field_and_changes_nothing(
    cli: Cli, tmp_path: Path
) -> None:
    cli("checkin", "--pain", "4", "--at", "2026-11-16T07:00+01:00")
    before = listed(cli)
    bad = tmp_path / "bad.json"
    good = {"at": "2026-11-17T07:00:00+01:00", "morning_pain": 2}
    wrong = {"at": "2026-11-18T07:00:00+01:00", "move": "knee-rolls", "pain_during": "lots"}
    bad.write_text(
        json.dumps({"format": "backbeat-journal", "version": 1, "records": [good, wrong]})
    )
    result = cli("import", str(bad))
    assert result.status == 1
    assert f"{bad}: records[1]: pain_during:" in result.err
    assert "nothing was imported" in result.err
    assert listed(cli) == before


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ('{"format": "backbeat-journal", "version": 99, "records": []}', ["version", "newer"]),
        ('{"format": "backbeat-journal", "version": 1, "records": [', ["not valid JSON"]),
    ],
)
def test_newer_or_broken_files_are_refused(
    cli: Cli, tmp_path: Path, content: str, words: list[str]
) -> None:
    path = tmp_path / "in.json"
    path.write_text(content)
    result = cli("import", str(path))
    assert result.status == 1 and all(w in result.err for w in words)
    missing = cli("import", str(tmp_path / "nope.json"))
    assert missing.status == 1 and "nope.json: cannot be read" in missing.err


def test_export_to_a_folder_that_does_not_exist_exits_1(cli: Cli, tmp_path: Path) -> None:
    result = cli("export", str(tmp_path / "no" / "such" / "j.json"))
    assert result.status == 1 and "cannot be written" in result.err


def test_the_plan_given_and_the_profile_are_kept_once_per_change(cli: Cli, home: Path) -> None:
    path = write_profile(home)
    for _ in range(3):
        cli("plan", "--start", "2026-11-23", "--days", "2", at=SUNDAY)
    kept = listed(cli)
    assert [("plan" in r, "profile" in r) for r in kept] == [(True, False), (False, True)]
    assert kept[0]["plan"]["start"] == "2026-11-23"  # type: ignore[index]
    path.write_text(path.read_text().replace("minutes_per_day = 20", "minutes_per_day = 10"))
    cli("plan", "--start", "2026-11-23", "--days", "2", at=SUNDAY)
    assert sum("profile" in r for r in listed(cli)) == 2
    assert "plan given: week 1, from 2026-11-23" in cli("history").out
