"""Settings' files: the journal exported and imported (the same format and rules as
``backbeat export`` and ``import``), and the plan as a calendar file (as ``backbeat calendar``)."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from backbeat.coach import calendar_file, restore_profile
from backbeat.context import local_zone
from backbeat.journal.transfer import dump, load, unknown_movements, unknown_sentence
from backbeat.web.forms import once, posted
from backbeat.web.site import site_from

CALENDAR_DAYS = 7
IMPORT_MAX_BYTES = 50_000_000  # some years of a busy journal; more is not an export of ours


def export(request: Request) -> Response:
    site = site_from(request)
    day = site.now().date().isoformat()
    return Response(
        dump(site.journal.oldest_first()),
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="backbeat-journal-{day}.json"'},
    )


async def bring_in(request: Request) -> Response:
    """An export file sent from the settings page: checked whole, then added all or none."""
    form = await posted(request)
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return await run_in_threadpool(
            _done, request, ["Choose a file made by backbeat's export first."]
        )
    raw = await upload.read(IMPORT_MAX_BYTES + 1)
    return await run_in_threadpool(_bring_in, request, upload.filename, raw, once(form))


def _bring_in(request: Request, name: str, raw: bytes, once: str | None) -> Response:
    """The file read, checked whole and added (off the event loop: a large one takes seconds)."""
    site = site_from(request)
    try:
        text = raw.decode("utf-8") if len(raw) <= IMPORT_MAX_BYTES else None
    except UnicodeDecodeError:
        text = None
    if text is None:
        return _done(request, [f"{name}: is not an export file (UTF-8 JSON, up to 50 MB)"])
    records, faults = load(text, name, site.now())
    if faults:
        return _done(request, [str(fault) for fault in faults])
    added = site.add(records, once=once, entry=False)
    restored = restore_profile(site.profile_path, records) is not None
    unknown = unknown_sentence(unknown_movements(records, site.catalogue.movements))
    return _done(request, [], found=len(records), added=added, restored=restored, unknown=unknown)


def _done(
    request: Request,
    problems: list[str],
    *,
    found: int = 0,
    added: int = 0,
    restored: bool = False,
    unknown: str | None = None,
) -> Response:
    return site_from(request).render(
        request,
        "import_done.html",
        title="Import",
        active="/settings",
        problems=problems,
        found=found,
        added=added,
        restored=restored,
        unknown=unknown,
        status=400 if problems else 200,
    )


def calendar(request: Request) -> Response:
    """The next week of the plan as an iCalendar file, in the person's time zone."""
    site = site_from(request)
    state = site.profile()
    now = site.now()
    if state.referral is not None:
        return Response(state.referral.message, 403, media_type="text/plain")
    if state.profile is None:
        return Response("Answer the welcome questions first: there is no plan yet.", 404)
    zone = local_zone(site.env, now)
    _, content = calendar_file(
        state.profile, site.catalogue, site.planning(), now, zone, days=CALENDAR_DAYS
    )
    return Response(
        content,
        media_type="text/calendar",
        headers={"Content-Disposition": 'attachment; filename="backbeat-plan.ics"'},
    )


ROUTES = [
    Route("/settings/journal.json", export),
    Route("/settings/import", bring_in, methods=["POST"]),
    Route("/settings/plan.ics", calendar),
]
