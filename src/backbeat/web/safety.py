"""About safety, and the referral page a red flag leads to instead of a plan."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from backbeat.safety.screen import EMERGENCY, SOON, URGENT, Referral
from backbeat.web.site import site_from


def referral_page(request: Request, referral: Referral) -> Response:
    return site_from(request).render(
        request, "referral.html", title="Please see a clinician first", referral=referral
    )


def referral(request: Request) -> Response:
    """Where onboarding ends when an answer needs a clinician (and the page any plan gives way
    to while the profile says so)."""
    site = site_from(request)
    found = site.profile().referral  # read from the answers, even if another key is wrong
    if found is None:
        return site.render(
            request,
            "problem.html",
            title="No referral",
            detail="None of your safety answers needs a clinician before you start.",
        )
    return referral_page(request, found)


def about(request: Request) -> Response:
    return site_from(request).render(
        request,
        "safety.html",
        title="About safety",
        emergency=EMERGENCY,
        urgent=URGENT,
        soon=SOON,
    )


ROUTES = [Route("/referral", referral), Route("/safety", about)]
