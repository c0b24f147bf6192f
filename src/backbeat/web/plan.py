"""The plan page: the week ahead, why each item is there, and what changed since last week."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from backbeat.web.site import site_from
from backbeat.web.today import profile_or_response

WEEK = 7


def week(request: Request) -> Response:
    site = site_from(request)
    profile = profile_or_response(request, site)
    if isinstance(profile, Response):
        return profile
    plan = site.plan(profile, WEEK)
    return site.render(
        request,
        "plan.html",
        title="Your plan",
        plan=plan,
        movements=site.catalogue.movements,
    )


ROUTES = [Route("/plan", week)]
