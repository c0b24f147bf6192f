"""Everything a face (a command, the web app, the API) may touch outside the core, in one place:
the streams, the environment, the clock, the person's time zone, and the openers of the catalogue
and the journal. Tests pass their own ``Env``; nothing here runs at import."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from backbeat import disk

T = TypeVar("T")

if TYPE_CHECKING:  # the store imports SQLAlchemy: only when a face opens the journal
    from backbeat.catalog.catalogue import Catalogue
    from backbeat.journal.store import Journal

LOCALTIME = Path("/etc/localtime")
LEGACY = "history.jsonl"


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

    @property
    def cache(self) -> Path:
        """``$BACKBEAT_HOME/cache`` when ``BACKBEAT_HOME`` is set, else the platform's user
        cache folder for backbeat: what can be thrown away and made again (the catalogue)."""
        if self.environ.get("BACKBEAT_HOME"):
            return self.home / "cache"
        import platformdirs

        return platformdirs.user_cache_path("backbeat", appauthor=False)


def local_zone(env: Env, now: datetime | None = None) -> tzinfo:
    """The zone ``env``'s clock is in, by name (Europe/Paris) when it can be found.

    The clock gives only today's UTC offset; a calendar, a daylight-saving day and a time typed
    without a zone need the zone's rules. A name is taken from the clock when it carries one,
    else from ``TZ``, else from the system's ``/etc/localtime``; a name whose offset now differs
    from the clock's is not the zone the clock is in, and the clock's fixed offset is used."""
    now = now or env.clock()
    assert now.tzinfo is not None, "the clock gives aware times"
    if isinstance(now.tzinfo, ZoneInfo):
        return now.tzinfo
    for name in _candidates(env):
        try:
            zone = ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            continue
        if now.astimezone(zone).utcoffset() == now.utcoffset():
            return zone
    return now.tzinfo


def _candidates(env: Env) -> list[str]:
    names = []
    if tz := env.environ.get("TZ", "").removeprefix(":"):
        names.append(tz)
    try:
        target = str(LOCALTIME.resolve())
    except OSError:
        target = ""
    if "zoneinfo/" in target:
        names.append(target.split("zoneinfo/", 1)[1])
    return names


def open_catalogue(env: Env) -> Catalogue | None:
    """The catalogue, built-in plus the person's own; a movement file of theirs that is invalid
    is reported on stderr and skipped. None (after saying why) only when the built-in catalogue
    itself is broken."""
    from backbeat.catalog.loader import with_user_movements

    return opened(env, with_user_movements)


def opened(env: Env, read: Callable[[Path, Path], tuple[T, Sequence[object]]]) -> T | None:
    """What ``read`` gives of the catalogue (from the data and cache folders), its problems
    said on stderr; None, after saying why, when the built-in catalogue itself is broken."""
    from backbeat.catalog.loader import BrokenCatalogue

    try:
        found, problems = read(env.home, env.cache)
    except BrokenCatalogue as error:
        env.stderr.write(
            f"backbeat: the built-in catalogue is broken, please report this:\n{error}\n"
        )
        return None
    for problem in problems:
        env.stderr.write(f"backbeat: skipped a movement file: {problem}\n")
    return found


def open_journal(env: Env) -> Journal | None:
    """The journal, migrated to the newest schema. History records written before the journal
    existed (``$BACKBEAT_HOME/history.jsonl``) are copied in first, then the file is renamed
    (never deleted) so they are not read twice. None, after saying why, when it cannot open."""
    from sqlalchemy.exc import SQLAlchemyError

    from backbeat.journal.db import journal_url, open_database
    from backbeat.journal.store import Journal
    from backbeat.records import parse_lines

    url = journal_url(env.environ, env.home)
    try:
        journal = Journal(open_database(url))
    except (SQLAlchemyError, OSError) as error:
        said = fault_sentence(env, error)
        if said is None:
            driver = str(getattr(error, "orig", None) or error).splitlines()[0]
            said = f"the journal at {url} cannot be opened ({driver})"
        env.stderr.write(f"backbeat: {said}\n")
        return None
    legacy = env.home / LEGACY
    if legacy.exists():
        try:
            lines = disk.read_text(legacy).splitlines()
        except (OSError, UnicodeDecodeError) as error:  # a folder, a FIFO, not text
            why = disk.reason(error) if isinstance(error, OSError) else "it is not UTF-8 text"
            env.stderr.write(f"backbeat: {legacy} was left as it is: {why}\n")
            return journal
        records, problems = parse_lines(lines, str(legacy))
        if problems:
            for problem in problems:
                env.stderr.write(f"{problem}\n")
            env.stderr.write(f"backbeat: {legacy} was left as it is; mend it to bring it in\n")
        else:
            from backbeat.journal.db import Busy

            try:
                journal.add(records)
            except Busy as busy:
                env.stderr.write(f"backbeat: {legacy} was not copied in yet: {busy}\n")
            else:
                legacy.rename(legacy.with_name(f"{LEGACY}.imported"))
    return journal


def fault_sentence(env: Env, error: BaseException) -> str | None:
    """One sentence for a fault of the disk (see ``backbeat.disk.fault``), naming the journal's
    file when the journal met it; None for any other error."""
    name, folder = "your journal", None
    if isinstance(error, OSError):
        return disk.fault(error)
    try:
        from sqlalchemy.engine import make_url

        from backbeat.journal.db import journal_url

        url = make_url(journal_url(env.environ, env.home))
    except Exception:  # an address that cannot be read has been reported as such already
        url = None
    if url is not None and url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            path = Path(url.database)
            name, folder = f"your journal ({path})", path.parent
    elif url is not None:
        name = f"your journal's database at {url.host or 'its server'}"
    return disk.fault(error, name, folder)
