"""The clinician's pages: their patients, who needs attention first and why (``/clinic``, with
a form to invite a patient); a patient's page with the progress report they see themselves;
and the programme editor, with a preview of the plan a draft would give before it is saved.
``GET /api/v1/clinic/dashboard`` is the same list for programs.

For clinicians only; a patient of another clinic is 404 (``Doors.reachable``), and every read
of a patient's data is kept in the audit log.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

import jinja2
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup
from pydantic import BaseModel, Field
from starlette.datastructures import FormData

from backbeat.catalog.catalogue import Catalogue
from backbeat.clinic import accounts, attention, care, dashboard_data, editor
from backbeat.clinic.accounts import Account
from backbeat.clinic.doors import Clinician, Shared
from backbeat.clinic.pages import Staff, check_form, render
from backbeat.journal.store import Journal
from backbeat.plan.profile import Profile
from backbeat.plan.programme import Programme
from backbeat.progress.report import DEFAULT_WEEKS
from backbeat.records import ProfileRecord
from backbeat.safety.screen import refer
from backbeat.web import figures
from backbeat.web.progress import report_context
from backbeat.web.site import HERE as WEB_HERE
from backbeat.web.site import first_upper, long_date, number
from backbeat.words import dose_text, listing

router = APIRouter(include_in_schema=False)
api_router = APIRouter(prefix="/api/v1")

_web = jinja2.Environment(  # the local app's templates: the progress report's charts, reviews
    loader=jinja2.FileSystemLoader(WEB_HERE / "templates"),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=jinja2.StrictUndefined,
)
_web.filters.update(first_upper=first_upper, long_date=long_date, number=number)
_stills: dict[tuple[int, str], tuple[Catalogue, Markup]] = {}


class DashboardRow(BaseModel):
    id: str
    email: str
    needs_attention: bool
    reason: str | None = Field(description="why, in one line; null when nothing stands out")
    last_activity: str | None = Field(
        description="their latest movement, check-in, session or review in the last two "
        "weeks (ISO 8601, their local time); null when none"
    )


def names_of(catalogue: Catalogue) -> dict[str, str]:
    return {m.id: m.name for m in catalogue.movements.values()}


def _board(shared: Shared, account: Account) -> list[tuple[dashboard_data.Patient, Any]]:
    today = shared.clock().date()
    found = dashboard_data.board(
        shared.engine, account.clinic_id, today, names_of(shared.catalogue)
    )
    accounts.record(
        shared.engine, account, [p.id for p, _ in found], "read dashboard", shared.clock()
    )
    return found


@api_router.get(
    "/clinic/dashboard",
    summary="Your clinic's patients, who needs attention first, each with the reason",
    responses={401: {"description": "not signed in"}, 403: {"description": "not a clinician"}},
)
def dashboard_json(account: Clinician, shared: Shared) -> list[DashboardRow]:
    return [
        DashboardRow(
            id=p.id,
            email=p.email,
            needs_attention=a.needed,
            reason=a.reason,
            last_activity=a.last.isoformat() if a.last else None,
        )
        for p, a in _board(shared, account)
    ]


@router.get("/clinic")
def dashboard_page(request: Request, account: Staff, shared: Shared) -> HTMLResponse:
    return _dashboard(request, account, shared)


def _dashboard(
    request: Request,
    account: Account,
    shared: Shared,
    *,
    invited: str = "",
    email: str = "",
    said: str = "",
    status: int = 200,
) -> HTMLResponse:
    rows = _board(shared, account)
    return render(
        request,
        "dashboard.html",
        account=account,
        title="Your patients",
        status=status,
        rows=rows,
        today=shared.clock().date(),
        invited=invited,
        email=email,
        said=said,
        rules=attention,
    )


async def _form(request: Request) -> FormData:
    return await request.form()


Form = Annotated[FormData, Depends(_form)]


@router.post("/clinic/patients")
def invite(request: Request, account: Staff, shared: Shared, form: Form) -> HTMLResponse:
    check_form(request, form.get("csrf"))
    email = str(form.get("email") or "")
    try:
        _, token = accounts.invite_patient(shared.engine, account, email, shared.clock())
    except ValueError as error:
        return _dashboard(
            request, account, shared, email=email, said=f"{first_upper(str(error))}.", status=422
        )
    link = str(request.base_url).rstrip("/") + f"/setup/{token}"
    return _dashboard(request, account, shared, invited=link, email=email)


def reached(patient_id: str, account: Staff, shared: Shared) -> Account:
    """The patient of this address, when the clinician may see them (else 404): asked before
    a form is read, so that another clinic's clinician learns nothing from its checks."""
    return shared.reachable(account, patient_id)


Reached = Annotated[Account, Depends(reached)]


@router.get("/clinic/patients/{patient_id}")
def patient_page(
    request: Request, account: Staff, patient: Reached, shared: Shared, weeks: int = DEFAULT_WEEKS
) -> HTMLResponse:
    now = shared.clock()
    weeks = max(1, min(weeks, 52))
    found = care.progress_of(shared.engine, patient.id, shared.catalogue, now.date(), weeks)
    names = names_of(shared.catalogue)
    charts = Markup("")
    if not found.empty:
        context = report_context(found, names)
        charts = Markup(
            _web.get_template("_progress_charts.html").render(
                report=found, move_links=False, **context
            )
        )
    reviews = Markup(_web.get_template("_reviews_table.html").render(report=found))
    programme = care.programme_of(shared.engine, patient.id)
    profile = _profile(shared, patient.id)
    accounts.record(shared.engine, account, [patient.id], "read progress", now)
    return render(
        request,
        "patient.html",
        account=account,
        title=patient.email,
        patient=patient,
        report=found,
        charts=charts,
        reviews=reviews,
        weeks=weeks,
        programme=programme,
        names=names,
        referral=refer(profile.screen) if profile else None,
        onboarded=profile is not None,
        saved=request.query_params.get("saved") == "programme",
        dose_text=dose_text,
    )


@router.get("/clinic/patients/{patient_id}/programme")
def editor_page(
    request: Request, account: Staff, patient: Reached, shared: Shared, template: str = ""
) -> HTMLResponse:
    now = shared.clock()
    current = care.programme_of(shared.engine, patient.id)
    accounts.record(shared.engine, account, [patient.id], "read programme", now)
    start = editor.template(template) if template else None
    said = "" if start is not None or not template else "There is no such template."
    draft = editor.draft_of(start or current)
    return _editor(request, account, patient, shared, draft, said=said, started=template)


@router.post("/clinic/patients/{patient_id}/programme")
def editor_send(
    request: Request, account: Staff, patient: Reached, shared: Shared, form: Form
) -> Response:
    check_form(request, form.get("csrf"))
    fields = {key: [v for v in form.getlist(key) if isinstance(v, str)] for key in form}
    draft, programme, problems = editor.parse(fields, shared.catalogue)
    saving = form.get("action") == "save"
    now = shared.clock()
    if programme is None:
        return _editor(request, account, patient, shared, draft, problems=problems, status=422)
    if saving:
        care.prescribe(shared.engine, patient.id, programme, account.id, now)
        accounts.record(shared.engine, account, [patient.id], "changed programme", now)
        return RedirectResponse(f"/clinic/patients/{patient.id}?saved=programme", 303)
    accounts.record(shared.engine, account, [patient.id], "previewed programme", now)
    return _editor(request, account, patient, shared, draft, preview=programme)


def _profile(shared: Shared, patient_id: str) -> Profile | None:
    journal = Journal(shared.engine, person=care.PERSON.format(id=patient_id))
    return care.usable_profile(journal.latest(ProfileRecord))


def _editor(
    request: Request,
    account: Account,
    patient: Account,
    shared: Shared,
    draft: dict[str, Any],
    *,
    preview: Programme | None = None,
    problems: list[str] | None = None,
    said: str = "",
    started: str = "",
    status: int = 200,
) -> HTMLResponse:
    catalogue = shared.catalogue
    profile = _profile(shared, patient.id)
    plan = None
    if preview is not None:
        journal = Journal(shared.engine, person=care.PERSON.format(id=patient.id))
        records = list(reversed(journal.records()))  # oldest first, as their own plan reads
        start = _start(shared.clock())
        plan = editor.preview(profile or Profile(), preview, catalogue, records, start)
    movements = list(catalogue.movements.values())
    return render(
        request,
        "programme_editor.html",
        account=account,
        title=f"Programme for {patient.email}",
        status=status,
        patient=patient,
        draft=draft,
        movements=movements,
        still=lambda m: _still(catalogue, m),
        harder={m.id: editor.harder_of(catalogue, m.id) for m in movements},
        moments=editor.moments_for(profile, draft),
        places=editor.PLACE_CHOICES,
        dose_fields=editor.DOSE_FIELDS,
        sides=editor.SIDES,
        progress_choices=editor.PROGRESS,
        templates_=editor.templates(),
        started=started,
        problems=problems or [],
        said=said,
        plan=plan,
        onboarded=profile is not None,
        names=names_of(catalogue),
        dose_text=dose_text,
        listing=listing,
    )


def _start(now: datetime) -> date:
    """The first day of the preview: today, in the server's time, as the patient's app has it."""
    return now.astimezone().date()


def _still(catalogue: Catalogue, move: str) -> Markup:
    """A movement's still figure, as the Moves page shows it; drawn once per worker."""
    key = (id(catalogue), move)
    kept = _stills.get(key)
    if kept is None or kept[0] is not catalogue:
        kept = _stills[key] = (catalogue, Markup(figures.still(catalogue.movements[move])))
    return kept[1]
