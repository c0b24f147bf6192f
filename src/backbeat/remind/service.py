"""Starting ``backbeat remind`` with the desktop session: a systemd user unit on Linux, a
launchd agent on macOS, a Startup-folder script on Windows. Pure: each gives a path and the
file's content; the command writes it and says how to turn it on.
"""

from __future__ import annotations

import plistlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath

UNIT = "backbeat-remind.service"
AGENT = "org.backbeat.remind"
STARTUP = "backbeat-remind.cmd"
KEPT = ("BACKBEAT_HOME", "BACKBEAT_DB_URL")  # so the daemon reads the journal you use


@dataclass(frozen=True, slots=True)
class Service:
    """A file to write (``private``: readable by its owner only, as it may hold a database
    URL), what turns it on, what stops one running once the file is gone, and anything else to
    remove with it."""

    path: Path
    content: bytes
    enable: str
    stop: str
    private: bool = False
    also: tuple[Path, ...] = ()


def kept(environ: Mapping[str, str]) -> dict[str, str]:
    """The environment the daemon needs from the person's: where their journal is."""
    return {key: environ[key] for key in KEPT if environ.get(key)}


def systemd(command: Sequence[str], environ: Mapping[str, str]) -> Service:
    """A user unit under ``$XDG_CONFIG_HOME/systemd/user`` that runs with the graphical
    session, where the notification service and the idle monitor live."""
    config = environ.get("XDG_CONFIG_HOME") or str(Path(environ.get("HOME", "~")) / ".config")
    folder = Path(config).expanduser() / "systemd" / "user"
    extra = kept(environ)
    lines = [
        "[Unit]",
        "Description=backbeat reminders: gentle movement at your plan's moments",
        "PartOf=graphical-session.target",
        "After=graphical-session.target",
        "",
        "[Service]",
        f"ExecStart={' '.join(_systemd_word(w).replace('$', '$$') for w in command)}",
        *(f"Environment={_systemd_word(f'{k}={v}')}" for k, v in extra.items()),
        "Restart=on-failure",
        "RestartSec=30",
        "",
        "[Install]",
        "WantedBy=graphical-session.target",
    ]
    return Service(
        folder / UNIT,
        ("\n".join(lines) + "\n").encode(),
        "To start reminders now and with every desktop session, run:\n"
        f"  systemctl --user daemon-reload && systemctl --user enable --now {UNIT}",
        "If reminders are running now, stop them with:\n"
        f"  systemctl --user stop {UNIT} && systemctl --user daemon-reload",
        private=bool(extra),
        also=(folder / "graphical-session.target.wants" / UNIT,),
    )


def launchd(command: Sequence[str], environ: Mapping[str, str]) -> Service:
    """A launch agent that starts at login and again if it stops with an error."""
    home = Path(environ.get("HOME", "~")).expanduser()
    path = home / "Library" / "LaunchAgents" / f"{AGENT}.plist"
    extra = kept(environ)
    agent: dict[str, object] = {
        "Label": AGENT,
        "ProgramArguments": list(command),
        "RunAtLoad": True,
        "KeepAlive": {"SuccessfulExit": False},
        "StandardOutPath": str(home / "Library" / "Logs" / "backbeat-remind.log"),
        "StandardErrorPath": str(home / "Library" / "Logs" / "backbeat-remind.log"),
    }
    if extra:
        agent["EnvironmentVariables"] = extra
    return Service(
        path,
        plistlib.dumps(agent),
        "To start reminders now and at every login, run:\n"
        f'  launchctl bootstrap gui/$(id -u) "{path}"',
        f"If reminders are running now, stop them with:\n  launchctl bootout gui/$(id -u)/{AGENT}",
        private=bool(extra),
    )


def windows(command: Sequence[str], environ: Mapping[str, str]) -> Service:
    """A script in the Startup folder: Windows runs it at each sign-in."""
    appdata = PureWindowsPath(environ.get("APPDATA", "~"))
    folder = appdata / "Microsoft" / "Windows" / "Start Menu" / "Programs" / "Startup"
    lines = ["@echo off"]
    lines += [f'set "{k}={v}"' for k, v in kept(environ).items()]
    lines.append('start "backbeat" /min ' + " ".join(f'"{w}"' for w in command))
    return Service(
        Path(str(folder / STARTUP)),
        ("\r\n".join(lines) + "\r\n").encode(),
        "Reminders start at your next sign-in; to start them now, run: backbeat remind",
        "Reminders running now stop when you sign out.",
        private=bool(kept(environ)),
    )


def _systemd_word(word: str) -> str:
    """One word of a unit file's command line: quoted when it must be, ``%`` doubled (systemd
    would read it as a specifier)."""
    word = word.replace("%", "%%")
    if word and not any(c in word for c in " \t\"'\\;$"):
        return word
    escaped = word.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
