"""`backbeat remind --install` and `--uninstall`: a systemd user unit that systemd itself accepts
and whose command runs, written where XDG_CONFIG_HOME says; a launchd agent that plistlib reads
back; a Windows Startup script."""

from __future__ import annotations

import plistlib
import shlex
import stat
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from backbeat.remind import service
from tests.cli.test_plan import write_profile
from tests.conftest import Result, need

Cli = Callable[..., Result]


@pytest.fixture
def config(tmp_path: Path) -> Path:
    return tmp_path / "config"


@pytest.fixture
def journal_environ(config: Path) -> dict[str, str]:
    return {"XDG_CONFIG_HOME": str(config)}


def unit_file(config: Path) -> Path:
    return config / "systemd" / "user" / "backbeat-remind.service"


def test_install_writes_a_user_unit_and_says_how_to_enable_it(
    cli: Cli, config: Path, home: Path
) -> None:
    result = cli("remind", "--install")
    assert result.status == 0, result.err
    unit = unit_file(config)
    assert f"Wrote {unit}." in result.out
    assert "systemctl --user enable --now backbeat-remind.service" in result.out
    text = unit.read_text()
    assert "WantedBy=graphical-session.target" in text
    assert (
        f'Environment="BACKBEAT_HOME={home}"' in text or f"Environment=BACKBEAT_HOME={home}" in text
    )
    assert stat.S_IMODE(unit.stat().st_mode) == 0o600  # it names where your data is
    systemd = need("systemd-analyze")
    checked = subprocess.run([systemd, "verify", str(unit)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


def test_the_units_command_runs_backbeat_remind(cli: Cli, config: Path, home: Path) -> None:
    cli("remind", "--install")
    line = next(x for x in unit_file(config).read_text().splitlines() if x.startswith("ExecStart="))
    command = shlex.split(line.removeprefix("ExecStart="))
    assert command[-3:] == ["-m", "backbeat", "remind"]
    write_profile(home)
    ran = subprocess.run(
        [*command, "--dry-run", "--date", "2026-11-23"],
        capture_output=True,
        text=True,
        env={"BACKBEAT_HOME": str(home)},
        timeout=60,
    )
    assert ran.returncode == 0, ran.stderr
    assert "Reminders for Monday 23 November 2026" in ran.stdout


def test_uninstall_removes_the_unit_and_its_enabled_link(cli: Cli, config: Path) -> None:
    cli("remind", "--install")
    unit = unit_file(config)
    wants = unit.parent / "graphical-session.target.wants"
    wants.mkdir()
    (wants / unit.name).symlink_to(unit)  # what `systemctl --user enable` leaves
    result = cli("remind", "--uninstall")
    assert result.status == 0 and f"Removed {unit}." in result.out
    assert "systemctl --user stop backbeat-remind.service" in result.out
    assert not unit.exists() and not (wants / unit.name).is_symlink()
    again = cli("remind", "--uninstall")
    assert again.status == 0 and "Nothing to remove" in again.out


def test_install_cannot_be_mixed_with_other_ways_of_running(cli: Cli) -> None:
    assert cli("remind", "--install", "--once").status == 2
    assert cli("remind", "--install", "--uninstall").status == 2


def test_odd_characters_are_quoted_for_systemd() -> None:
    made = service.systemd(
        ["/opt/my apps/python", "-m", "backbeat", "remind"],
        {"HOME": "/home/sam", "BACKBEAT_HOME": "/data/100%/$sam", "BACKBEAT_DB_URL": "sqlite://"},
    )
    text = made.content.decode()
    assert made.path == Path("/home/sam/.config/systemd/user/backbeat-remind.service")
    assert 'ExecStart="/opt/my apps/python" -m backbeat remind' in text
    assert 'Environment="BACKBEAT_HOME=/data/100%%/$sam"' in text
    assert "Environment=BACKBEAT_DB_URL=sqlite://" in text and made.private


def test_a_launchd_agent_for_macos() -> None:
    made = service.launchd(["/usr/bin/python3", "-m", "backbeat", "remind"], {"HOME": "/Users/sam"})
    assert made.path == Path("/Users/sam/Library/LaunchAgents/org.backbeat.remind.plist")
    agent = plistlib.loads(made.content)
    assert agent["Label"] == "org.backbeat.remind" and agent["RunAtLoad"] is True
    assert agent["ProgramArguments"] == ["/usr/bin/python3", "-m", "backbeat", "remind"]
    assert "EnvironmentVariables" not in agent and not made.private
    assert "launchctl bootstrap gui/$(id -u)" in made.enable


def test_a_startup_script_for_windows() -> None:
    made = service.windows(
        [r"C:\Python\pythonw.exe", "-m", "backbeat", "remind"],
        {"APPDATA": r"C:\Users\sam\AppData\Roaming", "BACKBEAT_HOME": r"D:\backbeat"},
    )
    assert str(made.path).endswith(r"Start Menu\Programs\Startup\backbeat-remind.cmd")
    lines = made.content.decode().split("\r\n")
    assert lines[:2] == ["@echo off", r'set "BACKBEAT_HOME=D:\backbeat"']
    assert lines[2] == r'start "backbeat" /min "C:\Python\pythonw.exe" "-m" "backbeat" "remind"'
