"""Welcome and onboarding: the safety questions first (a flag ends at the referral, not a
plan), then the day. Writes the same profile as ``backbeat init`` for the same answers."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from backbeat import disk
from backbeat.catalog.problems import from_validation
from backbeat.plan.onboarding import (
    COMMUTE_MINUTES_MAX,
    MOMENT_PLACES,
    MOMENTS_MAX,
    SUGGESTED,
    WORK_PLACES,
    Answers,
    Commute,
    Moment,
    profile_data,
)
from backbeat.plan.profile import ONSETS, WEEKDAYS, Profile
from backbeat.safety import wording
from backbeat.safety.screen import Screen, refer
from backbeat.web.forms import posted, remember, sent_before, text, texts
from backbeat.web.site import Site, site_from

EXISTS = (
    "You already have a profile, so nothing was changed. You can change any answer in Settings."
)


def welcome(request: Request) -> Response:
    site = site_from(request)
    again = request.query_params.get("again") == "1"
    if site.profile().exists and not again:
        return RedirectResponse("/", status_code=303)
    return site.render(request, "welcome.html", title="Welcome", again=again)


def safety_questions(request: Request) -> Response:
    site = site_from(request)
    again = request.query_params.get("again") == "1"
    return _safety_form(request, site, again=again, answers={}, missing=[])


def _safety_form(
    request: Request, site: Site, *, again: bool, answers: dict[str, str], missing: list[str]
) -> Response:
    return site.render(
        request,
        "start_safety.html",
        status=400 if missing else 200,
        title="First, your safety",
        active="/welcome",
        questions=wording.QUESTIONS,
        answers=answers,
        missing=missing,
        again=again,
    )


def _answered(sent: dict[str, str]) -> dict[str, str]:
    """The safety answers to carry to the day step: as given, each a yes or a no."""
    return {key: sent[key] for key in wording.QUESTIONS}


def _screen(form: FormData) -> tuple[dict[str, bool], dict[str, str], list[str]]:
    """The red-flag answers (yes/no), what was sent, and the questions left unanswered."""
    sent = {key: text(form, f"screen-{key}") for key in wording.QUESTIONS}
    missing = [key for key, value in sent.items() if value not in ("yes", "no")]
    return {key: value == "yes" for key, value in sent.items()}, sent, missing


def _check_replace(site: Site, form: FormData) -> None:
    if site.profile().exists and text(form, "replace") != "yes":
        raise HTTPException(409, EXISTS)


async def answer_safety(request: Request) -> Response:
    return await run_in_threadpool(_answer_safety, request, await posted(request))


def _answer_safety(request: Request, form: FormData) -> Response:
    site = site_from(request)
    _check_replace(site, form)
    again = text(form, "replace") == "yes"
    screen, sent, missing = _screen(form)
    if missing:
        return _safety_form(request, site, again=again, answers=sent, missing=missing)
    referral = refer(Screen(**screen))
    if referral is not None:
        try:
            site.save_profile(Profile.model_validate(profile_data(screen, None)), replace=True)
        except OSError as error:  # the referral all the same: it matters more than the file
            said = [f"Your answers were not saved: {disk.fault(error)}."]
            return site.render(
                request, "referral.html", status=503, title="Please see a clinician first",
                referral=referral, said=said,
            )  # fmt: skip
        return RedirectResponse("/referral", status_code=303)
    values = {**asdict(SUGGESTED), "age": "", "onset": "", **COMMUTE_SUGGESTED}
    return _day_form(request, site, again=again, values=values, screen=sent, problems=[])


def _day_form(
    request: Request,
    site: Site,
    *,
    again: bool,
    values: dict[str, Any],
    screen: dict[str, str],
    problems: list[str],
    status: int | None = None,
) -> Response:
    return site.render(
        request,
        "start_day.html",
        status=status or (400 if problems else 200),
        title="Your back and your day",
        active="/welcome",
        values=values,
        screen=_answered(screen),
        problems=problems,
        again=again,
        onsets=ONSETS,
        work_places=WORK_PLACES,
        moment_places=MOMENT_PLACES,
        weekdays=WEEKDAYS,
        moments_max=MOMENTS_MAX,
        commute_max=COMMUTE_MINUTES_MAX,
    )


def _whole(value: str, field: str, low: int, high: int, problems: list[str]) -> int:
    if value.isascii() and value.isdigit() and low <= int(value) <= high:
        return int(value)
    problems.append(f"{field}: {value!r} is not a whole number from {low} to {high}")
    return low


def _sent(form: FormData) -> dict[str, Any]:
    """The day form as sent, shaped like ``Answers`` (to show again when something is wrong)."""
    sent: dict[str, Any] = {name: text(form, name) for name in _TEXT_FIELDS}
    sent["work_days"] = texts(form, "work_days")
    sent["commute_days"] = texts(form, "commute_days")
    sent["walk"] = text(form, "walk") == "yes"
    sent["moments"] = [
        {key: text(form, f"moment-{n}-{key}") for key in ("name", "at", "place")}
        for n in range(MOMENTS_MAX)
        if text(form, f"moment-{n}-name")
    ]
    return sent


_TEXT_FIELDS = (
    "age",
    "onset",
    "pain",
    "wake",
    "sleep",
    "work_place",
    "work_start",
    "work_end",
    "minutes_per_day",
    "commute_at",
    "commute_minutes",
)
COMMUTE_SUGGESTED = {
    "commute_at": "08:15",
    "commute_minutes": "",
    "commute_days": list(SUGGESTED.work_days),
}


def _answers(sent: dict[str, Any], problems: list[str]) -> Answers:
    """The answers, with what ``Answers`` cannot hold (a pain that is not a number, an unknown
    workplace, no work days) named in ``problems``; times are left to the profile to judge."""
    place = sent["work_place"]
    if place not in WORK_PLACES:
        problems.append(f"work place: {place!r} (allowed: {', '.join(WORK_PLACES)})")
    days = tuple(d for d in WEEKDAYS if d in sent["work_days"])
    if place != "none" and not days:
        problems.append("work days: choose at least one day (or say you do not work)")
    age = sent["age"]
    onset = sent["onset"]
    if onset and onset not in ONSETS:
        problems.append(f"how long: {onset!r} (allowed: {', '.join(ONSETS)}, or not given)")
    return Answers(
        pain=_whole(sent["pain"], "pain", 0, 10, problems),
        wake=sent["wake"],
        sleep=sent["sleep"],
        work_place=place,
        work_start=sent["work_start"],
        work_end=sent["work_end"],
        work_days=days,
        moments=tuple(Moment(m["name"], m["at"], m["place"]) for m in sent["moments"]),
        minutes_per_day=_whole(sent["minutes_per_day"], "minutes a day", 2, 180, problems),
        walk=sent["walk"],
        age=_whole(age, "age", 12, 120, problems) if age else None,
        onset=onset if onset in ONSETS else None,
        commute=_commute(sent, problems),
    )


def _commute(sent: dict[str, Any], problems: list[str]) -> Commute | None:
    """The drive to work, when its minutes are given (the days default to every work day)."""
    minutes = sent.get("commute_minutes") or ""
    if not minutes:
        return None
    length = _whole(minutes, "drive to work", 1, COMMUTE_MINUTES_MAX, problems)
    days = tuple(d for d in WEEKDAYS if d in sent.get("commute_days", ()))
    return Commute(sent.get("commute_at") or "08:15", length, days or SUGGESTED.work_days)


async def answer_day(request: Request) -> Response:
    return await run_in_threadpool(_answer_day, request, await posted(request))


def _answer_day(request: Request, form: FormData) -> Response:
    site = site_from(request)
    if sent_before(site, form):
        return RedirectResponse("/?welcome=1", status_code=303)
    _check_replace(site, form)
    again = text(form, "replace") == "yes"
    screen, sent_screen, missing = _screen(form)
    if missing or refer(Screen(**screen)) is not None:  # not the safety step's answers: go back
        return RedirectResponse("/start" + ("?again=1" if again else ""), status_code=303)
    sent = _sent(form)
    problems: list[str] = []
    answers = _answers(sent, problems)
    try:
        profile = Profile.model_validate(profile_data(screen, answers))
    except ValidationError as error:
        problems += [f"{p.field}: {p.message}" for p in from_validation("", error, Profile)]
    if problems:
        return _day_form(
            request, site, again=again, values=sent, screen=sent_screen, problems=problems
        )
    try:
        site.save_profile(profile, replace=True)
    except OSError as error:  # a read-only folder, a full disk: the form again, as it was sent
        problem = f"your answers were not saved: {disk.fault(error)}"
        return _day_form(
            request, site, again=again, values=sent, screen=sent_screen, problems=[problem],
            status=503,
        )  # fmt: skip
    remember(site, form)
    return RedirectResponse("/?welcome=1", status_code=303)


ROUTES = [
    Route("/welcome", welcome),
    Route("/start", safety_questions),
    Route("/start", answer_safety, methods=["POST"]),
    Route("/start/day", answer_day, methods=["POST"]),
]
