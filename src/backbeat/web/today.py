"""Today: the day's slots in order, what is done, what is due, and a micro-break for any moment."""

from __future__ import annotations

from collections.abc import Sequence

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from backbeat.catalog.problems import Problem
from backbeat.catalog.vocabulary import PLACES
from backbeat.plan.profile import Profile
from backbeat.plan.today import Today
from backbeat.web.safety import referral_page
from backbeat.web.site import Site, site_from


def profile_or_response(request: Request, site: Site) -> Profile | Response:
    """The person's profile, or where to go instead: the welcome when there is none yet, the
    referral a red-flag answer gives (whatever else the file says), or a page naming what is
    wrong with the file."""
    state = site.profile()
    if not state.exists:
        return RedirectResponse("/welcome", status_code=303)
    if state.referral is not None:
        return referral_page(request, state.referral)
    if state.profile is None:
        return problems_page(request, site, state.problems)
    return state.profile


def problems_page(request: Request, site: Site, problems: Sequence[Problem]) -> Response:
    """What keeps the profile from being used (409: the request was fine, the file is not)."""
    return site.render(
        request,
        "profile_problems.html",
        status=409,
        title="Your profile needs a fix",
        problems=problems,
        path=site.profile_path,
    )


def today_or_response(request: Request, site: Site) -> Today | Response:
    """Where the person stands in today's plan, or the page to show instead (the welcome, a
    broken profile, or the referral a red flag gives in place of any plan)."""
    profile = profile_or_response(request, site)
    if isinstance(profile, Response):
        return profile
    return site.today(profile)


async def home(request: Request) -> Response:
    site = site_from(request)
    return await site.cached(request, lambda: _home(request, site), site.today_moment)


def _home(request: Request, site: Site) -> Response:
    day = today_or_response(request, site)
    if isinstance(day, Response):
        return day
    return today_page(request, site, day, welcome=request.query_params.get("welcome") == "1")


def today_page(request: Request, site: Site, day: Today, *, welcome: bool = False) -> Response:
    """The Today page of ``day`` (today's, or the day a phone keeps for tomorrow: pwa.py)."""
    due = day.due
    return site.render(
        request,
        "today.html",
        title="Today",
        active="/",
        today=day,
        due=due,
        places=PLACES,
        break_place=due.place if due is not None and due.place in PLACES else "desk",
        movements=site.catalogue.movements,
        welcome=welcome,
    )


ROUTES = [Route("/", home)]
