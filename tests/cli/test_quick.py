"""Quick commands load only what they need (issue 16): ``log`` and ``checkin`` neither pydantic
nor SQLAlchemy, ``plan`` and ``now`` no SQLAlchemy, once the journal is a SQLite file at the
newest schema and the catalogue is cached. What they store is the same either way (see
``tests/journal/test_plain.py``); here, that they take the quick door, and leave the other
cases to the full one. Time itself is measured in ``benchmarks/startup.py``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from backbeat.records import MoveRecord, as_json
from tests.conftest import run_cli

PROFILE = 'pain = 4\n[[day.work]]\nstart = "09:00"\nend = "17:30"\nplace = "desk"\n'
HEAVY = ("sqlalchemy", "pydantic", "alembic", "backbeat.journal.schema", "tomlkit")
LOADED = """
import json, sys
from backbeat.cli.main import run
sys.argv = ["backbeat", *sys.argv[1:]]
try:
    run()
except SystemExit as exit_:
    status = exit_.code
heavy = [name for name in {heavy!r} if name in sys.modules]
with open({out!r}, "w") as file:
    json.dump({{"status": status, "loaded": heavy}}, file)
"""


def _loaded(home: Path, *argv: str) -> tuple[int, list[str]]:
    """A command's exit status, and which of the heavy modules it loaded."""
    out = home / "loaded.json"
    code = LOADED.format(heavy=HEAVY, out=str(out))
    environ = {**os.environ, "BACKBEAT_HOME": str(home)}
    environ.pop("BACKBEAT_DB_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", code, *argv],
        capture_output=True,
        text=True,
        env=environ,
        timeout=60,
    )
    assert out.exists(), done.stderr
    found = json.loads(out.read_text())
    return found["status"], found["loaded"]


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A person's folder with a profile, whose journal and catalogue cache exist already."""
    (tmp_path / "profile.toml").write_text(PROFILE, encoding="utf-8")
    environ = {"BACKBEAT_HOME": str(tmp_path)}
    assert run_cli(environ, "checkin", "--pain", "3").status == 0  # makes the journal
    assert run_cli(environ, "moves", "--json").status == 0  # and the cache
    return tmp_path


def test_log_and_checkin_load_neither_pydantic_nor_sqlalchemy(home: Path) -> None:
    assert _loaded(home, "log", "cat-cow", "--pain-during", "2") == (0, [])
    assert _loaded(home, "checkin", "--pain", "2", "--stiffness", "4") == (0, [])
    assert _loaded(home, "log", "cat-co", "--pain-during", "2") == (1, [])  # with its hint
    assert _loaded(home, "--version") == (0, [])


def test_plan_and_now_load_neither_sqlalchemy_nor_tomlkit(home: Path) -> None:
    for argv in (("plan", "--json"), ("now", "--dry-run", "--json"), ("moves", "--json")):
        status, loaded = _loaded(home, *argv)
        assert status == 0 and loaded == ["pydantic"], argv


def test_a_journal_to_migrate_or_bring_in_takes_the_full_door(tmp_path: Path) -> None:
    record = MoveRecord.model_validate(
        {"at": "2026-11-20T08:00:00+01:00", "move": "cat-cow", "pain_during": 2}
    )
    (tmp_path / "history.jsonl").write_text(json.dumps(as_json(record)) + "\n", encoding="utf-8")
    status, loaded = _loaded(tmp_path, "log", "cat-cow", "--pain-during", "5")
    assert status == 0 and "sqlalchemy" in loaded
    assert (tmp_path / "history.jsonl.imported").exists()
    listed = run_cli({"BACKBEAT_HOME": str(tmp_path)}, "history", "--json")
    assert [e["pain_during"] for e in json.loads(listed.out)] == [5, 2]
    status, loaded = _loaded(tmp_path, "log", "cat-cow", "--pain-during", "6")
    assert status == 0 and loaded == []  # migrated now, and nothing left to bring in


def test_the_quick_log_says_what_the_full_one_says(home: Path) -> None:
    environ = {"BACKBEAT_HOME": str(home)}
    at = ("--at", "2026-11-23T08:15")
    first = _loaded(home, "log", "cat-cow", "--pain-during", "2", "--difficulty", "ok", *at)
    again = run_cli(environ, "log", "cat-cow", "--pain-during", "2", "--difficulty", "ok", *at)
    assert first == (0, []) and again.out == "Already in your journal.\n"
    bad = run_cli(environ, "log", "cat-cow", "--pain-during", "11")
    assert bad.status == 1 and "--pain-during" in bad.err
