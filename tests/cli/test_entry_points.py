"""The real console script and ``python -m backbeat`` behave as the contract says."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable

from backbeat import __version__
from tests.conftest import Result

Cli = Callable[..., Result]


def test_version(real_cli: Cli) -> None:
    result = real_cli("--version")
    assert result.status == 0
    assert result.out.strip() == f"backbeat {__version__}"


def test_python_dash_m_runs_the_same_program() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "backbeat", "moves", "--json", "--kind", "walk"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert {e["kind"] for e in json.loads(done.stdout)} == {"walk"}


def test_unknown_command_and_unknown_movement_exit_2_without_traceback(real_cli: Cli) -> None:
    for argv in (("dance",), ("moves", "show", "backflip")):
        result = real_cli(*argv)
        assert result.status == 2, argv
        assert "Traceback" not in result.err


def test_catalog_check_on_a_bad_file_exits_1(real_cli: Cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "bad.toml"
    path.write_text('id = "bad"\n')
    result = real_cli("catalog", "check", str(path))
    assert result.status == 1
    assert f"{path}: name: missing required key" in result.out
    assert "Traceback" not in result.err
