"""backbeat as an app a phone installs: the web app manifest, the service worker that keeps
today's and tomorrow's sessions for use with no connection, and the list of what it keeps.

The worker is served from the root (``/sw.js``) so that its scope is the whole app; it is made
from ``static/sw.js`` with the static fingerprint written in, so a new backbeat gives a new
worker, and a browser checks it again on every visit (``no-cache``). What it keeps of today
and tomorrow comes from ``/offline/keep.json``, made from the plan as it stands, with the plan
days it keeps a Today of and when each begins and ends (wake to next wake, as ``plan.today``
decides): a page opened with no connection on the next plan day shows that day's kept Today,
not yesterday's, without the browser deciding what a plan day is.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import quote

from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from backbeat.context import local_zone
from backbeat.plan.model import DayPlan, Slot
from backbeat.plan.profile import Profile
from backbeat.plan.today import Today, today
from backbeat.remind.due import instant
from backbeat.web.site import STATIC, Site, site_from, static_version
from backbeat.web.today import profile_or_response, today_page

NAME = "backbeat"
THEME = "#2b6a66"  # the icon's ground and the pages' accent
BACKGROUND = "#f6f3ec"  # the pages' ground, shown while the app opens
SHELL_FILES = (
    "app.css",
    "app.js",
    "offline.js",
    "outbox.js",
    "player.js",
    "figure.js",
    "catalogue.js",
    "reminders.js",
    "icon.svg",
    "icon-192.png",
)
SHELL_PAGES = ("/offline", "/offline/kept", "/manifest.webmanifest", "/favicon.ico")
STORED = ("/api/v1/today", "/manifest.webmanifest", "/favicon.ico")  # kept as they are fetched
VISITED = 30  # pages kept beyond the list and STORED (other addresses visited): the newest stay
FORMS = {  # the forms a worker keeps on the phone when they cannot be sent, and the API for them
    "/session/checkin": "/api/v1/sessions",
    "/journal/checkin": "/api/v1/records",
    "/journal/log": "/api/v1/records",
}


def manifest() -> dict[str, object]:
    """The web app manifest: what a browser needs to offer to install backbeat."""
    icons = [
        {"src": static_url("icon-192.png"), "sizes": "192x192", "type": "image/png"},
        {"src": static_url("icon-512.png"), "sizes": "512x512", "type": "image/png"},
        {
            "src": static_url("icon-maskable-512.png"),
            "sizes": "512x512",
            "type": "image/png",
            "purpose": "maskable",
        },
        {"src": static_url("icon.svg"), "sizes": "any", "type": "image/svg+xml"},
    ]
    return {
        "id": "/",
        "name": "backbeat: gentle movement for your back",
        "short_name": NAME,
        "description": "Small, slow movements fitted into your day, guided and kept in a journal.",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "orientation": "any",
        "theme_color": THEME,
        "background_color": BACKGROUND,
        "lang": "en",
        "icons": icons,
    }


def login_address(request: Request) -> str | None:
    """The address a phone opens to log in (with the login token), when backbeat is served
    beyond this machine; None on loopback, where no other device can reach it."""
    token: str | None = getattr(request.app.state, "login_token", None)
    if token is None:
        return None
    return f"{str(request.base_url).rstrip('/')}/?token={quote(token, safe='')}"


def login_qr(request: Request) -> Markup | None:
    """The login address as a QR code, an SVG in the page, for a phone's camera."""
    address = login_address(request)
    if address is None:
        return None
    import segno

    code = segno.make(address, error="m")
    svg = code.svg_inline(scale=4, dark="#1f2d36", light="#ffffff", title="Login QR code")
    return Markup(svg.replace("<svg ", '<svg role="img" aria-label="Login QR code" ', 1))


def static_url(name: str) -> str:
    return f"/static/{static_version()}/{name}"


async def manifest_file(request: Request) -> Response:
    body = json.dumps(manifest(), indent=2) + "\n"
    return Response(
        body,
        media_type="application/manifest+json",
        headers={"cache-control": "no-cache"},
    )


async def worker(request: Request) -> Response:
    """The service worker, with this backbeat's fingerprint and the files it keeps written in."""
    text = (STATIC / "sw.js").read_text(encoding="utf-8")
    settings = {
        "version": static_version(),
        "shell": [static_url(n) for n in SHELL_FILES] + list(SHELL_PAGES),
        "forms": FORMS,
        "stored": list(STORED),
        "visited": VISITED,
    }
    text = text.replace("self.BACKBEAT_SETTINGS", json.dumps(settings), 1)
    return Response(
        text,
        media_type="text/javascript",
        headers={"cache-control": "no-cache", "service-worker-allowed": "/"},
    )


@dataclass(frozen=True)
class KeptDay:
    """A plan day a phone keeps the Today page of: the page's address and the instants the day
    runs between (from its waking to the next), by which a page kept on the device is dated."""

    today: Today
    url: str
    begins: datetime
    ends: datetime

    def as_json(self) -> dict[str, str]:
        return {
            "date": self.today.day.date.isoformat(),
            "from": self.begins.isoformat(timespec="seconds"),
            "until": self.ends.isoformat(timespec="seconds"),
            "url": self.url,
        }


def tomorrow_url(day: date) -> str:
    return f"/offline/today/{day.isoformat()}"


def waking(site: Site, profile: Profile, day: date) -> datetime:
    """When the plan day ``day`` begins: its wake time, in the zone of the app's clock."""
    return instant(day, profile.day.wake, 0, local_zone(site.env, site.now()))


def day_after(site: Site, profile: Profile, day: date) -> Today:
    """The day after ``day`` as it will stand when it begins (its plan is not kept in the
    journal: it is given again, and kept, when its day comes)."""
    return today(
        profile, site.catalogue, site.planning(), waking(site, profile, day + timedelta(1))
    )


def tomorrow(site: Site, profile: Profile, day: DayPlan) -> DayPlan:
    """Tomorrow's plan, the one its kept Today page shows and its session pages play."""
    return day_after(site, profile, day.date).day


def kept_days(site: Site, profile: Profile) -> list[KeptDay]:
    """Today as it stands now, and tomorrow's Today as it will stand when that day begins."""
    first = site.today(profile)
    begins, ends, after = (waking(site, profile, first.day.date + timedelta(n)) for n in range(3))
    later = day_after(site, profile, first.day.date)
    return [
        KeptDay(first, "/", begins, ends),
        KeptDay(later, tomorrow_url(later.day.date), ends, after),
    ]


def session_url(slot: Slot) -> str:
    """A slot's session page, written as the Today page links it."""
    return f"/session?slot={quote(slot.id, safe='')}"


def keep_list(site: Site) -> dict[str, object]:
    """What a phone keeps to use backbeat with no connection: Today and its answer in the API,
    tomorrow's Today, the session page of every slot of today's and tomorrow's plan, the
    journal's forms, and the catalogue with every movement's figure; and the days it keeps."""
    urls = ["/", "/api/v1/today", "/journal", "/moves"]
    urls += [f"/api/v1/moves/{quote(m, safe='')}/motion" for m in sorted(site.catalogue.movements)]
    days: list[KeptDay] = []
    state = site.profile()
    if state.profile is not None and state.referral is None:
        days = kept_days(site, state.profile)
        urls += [d.url for d in days]
        urls += [session_url(slot) for d in days for slot in d.today.day.slots]
    return {"urls": list(dict.fromkeys(urls)), "days": [d.as_json() for d in days]}


async def keep(request: Request) -> Response:
    site = site_from(request)
    return await site.cached(request, lambda: JSONResponse(keep_list(site)))


async def tomorrow_page(request: Request) -> Response:
    site = site_from(request)
    return await site.cached(request, lambda: _tomorrow_page(request, site))


def _tomorrow_page(request: Request, site: Site) -> Response:
    """Tomorrow's Today, kept by a phone for when it opens on that day with no connection; any
    other day is today's Today, at its own address."""
    profile = profile_or_response(request, site)
    if isinstance(profile, Response):
        return profile
    wanted = str(request.path_params["day"])
    later = kept_days(site, profile)[1:]
    found = next((d for d in later if d.today.day.date.isoformat() == wanted), None)
    if found is None:
        return RedirectResponse("/", status_code=303)
    return today_page(request, site, found.today)


def offline_page(request: Request) -> Response:
    """What the worker shows for a page it did not keep while there is no connection."""
    return site_from(request).render(request, "offline.html", title="Offline", kept=False)


def kept_page(request: Request) -> Response:
    """What the worker shows after keeping a form on the phone to send later."""
    return site_from(request).render(
        request, "offline.html", title="Kept on this device", kept=True
    )


ROUTES = [
    Route("/manifest.webmanifest", manifest_file),
    Route("/sw.js", worker),
    Route("/offline/keep.json", keep),
    Route("/offline/today/{day}", tomorrow_page),
    Route("/offline", offline_page),
    Route("/offline/kept", kept_page),
]
