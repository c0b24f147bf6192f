"""`backbeat forget`, `correct` and `undo`: a record that was wrong can be taken back, the
journal keeps a note of it, progress follows, and an export carries it to another journal."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tests.conftest import Result, run_cli
from tests.history import kept_records

PARIS = timezone(timedelta(hours=1))
MONDAY = datetime(2026, 11, 23, 8, 30, tzinfo=PARIS)
LATER = MONDAY + timedelta(minutes=5)


@pytest.fixture
def journal_environ(on_every_database: dict[str, str]) -> dict[str, str]:
    return on_every_database


def ids(cli: object) -> dict[str, str]:
    """Each record's id by what it is (its movement, or "morning")."""
    listed = json.loads(cli("history", "--json").out)  # type: ignore[operator]
    return {r.get("move", "morning" if "morning_pain" in r else "other"): r["id"] for r in listed}


def two_entries(cli: object) -> None:
    assert cli("log", "knee-rolls", "--pain-during", "2", at=MONDAY).status == 0  # type: ignore[operator]
    assert cli("checkin", "--pain", "4", "--at", "2026-11-23T07:00", at=LATER).status == 0  # type: ignore[operator]


def test_history_shows_each_id_and_forget_takes_one_away(cli: object) -> None:
    two_entries(cli)
    known = ids(cli)
    text = cli("history").out  # type: ignore[operator]
    assert f"{known['knee-rolls']}  Mon 23 Nov 2026 08:30  Knee rolls, pain 2/10 during" in text
    gone: Result = cli("forget", known["knee-rolls"][:6], at=LATER)  # type: ignore[operator]
    assert gone.status == 0, gone.err
    assert "Deleted" in gone.out and "`backbeat undo` puts it back" in gone.out
    assert [r.get("move") for r in kept_records(cli("history", "--json").out)] == [None]  # type: ignore[operator]
    progress = json.loads(cli("progress", "--json", at=LATER).out)  # type: ignore[operator]
    assert "knee-rolls" not in json.dumps(progress)


def test_an_unknown_malformed_or_ambiguous_id_exits_1_and_changes_nothing(cli: object) -> None:
    two_entries(cli)
    before = cli("export", "-").out  # type: ignore[operator]
    for wanted, said in (
        ("000000000000", "there is no record '000000000000'"),
        ("zz", "is not a record id"),
        ("", "is not a record id"),
    ):
        result: Result = cli("forget", wanted)  # type: ignore[operator]
        assert result.status == 1 and said in result.err and "Traceback" not in result.err
    assert cli("export", "-").out == before  # type: ignore[operator]


def test_correct_replaces_the_values_and_keeps_what_it_was(cli: object) -> None:
    two_entries(cli)
    known = ids(cli)
    fixed: Result = cli("correct", known["knee-rolls"], "--pain-during", "6", "--sharp", at=LATER)  # type: ignore[operator]
    assert fixed.status == 0, fixed.err
    assert "Knee rolls, pain 6/10 during, sharp" in fixed.out
    (move,) = [r for r in kept_records(cli("history", "--json").out) if "move" in r]  # type: ignore[operator]
    assert move["pain_during"] == 6 and move["sharp"] is True
    assert move["at"] == "2026-11-23T08:30:00+01:00"  # still when it was done
    exported = json.loads(cli("export", "-").out)["records"]  # type: ignore[operator]
    (note,) = [r for r in exported if "forget" in r]
    assert note["forget"] == known["knee-rolls"] and note["was"]["pain_during"] == 2
    assert note["corrected"] == ids(cli)["knee-rolls"]


@pytest.mark.parametrize(
    ("flags", "said"),
    [
        (("--pain", "3"), "--pain does not belong to record"),
        (("--pain-during", "11"), "--pain-during: '11' is not a pain score"),
        (("--at", "2031-01-01T08:00"), "--at: '2031-01-01T08:00' is out of range"),
        ((), "say what to change"),
        (("--pain-during", "2"), "already says that; nothing was changed"),
    ],
)
def test_a_correction_that_cannot_be_made_exits_1_and_changes_nothing(
    cli: object, flags: tuple[str, ...], said: str
) -> None:
    two_entries(cli)
    before = cli("export", "-").out  # type: ignore[operator]
    result: Result = cli("correct", ids(cli)["knee-rolls"], *flags, at=LATER)  # type: ignore[operator]
    assert result.status == 1 and said in result.err, result.err
    assert cli("export", "-").out == before  # type: ignore[operator]


def test_undo_takes_back_the_last_entry_then_puts_it_back(cli: object) -> None:
    two_entries(cli)
    first: Result = cli("undo", at=LATER + timedelta(minutes=1))  # type: ignore[operator]
    assert first.status == 0 and "Deleted your last entry" in first.out and "morning" in first.out
    assert [r.get("move") for r in kept_records(cli("history", "--json").out)] == ["knee-rolls"]  # type: ignore[operator]
    again: Result = cli("undo", at=LATER + timedelta(minutes=2))  # type: ignore[operator]
    assert again.status == 0 and "Put back" in again.out
    assert len(kept_records(cli("history", "--json").out)) == 2  # type: ignore[operator]


def test_undo_takes_a_correction_back(cli: object) -> None:
    two_entries(cli)
    known = ids(cli)
    cli("correct", known["morning"], "--pain", "1", at=LATER + timedelta(minutes=1))  # type: ignore[operator]
    undone: Result = cli("undo", at=LATER + timedelta(minutes=2))  # type: ignore[operator]
    assert undone.status == 0 and "morning: pain 4/10" in undone.out
    assert ids(cli)["morning"] == known["morning"]


def test_with_nothing_recorded_undo_says_so(cli: object) -> None:
    result: Result = cli("undo")  # type: ignore[operator]
    assert result.status == 0 and "Nothing to undo" in result.out


def test_an_export_carries_deletions_and_corrections_to_another_journal(
    cli: object, tmp_path: Path, journal_environ: dict[str, str]
) -> None:
    two_entries(cli)
    old_export = tmp_path / "before.json"
    old_export.write_text(cli("export", "-").out)  # type: ignore[operator]
    known = ids(cli)
    cli("forget", known["knee-rolls"], at=LATER)  # type: ignore[operator]
    cli("correct", known["morning"], "--stiffness", "2", at=LATER)  # type: ignore[operator]
    new_export = tmp_path / "after.json"
    new_export.write_text(cli("export", "-").out)  # type: ignore[operator]
    elsewhere = {"BACKBEAT_HOME": str(tmp_path / "other"), **journal_environ}
    if "BACKBEAT_DB_URL" in journal_environ:  # a second database on the same server
        pytest.skip("one PostgreSQL database per test")
    for file in (old_export, new_export):
        assert run_cli(elsewhere, "import", str(file)).status == 0
    there = kept_records(run_cli(elsewhere, "history", "--json").out)
    assert there == kept_records(cli("history", "--json").out)  # type: ignore[operator]
    assert run_cli(elsewhere, "import", str(old_export)).status == 0  # the old file again
    assert kept_records(run_cli(elsewhere, "history", "--json").out) == there
    assert run_cli(elsewhere, "export", "-").out == new_export.read_text()


def test_an_import_is_strict_about_types_and_names_movements_it_does_not_know(
    cli: object, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            {
                "format": "backbeat-journal",
                "version": 1,
                "records": [
                    {"at": "2026-11-20T08:00", "move": "knee-rolls", "pain_during": True},
                    {"at": "2026-11-20T08:00", "morning_pain": "3"},
                    {"at": 1700000000, "morning_pain": 3},
                    {"at": "2036-11-20T08:00:00+01:00", "morning_pain": 3},
                ],
            }
        )
    )
    refused: Result = cli("import", str(bad))  # type: ignore[operator]
    assert refused.status == 1
    for where in (
        "records[0]: pain_during",
        "records[1]: morning_pain",
        "records[2]: at",
        "records[3]: at: '2036-11-20T08:00:00+01:00' is out of range",
    ):
        assert where in refused.err, refused.err
    assert kept_records(cli("history", "--json").out) == []  # type: ignore[operator]
    own = tmp_path / "own.json"
    own.write_text(
        json.dumps(
            {
                "format": "backbeat-journal",
                "version": 2,
                "records": [{"at": "2026-11-20T08:00", "move": "my-hip-hinge", "pain_during": 1}],
            }
        )
    )
    kept: Result = cli("import", str(own))  # type: ignore[operator]
    assert kept.status == 0 and "not in this catalogue" in kept.out and "my-hip-hinge" in kept.out
