"""Each patient's own app on the clinic server: the local web app and API (Today, sessions, the
journal, progress, settings), over their rows of the clinic's journal and following the
programme their clinician prescribed.

The database is the only truth. A worker keeps, per patient it has served lately, the local app
and a folder of what that app reads from the disk (the profile file, the programme beside it,
the plan's weekly state), made again from the database whenever the patient's latest profile
record or programme there is not the one the folder was made from. So a change made through
one worker is what every other worker shows on its next request.
"""

from __future__ import annotations

import re
import sys
import threading
from collections import OrderedDict
from collections.abc import Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from markupsafe import Markup
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Match, Route
from starlette.types import ASGIApp, Receive, Scope, Send

from backbeat import disk
from backbeat.clinic import accounts, care
from backbeat.clinic.accounts import Account
from backbeat.clinic.doors import COOKIE, Doors
from backbeat.clinic.pages import sign_in_address, templates
from backbeat.context import Env
from backbeat.journal.store import Journal
from backbeat.plan.profile_file import write_profile
from backbeat.plan.programme import FILE as PROGRAMME_FILE
from backbeat.records import ProfileRecord
from backbeat.web.current import SERVING, current_site
from backbeat.web.site import KNOWN_MARK

PANEL_READERS = 10  # the latest reads of a patient's record their Settings page lists
ROLE_WORDS = {"admin": "clinic admin", "clinician": "clinician"}
ACTION_WORDS = {  # the audit log's actions, as the patient reads them
    "listed": "saw you in the list of patients",
    "read dashboard": "saw how you are doing on their dashboard",
    "previewed programme": "tried a change to your programme (not saved)",
    "read progress": "looked at your progress",
    "read programme": "looked at your programme",
    "changed programme": "changed your programme",
}
KEPT = 256  # patients' apps a worker keeps ready; the least recently used is let go
ZONE_COOKIE = "backbeat_zone"  # the zone the patient's browser is in (static/zone.js)
ZONE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_+\-]*(/[A-Za-z0-9_+\-]+){0,2}")
PATIENT_ZONE: ContextVar[ZoneInfo | None] = ContextVar("backbeat_patient_zone", default=None)
"""The time zone of this request's patient: their plan days, times and reminders are made in
it, as the local app makes them in the zone of its machine."""
OPEN_TO_ALL = ("/manifest.webmanifest", "/sw.js", "/favicon.ico", "/offline")


@dataclass
class _Kept:
    app: ASGIApp
    home: Path
    made_from: tuple[object, ...] | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)


class PatientApps:
    """The end of the clinic's route table: a signed-in patient's request goes to their own app;
    anyone else is sent to sign in (a page) or told to (the API), and a clinician to their
    patients."""

    def __init__(self, doors: Doors, folder: Path, routes: Sequence[BaseRoute] = ()) -> None:
        self.doors = doors
        self.routes = routes  # the clinic's own: a method they do not take is 405, not a patient's
        self.folder = folder
        self._kept: OrderedDict[str, _Kept] = OrderedDict()
        self._lock = threading.Lock()
        self._api = _shared_api()  # one API for every patient (see web.current)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        allowed = _methods(self.routes, scope)
        if allowed:
            headers = {"Allow": ", ".join(sorted(allowed))}
            refused = JSONResponse(
                {"detail": "this address does not take that method"}, 405, headers
            )
            await refused(scope, receive, send)
            return
        request = Request(scope, receive)
        seen, kept = await run_in_threadpool(self._whose, request)
        if kept is None or seen is None:
            path = scope["path"]
            account = seen.account if seen is not None else None
            answer = _elsewhere(account, path, path == "/api" or path.startswith("/api/"))
            await answer(scope, receive, send)
            return
        known = KNOWN_MARK.set(seen.journal)  # the app need not ask its journal again
        serving = SERVING.set(kept.app.state.site)  # type: ignore[attr-defined]
        zone = PATIENT_ZONE.set(zone_named(unquote(request.cookies.get(ZONE_COOKIE, ""))))
        try:
            await kept.app(scope, receive, send)
        finally:
            PATIENT_ZONE.reset(zone)
            SERVING.reset(serving)
            KNOWN_MARK.reset(known)

    def _whose(self, request: Request) -> tuple[care.Visit | None, _Kept | None]:
        """Who is asking, and their app when they are a patient: the session, the marks of the
        patient's journal and profile in one query, and one trip to a worker thread (on a busy
        server each trip, and each round trip to the database, waits its turn)."""
        token = request.cookies.get(COOKIE)
        agent = request.headers.get("user-agent", "")
        seen = care.visit(self.doors.engine, token, self.doors.clock(), agent) if token else None
        if seen is None or seen.account.clinician:
            return seen, None
        return seen, self._ready(seen.account, seen.profile)

    def _ready(self, account: Account, mark: tuple[object, ...] | None) -> _Kept:
        """The patient's app, its folder made again from the database when ``mark`` (the
        profile's and programme's, as ``care.visit`` read them) says it changed. A new
        patient's app is made outside the worker's lock, so that no one else waits for it (two
        requests of the same new patient at once make one spare, thrown away)."""
        with self._lock:
            kept = self._kept.get(account.id)
            if kept is not None:
                self._kept.move_to_end(account.id)
        if kept is None:
            made = self._make(account)
            with self._lock:
                kept = self._kept.setdefault(account.id, made)
                self._kept.move_to_end(account.id)
                while len(self._kept) > KEPT:
                    self._kept.popitem(last=False)  # its folder stays: other workers use it
        with kept.lock:
            self._refresh(account, kept, mark)
        return kept

    def _make(self, account: Account) -> _Kept:
        from backbeat.web.app import create_app

        home = self.folder / account.id
        home.mkdir(parents=True, exist_ok=True)
        env = Env(
            sys.stdout,
            sys.stderr,
            sys.stdin,
            {"BACKBEAT_HOME": str(home)},
            clock=lambda: in_patient_zone(self.doors.clock()),
        )
        journal = Journal(self.doors.engine, person=care.PERSON.format(id=account.id))
        csrf = care.form_key(self.doors.engine, account.id)
        app = create_app(
            env,
            self.doors.catalogue,
            journal,
            signed_in_elsewhere=True,
            csrf=csrf,
            api=self._api,
        )
        site = app.state.site
        site.templates.globals["account_panel"] = lambda: self._panel(account)
        return _Kept(app, home)

    def _panel(self, account: Account) -> Markup:
        """The patient's account on their Settings page: who looked at their record (the
        latest few; the account page has them all), their devices, and leaving."""
        engine = self.doors.engine
        readers = accounts.audit_of(engine, account.id)
        shown = [
            {
                **entry,
                "when": _when(str(entry["at"])),
                "role": ROLE_WORDS.get(str(entry["role"]), entry["role"]),
                "action": ACTION_WORDS.get(str(entry["action"]), entry["action"]),
            }
            for entry in readers[:PANEL_READERS]
        ]
        return Markup(
            templates.get_template("_patient_account.html").render(
                clinic=accounts.clinic_name(engine, account.clinic_id),
                email=account.email,
                readers=shown,
                more=len(readers) if len(readers) > PANEL_READERS else 0,
            )
        )

    def _refresh(self, account: Account, kept: _Kept, mark: tuple[object, ...] | None) -> None:
        """The profile file and the programme beside it, made again when the database's differ
        from those the folder was made from."""
        if mark == kept.made_from:
            return
        site = kept.app.state.site  # type: ignore[attr-defined]
        journal: Journal = site.journal
        body = care.programme_text(self.doors.engine, account.id)
        programme_path = kept.home / PROGRAMME_FILE
        if body is None:
            programme_path.unlink(missing_ok=True)
        elif not programme_path.exists() or programme_path.read_text(encoding="utf-8") != body:
            disk.write_whole(programme_path, body.encode())
        profile_path = kept.home / "profile.toml"
        profile = care.usable_profile(journal.latest(ProfileRecord))
        if profile is None:
            profile_path.unlink(missing_ok=True)
        else:
            write_profile(profile_path, profile, replace=True)
        kept.made_from = mark


def zone_named(name: str) -> ZoneInfo | None:
    """The time zone a browser said it is in (``static/zone.js``), or None for a name that is
    not one (the cookie is the browser's to send, anything at all)."""
    if not ZONE_NAME.fullmatch(name):
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def in_patient_zone(now: datetime) -> datetime:
    """``now`` in the zone of the patient being served: their browser's, else the server's."""
    zone = PATIENT_ZONE.get()
    return now.astimezone(zone) if zone is not None else now.astimezone()


def _shared_api() -> ASGIApp:
    """The API every patient of a worker is served by, made once with the worker."""
    from backbeat.web.api.app import create_api

    return create_api(current_site())


def _methods(routes: Sequence[BaseRoute], scope: Scope) -> set[str]:
    """The methods the clinic's own routes take at this address (none: not one of theirs)."""
    found: set[str] = set()
    for route in routes:
        if isinstance(route, Route) and route.matches(scope)[0] == Match.PARTIAL:
            found |= route.methods or set()
    return found


def _elsewhere(account: Account | None, path: str, api: bool) -> Response:
    if account is None:
        if api:
            return JSONResponse({"detail": "sign in first (POST /api/v1/login)"}, 401)
        if path in OPEN_TO_ALL:
            return Response(status_code=404)
        return RedirectResponse(sign_in_address(path) if path != "/" else "/signin", 303)
    if api:
        return JSONResponse({"detail": "this is a patient's own operation"}, 403)
    return RedirectResponse("/clinic", 303)


def _when(at: str) -> str:
    """An audit entry's time as a person reads it: ``30 Nov 2026, 14:05`` (the server's zone)."""
    from datetime import datetime

    return datetime.fromisoformat(at).astimezone().strftime("%-d %b %Y, %H:%M")
