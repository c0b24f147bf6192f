"""Everything a command may touch outside itself, in one object, so tests can pass their own."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO


def _now() -> datetime:
    return datetime.now(UTC).astimezone()


@dataclass(frozen=True)
class Env:
    """Streams, environment variables and the clock; the data folder is derived from them."""

    stdout: TextIO
    stderr: TextIO
    stdin: TextIO
    environ: Mapping[str, str] = field(default_factory=dict)
    clock: Callable[[], datetime] = _now

    @classmethod
    def from_os(cls) -> Env:
        return cls(sys.stdout, sys.stderr, sys.stdin, dict(os.environ))

    @property
    def home(self) -> Path:
        """``BACKBEAT_HOME``, or the platform's user data folder for backbeat."""
        if override := self.environ.get("BACKBEAT_HOME"):
            return Path(override).expanduser()
        import platformdirs

        return platformdirs.user_data_path("backbeat", appauthor=False)
