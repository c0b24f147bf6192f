"""Another program holding a SQLite journal's write lock, for as long as a test needs it."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

HOLD_S = 15.0
"""The longest the other program holds the lock before letting go by itself: far longer than
any answer a test waits for, so an answer that waited for the lock could not pass."""

HOLDER = """
import select, sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
print("held", flush=True)
told = select.select([sys.stdin], [], [], float(sys.argv[2]))[0]
connection.execute("ROLLBACK")
print("released when told" if told else "released after the hold ran out", flush=True)
"""


@contextmanager
def write_lock_held(database: Path, hold: float = HOLD_S) -> Iterator[Callable[[], str]]:
    """A Python process that begins IMMEDIATE on ``database`` and keeps the write lock until the
    test calls the function given (or ``hold`` seconds pass); the function says which came
    first, so a test can tell that all it checked happened under the lock."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(database), str(hold)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdin is not None and holder.stdout is not None
    said: list[str] = []

    def release() -> str:
        if not said:
            assert holder.stdin is not None and holder.stdout is not None
            try:
                holder.stdin.write("let go\n")
                holder.stdin.flush()
            except BrokenPipeError:  # it had let go already, and said so
                pass
            said.append(holder.stdout.readline().strip())
        return said[0]

    try:
        assert holder.stdout.readline().strip() == "held", "the other program took no lock"
        yield release
        release()
    finally:
        if holder.poll() is None:
            holder.kill()
        holder.wait(timeout=10)
        holder.stdin.close()
        holder.stdout.close()
