"""The progress page. Its charts (pain over weeks, adherence, per-movement tolerance) and the
weekly review come from ``backbeat.journal.progress`` and the review command, built on other
branches; the page keeps their places (see the template) until they are wired in."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from backbeat.web.site import site_from


async def page(request: Request) -> Response:
    site = site_from(request)
    return site.render(request, "progress.html", title="Progress", active="/progress")


ROUTES = [Route("/progress", page)]
