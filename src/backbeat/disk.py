"""The disk as every face meets it: a file read only when it is a file (a FIFO or a device is
refused, never waited on), a file written whole or not at all, and a fault of the disk (full,
read-only, a folder where a file should be) told in one sentence a person can act on.

No dependencies beyond the standard library, so the core, the command line and the web app can
all use it.
"""

from __future__ import annotations

import errno
import io
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EROFS: "the folder is on a read-only disk",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENOENT: "it does not exist",
    errno.EISDIR: "it is a folder, not a file",
    errno.ENOTDIR: "part of its path is a file, not a folder",
    errno.EIO: "the disk reported an input/output error",
    errno.ENAMETOOLONG: "its name is too long",
    errno.ELOOP: "its symbolic links go round in a loop",
}
if hasattr(errno, "EDQUOT"):
    _REASONS[errno.EDQUOT] = "your disk quota is used up"
FULL = 64 * 1024  # bytes free below which a disk is as good as full for a database


def reason(error: OSError) -> str:
    """Why a file could not be used, in words (``the disk is full``)."""
    if error.errno in _REASONS:
        return _REASONS[error.errno]
    return error.strerror or str(error) or type(error).__name__


def cannot(path: Path | str, doing: str, error: OSError) -> str:
    """``/home/ann/profile.toml cannot be written: the disk is full``."""
    return f"{path} cannot be {doing}: {reason(error)}"


class NotWritten(OSError):
    """A file that could not be written, named by its own path (never by the temporary file
    beside it)."""


def named(error: OSError, path: Path | str) -> NotWritten:
    """The fault met writing ``path``, as a ``NotWritten`` naming it."""
    if isinstance(error, NotWritten):
        return error
    return NotWritten(error.errno, error.strerror or reason(error), str(path))


def fault(
    error: BaseException, journal: str = "your journal", folder: Path | None = None
) -> str | None:
    """One sentence for a fault of the disk: a file that cannot be written or used (naming it
    and why), or a database error of the disk (see ``database_fault``); None for any other
    error, which is a mistake in backbeat rather than in the machine."""
    if isinstance(error, NotWritten):
        if error.errno == errno.ENOENT:
            return f"{error.filename} cannot be written: its folder does not exist"
        return cannot(error.filename, "written", error)
    if isinstance(error, OSError):
        if error.filename:
            return cannot(error.filename, "used", error)
        return reason(error)
    return database_fault(error, journal, folder)


def read_text(path: Path) -> str:
    """A regular file's text (UTF-8, universal newlines). A folder, a FIFO or a device raises
    ``OSError`` at once: reading a FIFO nobody writes to would wait for ever."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as raw:
        kind = os.fstat(raw.fileno()).st_mode
        if stat.S_ISDIR(kind):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        if not stat.S_ISREG(kind):
            raise OSError(errno.EINVAL, not_a_file(kind), str(path))
        return io.TextIOWrapper(raw, encoding="utf-8").read()


def check_file(path: Path) -> bool:
    """Whether ``path`` is there (as a regular file); raises ``OSError`` when something else
    (a folder, a FIFO) stands where the file should be."""
    try:
        kind = path.stat().st_mode
    except FileNotFoundError:
        return False
    if stat.S_ISDIR(kind):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    if not stat.S_ISREG(kind):
        raise OSError(errno.EINVAL, not_a_file(kind), str(path))
    return True


def not_a_file(mode: int) -> str:
    """What stands where a file should be, from its ``st_mode``."""
    if stat.S_ISFIFO(mode):
        return "it is a FIFO (a named pipe), not a file"
    if stat.S_ISSOCK(mode):
        return "it is a socket, not a file"
    return "it is a device, not a file"


@contextmanager
def staged(path: Path, data: bytes) -> Iterator[None]:
    """Write ``data`` to a new file beside ``path`` and make it durable, run the body, then
    rename it over ``path``. A failure anywhere before the rename (a full disk, a read-only
    folder, an error in the body) leaves the old file as it was and nothing beside it. A file
    that was there keeps its permissions; a new one is private to its owner. Faults of the
    writing itself name ``path``, never the temporary file."""
    import tempfile

    target = path.resolve() if path.is_symlink() else path  # the link keeps pointing at it
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = 0o600
    except OSError as error:
        raise named(error, path) from error
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as error:
        raise named(error, path) from error
    temporary = Path(name)
    try:
        try:
            with os.fdopen(fd, "wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            os.chmod(temporary, mode)
        except OSError as error:
            raise named(error, path) from error
        yield
        try:
            os.replace(temporary, target)
        except OSError as error:
            raise named(error, path) from error
        _sync_folder(target.parent)
    finally:
        temporary.unlink(missing_ok=True)


def write_whole(path: Path, data: bytes) -> None:
    """Write a file whole or not at all (see ``staged``)."""
    with staged(path, data):
        pass


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable, where the platform lets a folder be synced."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def database_fault(error: BaseException, journal: str, folder: Path | None) -> str | None:
    """One sentence for a database error that is a fault of the disk (full, read-only, cannot
    be opened, an input/output error), naming ``journal``; None for any other error. The
    transaction that met it was rolled back, so nothing of it was saved."""
    import sqlite3

    orig = getattr(error, "orig", None)  # what the database driver said, under SQLAlchemy
    if orig is None:
        if not isinstance(error, sqlite3.Error):
            return None
        orig = error
    message = str(orig).lower()
    if "disk is full" in message or getattr(orig, "sqlstate", None) == "53100":
        return f"{journal} cannot be written: the disk is full; nothing was saved"
    if "readonly database" in message or "read-only" in message:
        return f"{journal} cannot be written: it is read-only; nothing was saved"
    if "unable to open database file" in message or "disk i/o error" in message:
        why = _folder_reason(folder) or (
            "the disk reported an input/output error"
            if "i/o" in message
            else "its folder cannot be used"
        )
        return f"{journal} cannot be opened or written: {why}; nothing was saved"
    return None


def _folder_reason(folder: Path | None) -> str | None:
    """Why a database's folder cannot take writes, when it can be told: missing, read-only,
    not allowed, or full."""
    import shutil
    import tempfile

    if folder is None:
        return None
    if not folder.is_dir():
        return f"its folder {folder} does not exist"
    try:
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as error:
        return reason(error)
    try:
        if shutil.disk_usage(folder).free < FULL:
            return "the disk is full"
    except OSError:
        return None
    return None
