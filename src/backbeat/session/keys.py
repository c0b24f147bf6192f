"""Where key presses come from: a terminal in cbreak mode, or nowhere (a pipe)."""

from __future__ import annotations

import os
import select
import time
from types import TracebackType
from typing import Any, TextIO


class TerminalKeys:
    """Single key presses without Enter; the terminal's own settings come back on exit.

    Ctrl-C still interrupts (cbreak keeps signals), and escape sequences such as arrow keys are
    read whole and ignored rather than taken as keys.
    """

    def __init__(self, stream: TextIO) -> None:
        self.fd = stream.fileno()
        self._saved: list[Any] | None = None

    def __enter__(self) -> TerminalKeys:
        import termios
        import tty

        self._saved = termios.tcgetattr(self.fd)
        tty.setcbreak(self.fd)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        import termios

        if self._saved is not None:
            termios.tcsetattr(self.fd, termios.TCSADRAIN, self._saved)

    def wait(self, timeout: float | None) -> str | None:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return None
        data = os.read(self.fd, 32).decode(errors="ignore")
        return "" if not data or data.startswith("\x1b") else data[0].lower()


class NoKeys:
    """No keyboard (input is a pipe or a file): waiting is just sleeping."""

    def __enter__(self) -> NoKeys:
        return self

    def __exit__(self, *_: object) -> None:
        return None

    def wait(self, timeout: float | None) -> str | None:
        if timeout is None:  # asked to wait for a key that can never come: go on instead
            return " "
        time.sleep(timeout)
        return None
