"""The web app: routes, the security door in front of them, compression, and static files.

``create_app`` is the only way in; nothing here runs at import.
"""

from __future__ import annotations

import re
import secrets

from sqlalchemy.exc import DBAPIError
from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import FileResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backbeat.catalog.catalogue import Catalogue as Movements
from backbeat.context import Env, fault_sentence
from backbeat.journal.db import Busy
from backbeat.journal.store import Journal
from backbeat.progress.chart import pixels as chart_pixels
from backbeat.web import (
    catalogue,
    handout,
    journal,
    onboarding,
    plan,
    player,
    progress,
    pwa,
    safety,
    settings,
    today,
    transfer,
)
from backbeat.web.guard import Guard
from backbeat.web.site import RETRY_AFTER_S, STATIC, Site, site_from, static_version
from backbeat.web.typed import typed


class VersionedStatic(StaticFiles):
    """The app's own CSS and JS. Pages link them under a fingerprint of the static folder
    (``/static/<fingerprint>/app.css``), so a browser may keep each for good; a file asked for
    without it, or under an older one (a page kept from before), is today's file, to be checked
    again each time."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        version, _, rest = path.partition("/")
        current = version == static_version()
        if rest and (current or _FINGERPRINT.fullmatch(version)):
            path = rest
        response = await super().get_response(path, scope)
        if response.status_code == 200:
            response.headers["cache-control"] = (
                "public, max-age=31536000, immutable" if current else "no-cache"
            )
        return response


_FINGERPRINT = re.compile(r"[0-9a-f]{12}")


class _OneVary:
    """Each name once in ``Vary``: a page kept compressed says ``Vary: Accept-Encoding`` itself,
    and Starlette's GZip middleware adds it again to an answer it leaves uncompressed."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if "vary" in headers:
                    names = [n.strip() for v in headers.getlist("vary") for n in v.split(",")]
                    del headers["vary"]
                    headers["vary"] = ", ".join(dict.fromkeys(n for n in names if n))
            await send(message)

        await self.app(scope, receive, sending)


async def icon(request: Request) -> Response:
    return FileResponse(STATIC / "icon.svg", media_type="image/svg+xml")


async def _busy(request: Request, exc: Exception) -> Response:
    """A write another program kept waiting too long (``Busy``): 503, nothing stored, and when
    to send it again."""
    detail = f"{str(exc)[:1].upper()}{str(exc)[1:]} (go back and send the form again)."
    response = site_from(request).render(
        request, "problem.html", status=503, title="Busy, try again", detail=detail
    )
    response.headers["Retry-After"] = str(RETRY_AFTER_S)
    return response


async def _fault(request: Request, exc: Exception) -> Response:
    """A fault of the disk (full, read-only, a folder where a file should be) met by any page:
    503 with the one sentence that names it; any other error of the same kind is a mistake in
    backbeat, left to ``_problem`` (and the server's log)."""
    site = site_from(request)
    said = fault_sentence(site.env, exc)
    if said is None:
        raise exc
    return site.render(
        request,
        "problem.html",
        status=503,
        title="Not saved",
        detail=f"{said[:1].upper()}{said[1:]}.",
    )


async def _gone(request: Request, exc: Exception) -> Response:
    """A client that went away before sending its whole request: nobody to answer, nothing
    stored, and nothing for the server's terminal."""
    return Response(status_code=400)


async def _problem(request: Request, exc: Exception) -> Response:
    """Every error as a calm page that says what happened and what to do."""
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    detail = exc.detail if isinstance(exc, HTTPException) else "Something went wrong here."
    if request.url.path.startswith("/api/"):  # an API address its own routes could not read
        from backbeat.web.api.problems import problem, refusal

        said = "no API operation has this address (GET /api/v1/openapi.json lists them)"
        return refusal(status, [problem("(request)", said if status == 404 else str(detail))])
    if status == 404 and detail == "Not Found":
        detail = "There is no page at this address."
    return site_from(request).render(
        request,
        "problem.html",
        status=status,
        title="Not here" if status == 404 else "Sorry",
        detail=detail,
    )


def create_app(
    env: Env,
    movements: Movements,
    journal_: Journal,
    *,
    login_token: str | None = None,
    signed_in_elsewhere: bool = False,
    csrf: str | None = None,
    api: ASGIApp | None = None,
) -> Starlette:
    """The app over this person's catalogue and journal; ``login_token`` when it is served
    beyond loopback; ``signed_in_elsewhere`` and the forms' ``csrf`` token when the clinic
    server serves it to a signed-in patient (every worker must make the same token). The JSON
    API is mounted at ``/api/v1`` behind the same Guard: this site's own, or ``api``, one made
    over ``current_site`` and shared by the many apps of a clinic's worker."""
    from backbeat.web.api.app import PREFIX, create_api, elsewhere

    site = Site(env, movements, journal_, csrf=csrf or secrets.token_urlsafe(24))
    site.templates.filters["typed"] = typed
    site.templates.globals["chart_pixels"] = chart_pixels
    routes = [
        Mount(PREFIX, create_api(site) if api is None else api),
        Mount("/api", elsewhere),
        # the pages asked for most first: a request is matched against the routes in turn
        *today.ROUTES,
        *player.ROUTES,
        *progress.ROUTES,
        *journal.ROUTES,
        *plan.ROUTES,
        *catalogue.ROUTES,
        *onboarding.ROUTES,
        *settings.ROUTES,
        *safety.ROUTES,
        *handout.ROUTES,
        *transfer.ROUTES,
        *pwa.ROUTES,
        Route("/favicon.ico", icon),
        Mount("/static", VersionedStatic(directory=STATIC), name="static"),
    ]
    app = Starlette(
        routes=routes,
        middleware=[
            Middleware(Guard, login_token=login_token, signed_in_elsewhere=signed_in_elsewhere),
            Middleware(_OneVary),
            Middleware(GZipMiddleware, minimum_size=600),
        ],
        exception_handlers={
            Busy: _busy,
            OSError: _fault,
            DBAPIError: _fault,
            ClientDisconnect: _gone,
            HTTPException: _problem,
            Exception: _problem,
        },
    )
    app.state.site = site
    app.state.login_token = login_token
    return app
