"""The journal page: history, a quick log of one movement, and the morning check-in, written
through the same records and rules as ``backbeat log``, ``checkin`` and ``history``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from itertools import groupby

from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from backbeat.context import local_zone
from backbeat.inputs import DIFFICULTIES, parse_difficulty, parse_pain, parse_when
from backbeat.journal.describe import describe
from backbeat.records import MorningRecord, MoveRecord, Record
from backbeat.web.forms import posted, text
from backbeat.web.site import Site, site_from

RECENT_DAYS = 30


def page(request: Request) -> Response:
    return _page(request, site_from(request), {}, [], status=200)


def _page(
    request: Request, site: Site, sent: dict[str, str], problems: list[str], *, status: int
) -> Response:
    everything = request.query_params.get("all") == "1"
    now = site.now()
    since = None if everything else now - timedelta(days=RECENT_DAYS)
    records = site.journal.records(since=since)
    days = [
        (day, [(r, describe(r)) for r in group])
        for day, group in groupby(records, key=lambda r: r.at.date())
    ]
    return site.render(
        request,
        "journal.html",
        status=status,
        title="Journal",
        active="/journal",
        days=days,
        everything=everything,
        recent_days=RECENT_DAYS,
        movements=site.catalogue.movements,
        difficulties=DIFFICULTIES,
        sent=sent,
        problems=problems,
        saved=request.query_params.get("saved"),
        now=now,
    )


def _pain(form: FormData, field: str, label: str, problems: list[str]) -> int | None:
    value = text(form, field)
    if not value:
        return None
    try:
        return parse_pain(value)
    except ValueError as error:
        problems.append(f"{label}: {error}")
        return None


def _when(form: FormData, site: Site, problems: list[str]) -> datetime:
    """The form's date and time (local time, as ``--at`` takes it), or now."""
    now = site.now()
    value = text(form, "at")
    if not value:
        return now
    try:
        return parse_when(value, local_zone(site.env, now), now)
    except ValueError as error:
        problems.append(f"when: {error}")
        return now


async def _save(
    request: Request, make: Callable[[FormData, list[str]], Record | None], saved: str
) -> Response:
    return await run_in_threadpool(_store, request, make, saved, await posted(request))


def _store(
    request: Request,
    make: Callable[[FormData, list[str]], Record | None],
    saved: str,
    form: FormData,
) -> Response:
    site = site_from(request)
    problems: list[str] = []
    record = None
    try:
        record = make(form, problems)
    except ValidationError as error:
        problems += [e["msg"] for e in error.errors()]
    if problems or record is None:
        sent = {k: v for k, v in form.items() if isinstance(v, str)}
        return _page(request, site, sent, problems, status=400)
    site.add([record])
    return RedirectResponse(f"/journal?saved={saved}#history", status_code=303)


async def log(request: Request) -> Response:
    site = site_from(request)

    def make(form: FormData, problems: list[str]) -> MoveRecord | None:
        move = text(form, "move")
        if site.catalogue.get(move) is None:
            problems.append(f"movement: {move!r} is not a movement in the catalogue")
        during = _pain(form, "pain_during", "pain during", problems)
        if during is None and not problems:
            problems.append("pain during: please give a number from 0 to 10")
        after = _pain(form, "pain_after", "pain after", problems)
        difficulty = None
        if value := text(form, "difficulty"):
            try:
                difficulty = parse_difficulty(value)
            except ValueError as error:
                problems.append(f"how hard: {error}")
        at = _when(form, site, problems)
        if problems:
            return None
        return MoveRecord(
            at=at,
            move=move,
            pain_during=during,
            pain_after=after,
            sharp=text(form, "sharp") == "yes",
            difficulty=difficulty,
        )

    return await _save(request, make, "move")


async def morning(request: Request) -> Response:
    site = site_from(request)

    def make(form: FormData, problems: list[str]) -> MorningRecord | None:
        pain = _pain(form, "morning_pain", "pain this morning", problems)
        if pain is None and not problems:
            problems.append("pain this morning: please give a number from 0 to 10")
        stiffness = _pain(form, "stiffness", "stiffness", problems)
        at = _when(form, site, problems)
        if problems or pain is None:
            return None
        return MorningRecord(at=at, morning_pain=pain, stiffness=stiffness)

    return await _save(request, make, "morning")


ROUTES = [
    Route("/journal", page),
    Route("/journal/log", log, methods=["POST"]),
    Route("/journal/checkin", morning, methods=["POST"]),
]
