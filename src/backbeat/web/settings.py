"""Settings: every profile answer as one form (checked by the profile's own rules, every
problem named by key, value and what is allowed), and reminders while a page is open."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from backbeat import disk
from backbeat.catalog.problems import from_validation
from backbeat.catalog.vocabulary import KINDS, POSITIONS
from backbeat.plan.onboarding import MOMENT_PLACES, MOMENTS_MAX
from backbeat.plan.profile import ONSETS, WEEKDAYS, Profile
from backbeat.plan.profile_file import avoid_problems, read_tables
from backbeat.safety import wording
from backbeat.web.forms import posted, remember, sent_before, text, texts
from backbeat.web.pwa import login_qr
from backbeat.web.site import Site, site_from

WORK_BLOCKS = 3  # work blocks the form offers
WORK_PLACES = ("desk", "car", "standing")


def page(request: Request) -> Response:
    site = site_from(request)
    state = site.profile()
    if not state.exists:  # the safety questions come first, each answered: in onboarding
        return RedirectResponse("/welcome", status_code=303)
    profile = state.profile or Profile()
    values = profile.model_dump(mode="json")
    values["screen"] = _screen_in_file(state.path)
    return _form(request, site, values, [], status=200)


def _screen_in_file(path: Path) -> dict[str, bool]:
    """The safety answers the profile file gives, each a yes or a no; a question it leaves
    out stays unanswered on the page (never a "no" the person did not give)."""
    data, _ = read_tables(path)
    table = data.get("screen") if data is not None else None
    if not isinstance(table, dict):
        return {}
    return {k: v for k, v in table.items() if k in wording.QUESTIONS and isinstance(v, bool)}


def _form(
    request: Request,
    site: Site,
    values: dict[str, Any],
    problems: list[str],
    *,
    status: int,
) -> Response:
    return site.render(
        request,
        "settings.html",
        status=status,
        title="Settings",
        active="/settings",
        values=values,
        problems=problems,
        saved=request.query_params.get("saved") == "1",
        weekdays=WEEKDAYS,
        work_places=WORK_PLACES,
        work_blocks=WORK_BLOCKS,
        moment_places=MOMENT_PLACES,
        moments_max=MOMENTS_MAX,
        questions=wording.QUESTIONS,
        onsets=ONSETS,
        login_qr=login_qr(request),
        avoidable=(
            ("Movements", [(m.id, m.name) for m in site.catalogue.movements.values()]),
            ("Positions", [(p, p) for p in POSITIONS]),
            ("Kinds", [(k, k) for k in KINDS]),
        ),
    )


def _data(form: FormData) -> dict[str, Any]:
    """The form as the profile file's tables; values stay text for the profile to judge, and a
    safety question left unanswered is left out (``_unanswered`` names it)."""
    work = [
        {
            "start": text(form, f"work-{n}-start"),
            "end": text(form, f"work-{n}-end"),
            "place": text(form, f"work-{n}-place"),
            "days": texts(form, f"work-{n}-days"),
        }
        for n in range(WORK_BLOCKS)
        if text(form, f"work-{n}-start") or text(form, f"work-{n}-end")
    ]
    moments = [
        {
            "name": text(form, f"moment-{n}-name"),
            "at": text(form, f"moment-{n}-at"),
            "place": text(form, f"moment-{n}-place"),
        }
        for n in range(MOMENTS_MAX)
        if text(form, f"moment-{n}-name")
    ]
    data: dict[str, Any] = {
        "pain": text(form, "pain"),
        "day": {
            "wake": text(form, "wake"),
            "sleep": text(form, "sleep"),
            "work": work,
            "moments": moments,
        },
        "prefs": {
            "minutes_per_day": text(form, "minutes_per_day"),
            "break_every": text(form, "break_every"),
            "walk": text(form, "walk") == "yes",
            "avoid": texts(form, "avoid"),
        },
        "screen": {
            key: answer == "yes"
            for key in wording.QUESTIONS
            if (answer := text(form, f"screen-{key}")) in ("yes", "no")
        },
    }
    if age := text(form, "age"):
        data["age"] = age
    if onset := text(form, "onset"):
        data["onset"] = onset
    return data


def _unanswered(data: dict[str, Any]) -> list[str]:
    """Each safety question without its yes or no, named."""
    return [
        f"safety: please answer yes or no: {question}"
        for key, question in wording.QUESTIONS.items()
        if key not in data["screen"]
    ]


async def save(request: Request) -> Response:
    return await run_in_threadpool(_save, request, await posted(request))


def _save(request: Request, form: FormData) -> Response:
    site = site_from(request)
    if sent_before(site, form):
        return RedirectResponse("/settings?saved=1", status_code=303)
    data = _data(form)
    problems = _unanswered(data)
    if (kept := site.profile().profile) is not None:  # what the form does not show (quiet
        for key, value in kept.prefs.model_dump(mode="json").items():  # hours, snooze) stays
            data["prefs"].setdefault(key, value)
    try:
        profile = Profile.model_validate(data)
    except ValidationError as error:
        problems += [f"{p.field}: {p.message}" for p in from_validation("", error, Profile)]
        return _form(request, site, data, problems, status=400)
    problems += [f"{p.field}: {p.message}" for p in avoid_problems(profile, site.catalogue, "")]
    if problems:
        return _form(request, site, data, problems, status=400)
    try:
        site.save_profile(profile)
    except OSError as error:  # a read-only folder, a full disk: the form again, as it was sent
        problem = f"your settings were not saved: {disk.fault(error)}; your profile is as it was"
        return _form(request, site, data, [problem], status=503)
    remember(site, form)
    return RedirectResponse("/settings?saved=1", status_code=303)


ROUTES = [Route("/settings", page), Route("/settings", save, methods=["POST"])]
