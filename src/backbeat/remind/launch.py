"""Start: play the reminded slot with the session player, in a terminal window of its own.

A daemon started by the desktop has no terminal, so Start opens one (the first terminal
program found) running ``backbeat session --slot MOMENT``. Reminders shown in a terminal play
the session right there.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence

TERMINALS = (
    ("x-terminal-emulator", ("-e",)),  # Debian and Ubuntu's choice of the person's terminal
    ("gnome-terminal", ("--",)),
    ("konsole", ("-e",)),
    ("xfce4-terminal", ("-x",)),
    ("kitty", ()),
    ("alacritty", ("-e",)),
    ("foot", ()),
    ("xterm", ("-e",)),
)


def session_argv(moment: str, profile: str | None) -> list[str]:
    """The session player's command for that slot of today's plan."""
    return ["session", "--slot", moment, *(["--profile", profile] if profile else [])]


def window_command(
    argv: Sequence[str], environ: Mapping[str, str], platform: str
) -> list[str] | None:
    """A command that opens a terminal window running ``backbeat`` with ``argv``, or None when
    no terminal program is found."""
    command = [sys.executable, "-m", "backbeat", *argv]
    if platform == "darwin":
        script = shlex.join(command).replace("\\", "\\\\").replace('"', '\\"')
        return [
            "osascript",
            "-e",
            f'tell application "Terminal" to do script "{script}"',
            "-e",
            'tell application "Terminal" to activate',
        ]
    if platform == "win32":
        return ["cmd", "/c", "start", "backbeat", *command]
    path = environ.get("PATH")
    for name, flags in TERMINALS if path else ():
        found = shutil.which(name, path=path)
        if found is not None:
            return [found, *flags, *command]
    return None


def open_window(command: Sequence[str], environ: Mapping[str, str]) -> str | None:
    """Start ``command`` on its own, detached from this process; None, or why it failed."""
    try:
        subprocess.Popen(
            list(command),
            env=dict(environ),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError as error:
        return str(error)
    return None
