"""The web app: routes, the security door in front of them, compression, and static files.

``create_app`` is the only way in; nothing here runs at import.
"""

from __future__ import annotations

import secrets

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from backbeat.catalog.catalogue import Catalogue as Movements
from backbeat.context import Env
from backbeat.journal.store import Journal
from backbeat.web import (
    catalogue,
    handout,
    journal,
    onboarding,
    plan,
    player,
    progress,
    safety,
    settings,
    today,
    transfer,
)
from backbeat.web.guard import Guard
from backbeat.web.site import STATIC, Site, site_from


class _Static(StaticFiles):
    """The app's own CSS and JS. Pages link them with a fingerprint of their content, so a
    browser may keep each for good."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        if response.status_code == 200 and scope.get("query_string"):
            response.headers["cache-control"] = "public, max-age=31536000, immutable"
        return response


async def _icon(request: Request) -> Response:
    return FileResponse(STATIC / "icon.svg", media_type="image/svg+xml")


async def _problem(request: Request, exc: Exception) -> Response:
    """Every error as a calm page that says what happened and what to do."""
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    detail = exc.detail if isinstance(exc, HTTPException) else "Something went wrong here."
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
    env: Env, movements: Movements, journal_: Journal, *, login_token: str | None = None
) -> Starlette:
    """The app over this person's catalogue and journal; ``login_token`` when it is served
    beyond loopback. The JSON API is mounted at ``/api/v1`` behind the same Guard."""
    from backbeat.web.api.app import PREFIX, create_api, elsewhere

    site = Site(env, movements, journal_, csrf=secrets.token_urlsafe(24))
    routes = [
        Mount(PREFIX, create_api(site)),
        Mount("/api", elsewhere),
        *today.ROUTES,
        *onboarding.ROUTES,
        *player.ROUTES,
        *catalogue.ROUTES,
        *plan.ROUTES,
        *journal.ROUTES,
        *settings.ROUTES,
        *safety.ROUTES,
        *handout.ROUTES,
        *progress.ROUTES,
        *transfer.ROUTES,
        Route("/favicon.ico", _icon),
        Mount("/static", _Static(directory=STATIC), name="static"),
    ]
    app = Starlette(
        routes=routes,
        middleware=[
            Middleware(Guard, login_token=login_token),
            Middleware(GZipMiddleware, minimum_size=600),
        ],
        exception_handlers={HTTPException: _problem, Exception: _problem},
    )
    app.state.site = site
    return app
