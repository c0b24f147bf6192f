"""Faults of the machine made for real, for the tests of issue 17's point 7: a read-only
folder and a full disk. Root ignores file modes, so a read-only folder is a read-only bind
mount (or an immutable folder); a full disk is a small tmpfs. Where neither can be made, the
test is skipped, saying why."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest


def _run(*command: str) -> bool:
    tool = shutil.which(command[0])
    if tool is None:
        return False
    done = subprocess.run([tool, *command[1:]], capture_output=True, timeout=30)
    return done.returncode == 0


def _cannot_write(folder: Path) -> bool:
    try:
        (folder / ".probe").write_text("x")
    except OSError:
        return True
    (folder / ".probe").unlink()
    return False


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[Path]:
    """``folder`` cannot be written to while the block runs, even by root."""
    if os.name != "posix":
        pytest.skip("a read-only folder is made here with POSIX tools")
    if os.geteuid() != 0:
        mode = folder.stat().st_mode
        folder.chmod(0o555)
        try:
            yield folder
        finally:
            folder.chmod(mode)
        return
    if _run("mount", "--bind", str(folder), str(folder)):
        try:
            if not _run("mount", "-o", "remount,bind,ro", str(folder)):
                pytest.skip("a bind mount cannot be made read-only here")
            assert _cannot_write(folder)
            yield folder
        finally:
            _run("umount", str(folder))
        return
    if _run("chattr", "+i", str(folder)):
        try:
            assert _cannot_write(folder)
            yield folder
        finally:
            _run("chattr", "-i", str(folder))
        return
    pytest.skip("running as root without mount or chattr: no folder can be made read-only")


@contextlib.contextmanager
def small_disk(folder: Path, size: str = "1m") -> Iterator[Path]:
    """A disk of ``size`` mounted at ``folder`` (a tmpfs) for the block."""
    folder.mkdir(parents=True, exist_ok=True)
    if os.name != "posix" or os.geteuid() != 0:
        pytest.skip("a small disk is mounted as a tmpfs, which needs root")
    if not _run("mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)):
        pytest.skip("a tmpfs cannot be mounted here (a container without the right)")
    try:
        yield folder
    finally:
        _run("umount", "-l", str(folder))


def fill(folder: Path, leave: int = 0) -> Path:
    """Fill the disk holding ``folder`` until about ``leave`` bytes are free; the filler's path
    (remove it to free the disk again)."""
    filler = folder / "filler"
    chunk = b"\0" * 4096
    with filler.open("wb", buffering=0) as file:
        try:
            while shutil.disk_usage(folder).free > leave:
                file.write(chunk)
        except OSError as error:
            if error.errno != errno.ENOSPC:
                raise
    return filler


@contextlib.contextmanager
def fifo(path: Path, patience: float = 5) -> Iterator[list[str]]:
    """A FIFO at ``path`` for the block. A reader still waiting on it after ``patience`` seconds
    is let go (given an end of file) and noted in the list yielded, so a read that would wait
    for ever fails the test instead of hanging it."""
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this platform")
    os.mkfifo(path)
    waited: list[str] = []
    done = threading.Event()

    def release() -> None:
        while not done.wait(patience):
            try:
                fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)  # only when someone reads
            except OSError:
                continue
            waited.append(f"a reader waited {patience} s on {path}")
            os.close(fd)

    watcher = threading.Thread(target=release, daemon=True)
    watcher.start()
    try:
        yield waited
    finally:
        done.set()
        watcher.join()
