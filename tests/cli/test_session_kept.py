"""A terminal session is saved as it is played: a terminal closed (the program killed) halfway
keeps every movement begun, and the journal shows the session as left unfinished."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.history import kept_records


def _history(environ: dict[str, str]) -> list[dict[str, object]]:
    done = subprocess.run(
        [sys.executable, "-m", "backbeat", "history", "--json"],
        env=environ,
        capture_output=True,
        text=True,
        check=True,
    )
    return kept_records(done.stdout)


def test_a_session_killed_halfway_keeps_what_was_begun(tmp_path: Path) -> None:
    environ = {**os.environ, "BACKBEAT_HOME": str(tmp_path)}
    environ.pop("BACKBEAT_DB_URL", None)
    playing = subprocess.Popen(
        [sys.executable, "-m", "backbeat", "session", "knee-rolls", "pelvic-tilt", "--plain"],
        env=environ,
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120  # a bound for a stuck machine, not a cue window
        sessions: list[dict[str, object]] = []
        while not sessions and time.monotonic() < deadline:
            time.sleep(0.2)  # polling the journal until the first movement's save is in it
            sessions = [r for r in _history(environ) if "session" in r]
        assert sessions, "the session was not saved while it was played"
        playing.send_signal(signal.SIGKILL)
    finally:
        playing.kill()
        playing.wait()
    (session,) = [r for r in _history(environ) if "session" in r]
    assert session["unfinished"] is True and session["done"] == []
    assert session["session"] == ["knee-rolls", "pelvic-tilt"]
    text = subprocess.run(
        [sys.executable, "-m", "backbeat", "history"],
        env=environ,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "left unfinished (no check-in)" in text
