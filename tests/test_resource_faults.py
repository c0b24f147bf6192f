"""Faults of the machine are named, never a traceback (issue 17, point 7): a full disk, a
read-only folder, a folder or a FIFO where a file should be, and any other error at the
outermost edge. One sentence, exit 1, and nothing stored half-way."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from backbeat.cli import moves
from tests.cli.test_plan import DESK, write_profile
from tests.conftest import REPO, Result, run_cli
from tests.faults import fifo, fill, read_only, small_disk

Cli = Callable[..., Result]
ALL_NO = "n\n" * 15
REVIEW = ("review", "--pain", "3", "--interference", "2", "--ability", "5", "--activity", "walks")
README = (REPO / "README.md").read_text()
COMMENTED = "# from the physio, March\n" + DESK.replace("pain = 4", "pain = 4  # on a good day")


def _one_line(result: Result) -> str:
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    return lines[0]


def test_init_force_in_a_read_only_home_is_one_sentence_and_changes_nothing(
    cli: Cli, home: Path
) -> None:
    path = write_profile(home)
    with read_only(home):
        result = cli("init", "--force", stdin=ALL_NO)
    assert result.status == 1
    assert _one_line(result) == (
        f"backbeat: no profile written: {path} cannot be written: the folder is on a read-only "
        "disk."
    )
    assert path.read_text() == DESK and os.listdir(home) == ["profile.toml"]


def _records(count: int) -> str:
    records = [
        {"at": f"2026-{1 + i // 300:02d}-{1 + i // 12 % 25:02d}T07:{i % 12 * 5:02d}:00+01:00"}
        | {"move": "knee-rolls", "pain_during": 2, "sharp": False, "hurt": False}
        for i in range(count)
    ]
    return json.dumps({"format": "backbeat-journal", "version": 1, "records": records})


@pytest.mark.parametrize(
    "argv",
    [
        ("checkin", "--pain", "3"),
        ("log", "knee-rolls", "--pain-during", "2"),
        ("import", "BIG"),
        REVIEW,
    ],
    ids=["checkin", "log", "import", "review"],
)
def test_a_full_disk_is_named_and_nothing_is_saved(tmp_path: Path, argv: tuple[str, ...]) -> None:
    big = tmp_path / "big.json"
    big.write_text(_records(3000))
    argv = tuple(str(big) if arg == "BIG" else arg for arg in argv)
    with small_disk(tmp_path / "disk") as disk:
        home = disk / "home"
        environ = {"BACKBEAT_HOME": str(home)}
        assert run_cli(environ, "checkin", "--pain", "2", "--at", "2026-11-20T07:00").status == 0
        before = run_cli(environ, "export", "-").out
        filler = fill(disk)
        result = run_cli(environ, *argv)
        filler.unlink()
        after = run_cli(environ, "export", "-").out
    assert result.status == 1
    journal = home / "backbeat.db"
    assert _one_line(result).startswith(f"backbeat: your journal ({journal}) cannot be")
    assert "the disk is full; nothing was saved" in result.err
    assert after == before


def test_init_force_on_a_full_disk_leaves_the_old_profile_whole(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", "256k") as disk:
        home = disk / "home"
        home.mkdir()
        path = write_profile(home)
        filler = fill(disk)
        result = run_cli({"BACKBEAT_HOME": str(home)}, "init", "--force", stdin=ALL_NO)
        left = sorted(os.listdir(home))
        filler.unlink()
        kept = path.read_text()
    assert result.status == 1
    assert _one_line(result) == (
        f"backbeat: no profile written: {path} cannot be written: the disk is full."
    )
    assert kept == DESK and left == ["profile.toml"]


def test_a_profile_that_is_a_folder_is_named(cli: Cli, home: Path) -> None:
    path = home / "profile.toml"
    path.mkdir()
    result = cli("plan")
    assert result.status == 1
    assert _one_line(result) == f"{path}: (file): cannot be read (it is a folder, not a file)"


def test_a_profile_or_an_old_history_that_is_a_fifo_is_named_at_once(cli: Cli, home: Path) -> None:
    path = home / "profile.toml"
    with fifo(path) as waited, fifo(home / "history.jsonl") as waited_too:
        planned = cli("plan")
        history = cli("history", "--json")
    assert waited == waited_too == []
    assert planned.status == 1
    assert f"{path}: (file): cannot be read (it is a FIFO (a named pipe), not a file)" in (
        planned.err
    )
    assert history.status == 0 and history.out.strip() == "[]"
    assert f"{home / 'history.jsonl'} was left as it is: it is a FIFO" in history.err


def test_a_red_flag_in_the_review_keeps_the_comments_of_the_profile(cli: Cli, home: Path) -> None:
    path = write_profile(home, COMMENTED)
    result = cli(*REVIEW, "--red-flag", "fever")
    assert result.status == 3
    text = path.read_text()
    assert text.startswith("# from the physio, March\npain = 4  # on a good day\n")
    assert "fever = true" in text


def test_a_red_flag_that_cannot_be_written_is_named_and_still_refers(
    cli: Cli, home: Path, tmp_path: Path
) -> None:
    """The profile lives in a read-only folder (through a link): the review is saved, the
    safety answer cannot be, and the referral is given all the same."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    real = write_profile(elsewhere)
    (home / "profile.toml").symlink_to(real)
    with read_only(elsewhere):
        result = cli(*REVIEW, "--red-flag", "fever")
    assert result.status == 3 and "Please see a doctor today" in result.out
    assert _one_line(result) == (
        "backbeat review: your review was saved, but not the new safety answers: "
        f"{home / 'profile.toml'} cannot be written: the folder is on a read-only disk."
    )
    assert real.read_text() == DESK and os.listdir(elsewhere) == ["profile.toml"]
    assert [r["activity"] for r in json.loads(cli("history", "--json").out)] == ["walks"]


def _raise(error: BaseException) -> Callable[..., object]:
    def handler(*_: object) -> object:
        raise error

    return handler


def test_an_unexpected_error_is_one_sentence_with_the_way_to_its_details(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(moves, "list_moves", _raise(RuntimeError("a bug\non two lines")))
    result = cli("moves")
    assert result.status == 1
    assert _one_line(result) == (
        "backbeat: something went wrong and the command stopped (RuntimeError); run it again "
        "with BACKBEAT_TRACEBACK=1 to see the details, and please report them."
    )
    assert "`BACKBEAT_TRACEBACK=1`" in README  # the promise, and the way to the details


def test_backbeat_traceback_shows_the_details(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(moves, "list_moves", _raise(RuntimeError("a bug")))
    environ = {"BACKBEAT_HOME": str(home), "BACKBEAT_TRACEBACK": "1"}
    result = run_cli(environ, "moves")
    assert result.status == 1
    assert result.err.startswith("Traceback") and "RuntimeError: a bug" in result.err
    assert result.err.endswith("please report them.\n")


@pytest.mark.parametrize(
    ("error", "said"),
    [
        (
            PermissionError(13, "Permission denied", "/srv/x.toml"),
            "backbeat: /srv/x.toml cannot be used: permission denied.",
        ),
        (
            OperationalError("INSERT", {}, sqlite3.OperationalError("database or disk is full")),
            "backbeat: your journal (HOME/backbeat.db) cannot be written: the disk is full; "
            "nothing was saved.",
        ),
        (
            OperationalError(
                "INSERT", {}, sqlite3.OperationalError("attempt to write a readonly database")
            ),
            "backbeat: your journal (HOME/backbeat.db) cannot be written: it is read-only; "
            "nothing was saved.",
        ),
    ],
    ids=["oserror", "disk-full", "readonly"],
)
def test_the_outermost_guard_names_a_fault_of_the_machine(
    cli: Cli, home: Path, monkeypatch: pytest.MonkeyPatch, error: Exception, said: str
) -> None:
    monkeypatch.setattr(moves, "list_moves", _raise(error))
    result = cli("moves")
    assert result.status == 1 and _one_line(result) == said.replace("HOME", str(home))


def test_a_session_history_file_on_a_full_disk_keeps_no_half_line(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", "256k") as disk:
        history = disk / "history.jsonl"
        line = '{"at": "2026-11-20T07:00:00+01:00", "morning_pain": 2}'
        history.write_text(line.ljust(4000) + "\n")  # the disk's last page has 95 bytes free
        filler = fill(disk)
        argv = ("session", "knee-rolls", "--no-checkin", "--plain", "--speed", "1000")
        result = run_cli({"BACKBEAT_HOME": str(tmp_path)}, *argv, "--history", str(history))
        kept = history.read_text()
        filler.unlink()
    assert result.status == 1
    assert (
        f"backbeat: the check-in could not be saved: {history} cannot be written: the disk is full"
    ) in result.err
    assert kept == line.ljust(4000) + "\n"
