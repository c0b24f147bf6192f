"""The journal page: history, a quick log of one movement, and the morning check-in, written
through the same records and rules as ``backbeat log``, ``checkin`` and ``history``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from itertools import groupby

from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from backbeat.context import local_zone
from backbeat.inputs import (
    DIFFICULTIES,
    Difficulty,
    in_range,
    instant,
    parse_difficulty,
    parse_pain,
    parse_when,
)
from backbeat.journal import changes
from backbeat.journal.describe import describe
from backbeat.journal.store import Stored
from backbeat.records import MorningRecord, MoveRecord, Record
from backbeat.web.forms import once, posted, text
from backbeat.web.site import Site, first_upper, site_from

PAGE = 60
"""Records on one page of history: a busy week of sessions and check-ins, and a page that stays
small (well under 50 KB) whatever the size of the journal; older ones are a link away."""

DONE = {
    "move": "Saved to your journal.",
    "morning": "Saved to your journal.",
    "deleted": "Deleted from your journal.",
    "corrected": "Corrected.",
    "restored": "Put back in your journal.",
    "undone": "Your last entry was taken back.",
    "nothing": "There was nothing to undo.",
}
"""What the page says after a change; each change but "nothing" can be undone from there."""


async def page(request: Request) -> Response:
    """The journal, newest first, a page at a time; kept like any page until the journal, the
    profile or the minute changes."""
    site = site_from(request)
    return await site.cached(request, lambda: _page(request, site, {}, [], status=200))


def _before(request: Request, site: Site) -> datetime | None:
    """``?before=``: the page of records made before this instant (the previous page's oldest)."""
    value = request.query_params.get("before")
    if not value:
        return None
    try:
        return in_range(instant(value), site.now())
    except ValueError as error:
        raise HTTPException(400, f"before: {error}") from None


def _page(
    request: Request, site: Site, sent: dict[str, str], problems: list[str], *, status: int
) -> Response:
    now = site.now()
    before = _before(request, site)
    entries = site.journal.entries(before=before, limit=PAGE)
    names = {m.id: m.name for m in site.catalogue.movements.values()}
    days = [
        (day, [(e, describe(e.record, names), _correctable(e.record)) for e in group])
        for day, group in groupby(entries, key=lambda e: e.at.date())
    ]
    older = entries[-1].at.isoformat() if len(entries) >= PAGE else None
    done = request.query_params.get("done") or request.query_params.get("saved", "")
    return site.render(
        request,
        "journal.html",
        status=status,
        title="Journal",
        active="/journal",
        days=days,
        older=older,
        first_page=before is None,
        movements=site.catalogue.movements,
        difficulties=DIFFICULTIES,
        sent=sent,
        problems=problems,
        done=DONE.get(done),
        can_undo=done in DONE and done != "nothing",
        now=now,
    )


def _correctable(record: Record) -> bool:
    return isinstance(record, MoveRecord | MorningRecord)


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
    site.add([record], once=once(form))
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
        difficulty = _difficulty(form, problems)
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


def not_there(error: changes.NoSuchRecord) -> HTTPException:
    """A 404 page saying, in a sentence, which id names no record and where ids are shown."""
    return HTTPException(404, f"{first_upper(str(error))}.")


async def forget(request: Request) -> Response:
    """Delete one record (the form's button names it); undo puts it back."""
    form = await posted(request)
    site = site_from(request)
    wanted = text(form, "id")
    return await run_in_threadpool(
        _change, site, form, lambda: changes.forget(site.journal, wanted, site.now()), "deleted"
    )


async def undo(request: Request) -> Response:
    """Take back the last change, as ``backbeat undo`` does."""
    form = await posted(request)
    site = site_from(request)

    def act() -> str:
        undone = changes.undo(site.journal, site.now())
        if undone is None:
            return "nothing"
        return "restored" if undone.action == "restored" else "undone"

    return await run_in_threadpool(_change, site, form, act, None)


def _change(site: Site, form: FormData, act: Callable[[], object], done: str | None) -> Response:
    """Make one change under the form's one-time key (sent twice, it is made once and the
    answer is the same), then show the journal saying what was done. An id that names no
    record is a 404 page that says so."""
    key = once(form)

    def answer(*_: object) -> str:
        result = act()
        return done or str(result)

    try:
        if key is None:
            said = site.changed(answer)
        else:
            said = site.changed(lambda: site.journal.once(key, site.now(), answer)[0])
    except changes.NoSuchRecord as error:
        raise not_there(error) from None
    return RedirectResponse(f"/journal?done={said}#history", status_code=303)


def correcting(request: Request) -> Response:
    """The form that corrects one check-in, filled in with what it says now."""
    site = site_from(request)
    try:
        found = changes.find(site.journal, request.query_params.get("id", ""))
    except changes.NoSuchRecord as error:
        raise not_there(error) from None
    return _correct_page(request, site, found, {}, [], status=200)


def _correct_page(
    request: Request,
    site: Site,
    found: Stored,
    sent: dict[str, str],
    problems: list[str],
    *,
    status: int,
) -> Response:
    record = found.record
    if not _correctable(record):
        raise HTTPException(
            404, "Only movement and morning check-ins can be corrected; any record can be deleted."
        )
    names = {m.id: m.name for m in site.catalogue.movements.values()}
    return site.render(
        request,
        "correct.html",
        sent=sent or _as_sent(record),
        status=status,
        title="Correct a record",
        active="/journal",
        entry=found,
        record=record,
        text=describe(record, names),
        is_move=isinstance(record, MoveRecord),
        difficulties=DIFFICULTIES,
        problems=problems,
        now=site.now(),
    )


def _as_sent(record: Record) -> dict[str, str]:
    """A check-in as its correction form shows it before anything is changed."""
    data = {k: "" if v is None else str(v) for k, v in record.model_dump().items()}
    data["sharp"] = "yes" if getattr(record, "sharp", False) else ""
    data["at"] = record.at.strftime("%Y-%m-%dT%H:%M")
    return data


async def correct(request: Request) -> Response:
    form = await posted(request)
    return await run_in_threadpool(_correct, request, form)


def _correct(request: Request, form: FormData) -> Response:
    site = site_from(request)
    try:
        found = changes.find(site.journal, text(form, "id"))
    except changes.NoSuchRecord as error:
        raise not_there(error) from None
    problems: list[str] = []
    fields: dict[str, object] = {}
    if isinstance(found.record, MoveRecord):
        fields["pain_during"] = _pain(form, "pain_during", "pain during", problems)
        fields["pain_after"] = _pain(form, "pain_after", "pain after", problems)
        fields["sharp"] = text(form, "sharp") == "yes"
        fields["difficulty"] = _difficulty(form, problems)
    else:
        fields["morning_pain"] = _pain(form, "morning_pain", "pain this morning", problems)
        fields["stiffness"] = _pain(form, "stiffness", "stiffness", problems)
    if text(form, "at"):
        fields["at"] = _when(form, site, problems)
    if problems:
        sent = {k: v for k, v in form.items() if isinstance(v, str)}
        return _correct_page(request, site, found, sent, problems, status=400)
    key = once(form)

    def act(*_: object) -> str:
        changes.correct(site.journal, found.id, fields, site.now())
        return "corrected"

    try:
        if key is None:
            site.changed(act)
        else:
            site.changed(lambda: site.journal.once(key, site.now(), act))
    except changes.NothingChanged:
        pass  # the form sent what the record already said: nothing to do
    except ValueError as error:
        sent = {k: v for k, v in form.items() if isinstance(v, str)}
        return _correct_page(request, site, found, sent, [str(error)], status=400)
    return RedirectResponse("/journal?done=corrected#history", status_code=303)


def _difficulty(form: FormData, problems: list[str]) -> Difficulty | None:
    value = text(form, "difficulty")
    if not value:
        return None
    try:
        return parse_difficulty(value)
    except ValueError as error:
        problems.append(f"how hard: {error}")
        return None


ROUTES = [
    Route("/journal", page),
    Route("/journal/log", log, methods=["POST"]),
    Route("/journal/checkin", morning, methods=["POST"]),
    Route("/journal/forget", forget, methods=["POST"]),
    Route("/journal/undo", undo, methods=["POST"]),
    Route("/journal/correct", correcting),
    Route("/journal/correct", correct, methods=["POST"]),
]
