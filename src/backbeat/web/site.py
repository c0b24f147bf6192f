"""What every page needs: the catalogue, the journal, the profile, the clock and the templates.

Made once when the app starts (nothing at import). The profile is read again only when its file
changes, so a profile edited by hand or by ``backbeat init`` shows at the next page.

Pages are made in Starlette's worker threads, several at once, never on the event loop (which
only looks up the pages kept): what the site keeps between requests (the profile read, the
journal's records, the pages made) is replaced whole or changed under its lock, so a thread
never sees another's half-made state.
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

import jinja2
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from backbeat.catalog.catalogue import Catalogue
from backbeat.coach import give_plan, give_today, rescreen, today_for
from backbeat.context import Env
from backbeat.history import JournalHistory
from backbeat.journal.db import Busy
from backbeat.journal.store import Journal
from backbeat.journal.versions import keep_versions
from backbeat.plan.model import Plan
from backbeat.plan.profile import Profile
from backbeat.plan.profile_file import (
    PROGRAMME_FILE,
    ProfileState,
    profile_state,
    saving_profile,
)
from backbeat.plan.today import Today, plan_day
from backbeat.records import Record
from backbeat.safety import wording
from backbeat.safety.screen import Referral
from backbeat.session import checkin, cues
from backbeat.web import figures
from backbeat.web.guard import CSRF_FIELD
from backbeat.words import dose_text, listing

PAGES_KEPT = 64  # pages kept ready (see Site.cached)
KNOWN_MARK: ContextVar[tuple[object, ...] | None] = ContextVar("backbeat_known_mark", default=None)
"""The journal's change mark for this request, when the server read it with the request's
other questions (``Journal.change_mark``'s columns); None: the site asks the journal."""
RETRY_AFTER_S = 5  # what a busy answer (503) asks a browser or a script to wait before again
HERE = Path(__file__).parent
STATIC = HERE / "static"
NAV = (
    ("/", "Today"),
    ("/plan", "Plan"),
    ("/moves", "Moves"),
    ("/journal", "Journal"),
    ("/progress", "Progress"),
    ("/settings", "Settings"),
)

T = TypeVar("T")


@dataclass
class Site:
    """One person's backbeat as the pages see it; made by ``create_app`` and kept on the app."""

    env: Env
    catalogue: Catalogue
    journal: Journal
    csrf: str
    _profile: tuple[tuple[int, ...], ProfileState] | None = field(default=None, repr=False)
    _stills: dict[tuple[str, str], Markup] = field(default_factory=dict, repr=False)
    _motions: dict[tuple[str, bool], dict[str, object]] = field(default_factory=dict, repr=False)
    _writes: int = 0  # writes this app has finished: part of the journal's mark
    _history: tuple[object, list[Record]] | None = field(default=None, repr=False)
    _today: _KeptToday | None = field(default=None, repr=False)
    _pages: OrderedDict[object, tuple[bytes, bytes, str]] = field(
        default_factory=OrderedDict, repr=False
    )
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    # Pages being made now, by key: a change of the journal (or of the minute) makes every
    # kept page stale at once, and twenty requests arriving then wait for one making, not
    # twenty (which, one core at a time, would take twenty times as long for each).
    _making: dict[tuple[object, ...], asyncio.Future[Response | tuple[bytes, bytes, str]]] = field(
        default_factory=dict, repr=False
    )
    _asking: asyncio.Future[tuple[object, ...]] | None = field(default=None, repr=False)
    _latest: dict[tuple[object, ...], tuple[tuple[object, ...], tuple[bytes, bytes, str]]] = field(
        default_factory=dict, repr=False
    )  # the newest page made for each address, with its key

    def __post_init__(self) -> None:
        self.templates = jinja2.Environment(
            loader=jinja2.FileSystemLoader(HERE / "templates"),
            bytecode_cache=COMPILED,
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
        )
        self.templates.globals.update(
            static=static_url,
            nav=NAV,
            wording=wording,
            dose_text=dose_text,
            listing=listing,
            checkin_words=checkin,
            csrf_field=CSRF_FIELD,
            csrf=self.csrf,
            still=self.still,
            account_panel=None,  # the clinic server's: a patient's account on their Settings
        )
        self.templates.filters.update(
            long_date=long_date,
            number=number,
            first_upper=first_upper,
            about=about,
            machine_time=machine_time,
        )

    def still(self, move_id: str, pose: str = "peak") -> Markup:
        """A movement's still figure, drawn once per movement (the catalogue does not change
        while the app runs)."""
        key = (move_id, pose)
        found = self._stills.get(key)
        if found is None:
            movement = self.catalogue.get(move_id)
            found = self._stills[key] = Markup(figures.still(movement, pose) if movement else "")
        return found

    def motion(self, move_id: str, *, sides: bool = False) -> dict[str, object]:
        """A movement's animation frames (``move_id`` must be in the catalogue)."""
        key = (move_id, sides)
        found = self._motions.get(key)
        if found is None:
            found = figures.motion(self.catalogue.movements[move_id], sides=sides)
            self._motions[key] = found
        return found

    @property
    def profile_path(self) -> Path:
        return self._paths[0]

    @cached_property
    def _paths(self) -> tuple[Path, Path]:
        """The profile file and the programme beside it, found once (they are looked at before
        every page)."""
        profile = self.env.home / "profile.toml"
        return profile, profile.with_name(PROGRAMME_FILE)

    def now(self) -> datetime:
        return self.env.clock()

    def profile(self) -> ProfileState:
        key = self._profile_mark()
        if key is None:
            return ProfileState(self.profile_path, exists=False)
        found = self._profile
        if found is None or found[0] != key:
            found = self._profile = (key, profile_state(self.profile_path, self.catalogue))
        return found[1]

    def _profile_mark(self) -> tuple[int, ...] | None:
        """A value that changes whenever the profile file, or the programme beside it, does;
        None when there is no profile."""
        try:
            stat = self.profile_path.stat()
        except FileNotFoundError:
            return None
        try:
            beside = self._paths[1].stat()
            programme: tuple[int, ...] = (beside.st_mtime_ns, beside.st_size, beside.st_ino)
        except FileNotFoundError:
            programme = ()
        return (stat.st_mtime_ns, stat.st_size, stat.st_ino, *programme)

    def history(self) -> list[Record]:
        """Every record in the journal, newest first; read again only when it may have changed.
        The mark is taken before the read, so records newer than their mark are possible, never
        older."""
        mark = self.journal_mark()
        found = self._history
        if found is None or found[0] != mark:
            found = self._history = (mark, self.journal.records())
        return found[1]

    def planning(self) -> JournalHistory:
        """The journal as a plan reads it: the weeks since the state kept in the cache folder,
        not every record (a plan costs the same after ten years as after one)."""
        return JournalHistory(self.journal, self.env.cache, self.now().date())

    def today(self, profile: Profile) -> Today:
        """Where the person stands in today's plan, the plan kept as every face keeps it.

        Planned again only when the profile or the plan day changed, or the journal changed in
        a way that can change the plan (``Today.adding``): a minute later, the same standing a
        minute on; after another check-in, the rows added since are read and only the done
        marks move. So a program logging every few seconds does not make each page of Today
        wait for a new plan."""
        now = self.now()
        mark = self.journal_mark()
        key = _today_key(profile, now)
        kept = self._kept_today(key, now)
        if kept is not None and kept.mark == mark:
            return kept.today.later(now)
        newest = self._newest(mark)  # before the plan reads: records newer, never older
        added = None if kept is None else self.journal.added_since(kept.newest, newest)
        found = None if kept is None or added is None else kept.today.adding(added, now)
        if found is None:
            found = give_today(self.journal, profile, self.catalogue, self.planning(), now)
        with self._lock:
            self._today = _KeptToday(key, mark, newest, found)
        return found

    def today_moment(self, now: datetime, mark: tuple[object, ...]) -> object:
        """The part of Today's page key that time moves (see ``cached``): while the Today
        kept is of the journal as it is, the profile as it is and this plan day, its
        ``moment`` (which slots have begun), so the page is made again when a slot begins, not
        each minute; otherwise the minute."""
        profile = self.profile().profile
        kept = None if profile is None else self._kept_today(_today_key(profile, now), now)
        if kept is None or kept.mark != mark:
            return now.replace(second=0, microsecond=0)
        return (kept.key[1], *kept.today.moment(now))

    def _kept_today(self, key: tuple[object, ...], now: datetime) -> _KeptToday | None:
        """The Today kept, when it is of this profile, plan day and offset, and not of a
        moment after ``now``."""
        with self._lock:
            kept = self._today
        return kept if kept is not None and kept.key == key and kept.today.now <= now else None

    def _newest(self, mark: tuple[object, ...]) -> tuple[object, ...]:
        """Each kind's newest row id in the journal (``Journal.change_mark``): a database on a
        server gave it as the mark, a file is asked."""
        return self.journal.change_mark() if self._file_backed() else mark[1:]

    def today_of(self, state: ProfileState) -> Today | None:
        """``today_for`` the profile as it stands (a referral, or None without a usable
        profile), by ``today`` when there is a profile."""
        if state.profile is None:
            return today_for(None, state, self.catalogue, (), self.now())
        return self.today(state.profile)

    def plan(self, profile: Profile, days: int, start: date | None = None) -> Plan:
        """``days`` days of plan from ``start`` (today's plan day by default), kept likewise."""
        return give_plan(
            self.journal, profile, self.catalogue, self.planning(), self.now(), start, days
        )

    def save_profile(self, profile: Profile, *, replace: bool = False) -> None:
        """Save the profile and keep its version in the journal; ``replace`` (the welcome
        answered again) writes the file anew, as ``backbeat init --force`` does, while a
        Settings save keeps the person's comments."""
        try:  # the file is renamed into place only once its version is kept: both or neither
            with saving_profile(self.profile_path, profile, replace=replace):
                keep_versions(self.journal, self.now(), profile)
        finally:
            self._wrote()

    def rescreen(self, flags: Sequence[str]) -> tuple[Referral | None, bool]:
        """New safety answers (from a weekly review) into the profile, as ``backbeat review
        --red-flag`` puts them: the referral they give, and whether the profile took them."""
        try:
            return rescreen(self.journal, self.profile(), flags, self.now())
        finally:
            self._wrote()

    def changed(self, change: Callable[[], T]) -> T:
        """Make a change to the journal other than adding (a deletion, a correction, an undo),
        and let every page kept know of it."""
        try:
            return change()
        finally:
            self._wrote()

    def add(self, records: Sequence[Record], *, once: str | None = None, entry: bool = True) -> int:
        """Add records to the journal (the one way this app writes to it): an ``entry`` the
        person made (undo can take it back), under a write's one-time key when the form or
        client sent one (sent again, nothing is stored twice and the first answer is given).
        Raises ``Busy``, having stored nothing, when another program keeps the journal's write
        lock longer than a write waits (``WRITE_WAIT_S``)."""
        try:
            added = self.journal.add(records, once=once, added=self.now() if entry else None)
        except Busy:
            raise  # nothing was stored: the pages kept still hold
        except BaseException:
            self._wrote()
            raise
        self._wrote()
        return added

    def _wrote(self) -> None:
        """Count a write once it is over: a mark taken after this cannot have been taken before
        the write, so no page made from the journal as it was is served under it."""
        with self._lock:
            self._writes += 1

    def journal_mark(self) -> tuple[object, ...]:
        """(See ``_journal_mark``.) The journal's own part as whoever serves this request read
        it already (``KNOWN_MARK``: the clinic server asks it with the session, in one round
        trip), else asked now."""
        known = KNOWN_MARK.get()
        if known is None or self._file_backed():
            return self._journal_mark()
        with self._lock:
            return (self._writes, *known)

    def _journal_mark(self) -> tuple[object, ...]:
        """A value that changes whenever the journal may have: after this app's own writes, and
        when another program (``backbeat log``, a terminal session, another worker) writes to
        it. For a SQLite file, the size and time of the file and its write-ahead log (no query
        at all); for a database on a server, one query of each table's newest row id."""
        with self._lock:
            marks: list[object] = [self._writes]
        if not self._file_backed():
            return (*marks, *self.journal.change_mark())
        database = str(self.journal.engine.url.database)
        for name in (database, f"{database}-wal"):
            try:
                stat = os.stat(name)
            except FileNotFoundError:
                marks.append(None)
            else:
                marks.append((stat.st_mtime_ns, stat.st_size))
        return tuple(marks)

    def _file_backed(self) -> bool:
        url = self.journal.engine.url
        return url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:")

    def _meanwhile(self, key: tuple[object, ...]) -> tuple[bytes, bytes, str] | None:
        """While a page is being made again because another program wrote to the journal, the
        page as it was just before, for requests that arrive during the making: they are
        answered as if they had come a moment sooner, instead of queueing behind it. Never
        after this app's own write (the person who just saved sees what they saved), another
        minute or another profile, and never for the request that began the making."""
        with self._lock:
            before = self._latest.get(key[:2])
        if before is None:
            return None
        kept, page = before
        same = kept[2] == key[2] and kept[4:] == key[4:]
        own = kept[3][0] == key[3][0]  # type: ignore[index]  # this app's writes, first
        return page if same and own else None

    async def _server_mark(self) -> tuple[object, ...]:
        """A database server's mark, asked in a worker thread; requests that arrive while one
        asking is under way share its answer (it is no older than their own would be by more
        than that one round trip), so a busy app asks once, not once per request."""
        if KNOWN_MARK.get() is not None:
            return self.journal_mark()
        asking = self._asking
        if asking is None or asking.done():
            asking = self._asking = asyncio.ensure_future(run_in_threadpool(self.journal_mark))
        return await asyncio.shield(asking)

    async def _make(
        self, key: tuple[object, ...], make: Callable[[], Response]
    ) -> Response | tuple[bytes, bytes, str]:
        """Make a page in a worker thread and keep it when it can be kept (a 200 with a type);
        an answer that cannot be kept comes back as it is."""
        response = await run_in_threadpool(make)
        if response.status_code != 200 or response.media_type is None:
            return response
        body = bytes(response.body)
        found = (body, gzip.compress(body, compresslevel=6), response.media_type)
        with self._lock:
            self._pages[key] = found
            self._latest[key[:2]] = (key, found)
            while len(self._latest) > PAGES_KEPT:
                self._latest.pop(next(iter(self._latest)))
            while len(self._pages) > PAGES_KEPT:
                self._pages.popitem(last=False)
        return found

    async def cached(
        self,
        request: Request,
        make: Callable[[], Response],
        moment: Callable[[datetime, tuple[object, ...]], object] | None = None,
    ) -> Response:
        """A page (or an API answer) made from the profile, the journal and the minute, kept
        until one of those changes: asking again for the same page costs a few file checks on
        the event loop, not a new plan. A page not kept is made in a worker thread (``make``
        reads the journal and plans), so the event loop never waits on the database. Only an
        answer that could be made (200) is kept. A database on a server is asked for its mark
        in a worker thread too. ``moment`` gives the part of the key that time moves (by
        default the minute: a page may say how long ago or until something)."""
        mark = self.journal_mark() if self._file_backed() else await self._server_mark()
        now = self.now()
        key = (
            request.url.path,
            request.url.query,
            self._profile_mark(),
            mark,
            now.replace(second=0, microsecond=0) if moment is None else moment(now, mark),
            now.utcoffset(),
            now.tzinfo,  # a zone's rules, not only today's offset (a calendar's daylight saving)
        )  # taken before the page is made: a page may be newer than its key, never older
        with self._lock:
            found = self._pages.get(key)
        if found is None:
            making = self._making.get(key)
            if making is None:  # one request makes it; the others asking meanwhile wait for it
                making = self._making[key] = asyncio.ensure_future(self._make(key, make))
                making.add_done_callback(lambda _: self._making.pop(key, None))
            else:
                found = self._meanwhile(key)
            if found is None:
                made = await asyncio.shield(making)
                if isinstance(made, Response):
                    return made
                found = made
        body, packed, media_type = found
        if "gzip" in request.headers.get("accept-encoding", ""):
            headers = {"content-encoding": "gzip", "vary": "Accept-Encoding"}
            return Response(packed, media_type=media_type, headers=headers)
        return Response(body, media_type=media_type, headers={"vary": "Accept-Encoding"})

    def render(
        self, request: Request, name: str, status: int = 200, **context: Any
    ) -> HTMLResponse:
        """A page; ``active`` in the context marks its place in the menu."""
        context.setdefault("active", request.url.path)
        html = self.templates.get_template(name).render(request=request, **context)
        return HTMLResponse(html, status_code=status)


class _Compiled(jinja2.BytecodeCache):
    """The templates as compiled Python, once per process for every Site: the clinic server
    makes a Site per patient, and compiling the pages' templates again for each one was 20 to
    30 ms of their first request. Jinja checks each template's source against the code kept,
    so an edited template is compiled anew."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


COMPILED = _Compiled()


def _today_key(profile: Profile, now: datetime) -> tuple[object, ...]:
    """What a Today is kept for: the profile, the plan day and the UTC offset of ``now``."""
    return (profile, plan_day(now, profile.day.wake), now.utcoffset())


@dataclass(frozen=True)
class _KeptToday:
    """Today as last made: for which profile, plan day and UTC offset (``key``), from the
    journal as it was at ``mark``, whose newest rows were ``newest``."""

    key: tuple[object, ...]
    mark: tuple[object, ...]
    newest: tuple[object, ...]
    today: Today


def machine_time(at: datetime) -> str:
    """An instant for ``<time datetime>``: to the second, as HTML's own syntax allows (a
    fraction of six digits is not valid there)."""
    return at.isoformat(timespec="seconds")


def long_date(day: date) -> str:
    """``Monday 23 November``."""
    return f"{day:%A} {day.day} {day:%B}"


def number(value: float) -> str:
    """``4.0`` as ``4``, ``2.5`` as ``2.5``."""
    return f"{value:g}"


def first_upper(text: str) -> str:
    """``tV`` stays as typed but for its first letter: ``TV``, ``Desk``."""
    return text[:1].upper() + text[1:]


def about(minutes: float) -> str:
    """A slot's length as a person would say it: ``under a minute``, ``about 3 minutes``."""
    return cues.about(minutes * 60)


def static_url(name: str) -> str:
    """The file's URL under a fingerprint of the whole static folder, so a browser may keep it
    for good: a module's own imports (``./figure.js``) resolve under the same fingerprint, so
    they are versioned too, and any change to any file gives every URL a new one."""
    return f"/static/{static_version()}/{name}"


_VERSION: list[str] = []


def static_version() -> str:
    """A fingerprint of every file in the static folder (names and contents), made once."""
    if not _VERSION:
        digest = hashlib.sha256()
        for path in sorted(STATIC.rglob("*")):
            if path.is_file():
                digest.update(path.relative_to(STATIC).as_posix().encode() + b"\0")
                digest.update(path.read_bytes())
        _VERSION.append(digest.hexdigest()[:12])
    return _VERSION[0]


def site_from(request: Request) -> Site:
    site: Site = request.app.state.site
    return site
