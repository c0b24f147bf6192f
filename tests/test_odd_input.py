"""Odd input is refused with a sentence, never a traceback (part of issue 17): deep nesting,
control characters, impossible lengths, an unwritable file, a redirect off this server."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from backbeat.web.guard import same_site
from tests.cli.test_plan import DESK, write_profile
from tests.conftest import Result

Cli = Callable[..., Result]
DEEP = "[" * 5000 + "]" * 5000


def test_a_deeply_nested_profile_is_named_not_a_traceback(cli: Cli, home: Path) -> None:
    write_profile(home, f"pain = {DEEP}\n")
    result = cli("plan")
    assert result.status == 1 and "nested too deeply" in result.err


def test_a_deeply_nested_movement_file_is_skipped_and_the_rest_loads(cli: Cli, home: Path) -> None:
    (home / "movements").mkdir(parents=True)
    (home / "movements" / "deep.toml").write_text(f"x = {DEEP}\n")
    result = cli("moves", "--json")
    assert result.status == 0 and "nested too deeply" in result.err and '"knee-rolls"' in result.out
    checked = cli("catalog", "check", str(home / "movements" / "deep.toml"))
    assert checked.status == 1 and "nested too deeply" in checked.out


def test_a_deeply_nested_import_is_named(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text(DEEP)
    result = cli("import", str(path))
    assert result.status == 1 and "nested too deeply" in result.err


@pytest.mark.parametrize("character", ["\n", "\r", "\x00", "\x7f"])
def test_a_moment_name_with_a_control_character_is_refused(
    cli: Cli, home: Path, character: str
) -> None:
    escaped = {"\n": "\\n", "\r": "\\r", "\x00": "\\u0000", "\x7f": "\\u007f"}[character]
    write_profile(home, DESK.replace('name = "TV"', f'name = "T{escaped}V"'))
    result = cli("plan")
    assert result.status == 1 and "day.moments[0].name" in result.err
    assert "control characters" in result.err


def test_an_activity_with_a_nul_is_refused_and_nothing_is_saved(cli: Cli) -> None:
    flags = ("--pain", "3", "--interference", "2", "--ability", "5")
    result = cli("review", *flags, "--activity", "garden\x00ing")
    assert result.status == 1 and "control characters" in result.err
    assert cli("history", "--json").out.strip() == "[]"


def test_an_impossibly_long_pause_is_refused(cli: Cli) -> None:
    result = cli("remind", "pause", "426453062139h")
    assert result.status == 1 and "is not a length of pause" in result.err


def test_an_unwritable_figure_file_is_named(cli: Cli) -> None:
    result = cli("moves", "show", "knee-rolls", "--svg", "/nonexistent/x.svg")
    assert result.status == 1 and "/nonexistent/x.svg: cannot be written" in result.err


@pytest.mark.parametrize(
    ("path", "kept"), [("//evil.example", "/evil.example"), ("/plan", "/plan"), ("/\\x", "/x")]
)
def test_a_login_sends_the_browser_back_only_to_this_server(path: str, kept: str) -> None:
    assert same_site(path) == kept


def test_an_import_into_an_empty_home_brings_the_profile_back(
    cli: Cli, home: Path, tmp_path: Path
) -> None:
    write_profile(home)
    assert cli("plan").status == 0  # keeps the profile (and the plan) in the journal
    exported = tmp_path / "journal.json"
    assert cli("export", str(exported)).status == 0
    before = cli("plan", "--json").out
    (home / "profile.toml").unlink()
    (home / "backbeat.db").unlink()
    result = cli("import", str(exported))
    assert result.status == 0 and "Your profile from the export is back" in result.out
    assert cli("plan", "--json").out == before
    again = cli("import", str(exported))  # a profile that is there is never replaced
    assert again.status == 0 and "profile" not in again.out
