"""Rich consoles bound to the command's own streams."""

from __future__ import annotations

from typing import TYPE_CHECKING

from backbeat.context import Env

if TYPE_CHECKING:
    from rich.console import Console


def console(env: Env) -> Console:
    """A console on ``env.stdout``; wide enough for tables when output goes to a pipe."""
    from rich.console import Console

    tty = env.stdout.isatty()
    return Console(file=env.stdout, width=None if tty else 120, highlight=False, soft_wrap=not tty)
