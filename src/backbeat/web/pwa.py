"""backbeat as an app a phone installs: the web app manifest, the service worker that keeps
today's and tomorrow's sessions for use with no connection, and the list of what it keeps.

The worker is served from the root (``/sw.js``) so that its scope is the whole app; it is made
from ``static/sw.js`` with the static fingerprint written in, so a new backbeat gives a new
worker, and a browser checks it again on every visit (``no-cache``). What it keeps of today
and tomorrow comes from ``/offline/keep.json``, made from the plan as it stands.
"""

from __future__ import annotations

import json
from datetime import timedelta
from urllib.parse import quote

from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from backbeat.coach import give_plan
from backbeat.plan.model import DayPlan, Slot
from backbeat.plan.profile import Profile
from backbeat.web.site import STATIC, Site, site_from, static_version

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
    }
    text = text.replace("self.BACKBEAT_SETTINGS", json.dumps(settings), 1)
    return Response(
        text,
        media_type="text/javascript",
        headers={"cache-control": "no-cache", "service-worker-allowed": "/"},
    )


def tomorrow(site: Site, profile: Profile, today: DayPlan) -> DayPlan:
    """Tomorrow's plan as it would be given now (not kept in the journal: it is given again,
    and kept, when its day comes)."""
    plan = give_plan(
        None, profile, site.catalogue, site.history(), site.now(), today.date + timedelta(1)
    )
    return plan.days[0]


def session_url(slot: Slot) -> str:
    """A slot's session page, written as the Today page links it."""
    return f"/session?slot={quote(slot.id, safe='')}"


def keep_list(site: Site) -> list[str]:
    """What a phone keeps to use backbeat with no connection: Today and its answer in the API,
    the session page of every slot of today's and tomorrow's plan, the journal's forms, and the
    catalogue with every movement's figure."""
    urls = ["/", "/api/v1/today", "/journal", "/moves"]
    urls += [f"/api/v1/moves/{quote(m, safe='')}/motion" for m in sorted(site.catalogue.movements)]
    state = site.profile()
    if state.profile is not None and state.referral is None:
        today = site.today(state.profile)
        days = [today.day, tomorrow(site, state.profile, today.day)]
        urls += [session_url(slot) for day in days for slot in day.slots]
    return list(dict.fromkeys(urls))


async def keep(request: Request) -> Response:
    site = site_from(request)
    return await site.cached(request, lambda: JSONResponse({"urls": keep_list(site)}))


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
    Route("/offline", offline_page),
    Route("/offline/kept", kept_page),
]
