"""Today: the day's slots in order, what is done, what is due, and a micro-break for any moment."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from backbeat.catalog.vocabulary import PLACES
from backbeat.plan.profile import Profile
from backbeat.session.choose import Today, today
from backbeat.web.safety import referral_page
from backbeat.web.site import Site, site_from


def profile_or_response(request: Request, site: Site) -> Profile | Response:
    """The person's profile, or where to go instead: the welcome when there is none yet, or a
    page naming what is wrong with the file."""
    state = site.profile()
    if not state.exists:
        return RedirectResponse("/welcome", status_code=303)
    if state.profile is None:
        return site.render(
            request,
            "profile_problems.html",
            status=500,
            title="Your profile needs a fix",
            problems=state.problems,
            path=site.profile_path,
        )
    return state.profile


def today_or_response(request: Request, site: Site) -> Today | Response:
    """Where the person stands in today's plan, or the page to show instead (the welcome, a
    broken profile, or the referral a red flag gives in place of any plan)."""
    profile = profile_or_response(request, site)
    if isinstance(profile, Response):
        return profile
    day = today(profile, site.catalogue, site.history(), site.now())
    if day.plan.referral is not None:
        return referral_page(request, day.plan.referral)
    return day


async def home(request: Request) -> Response:
    site = site_from(request)
    return site.cached(request, lambda: _home(request, site))


def _home(request: Request, site: Site) -> Response:
    day = today_or_response(request, site)
    if isinstance(day, Response):
        return day
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
        welcome=request.query_params.get("welcome") == "1",
    )


ROUTES = [Route("/", home)]
