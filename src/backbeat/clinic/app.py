"""The clinic server's web API under ``/api/v1``: log in and out, a clinician's patients, their
progress and programme, and the audit log of who read whose record.

Stateless between requests: sessions, failed log-ins and one-time links are rows of the
database, so any number of workers (``backbeat clinic serve --workers N``) share the load.
A clinician sees only their clinic's patients and a patient only themselves: anything else is
404 (a record they may not know of) or 403 (a kind of request their role may not make), and
every read of a patient's data by someone else is kept in the audit log.
"""

import os
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import Body, Cookie, Depends, FastAPI, HTTPException, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy import Engine

from backbeat.catalog.catalogue import Catalogue
from backbeat.clinic import accounts, care
from backbeat.clinic.accounts import Account, Limited
from backbeat.clinic.db import DB_VARIABLE, PROXIES_VARIABLE, connect, up_to_date
from backbeat.plan.programme import Programme, check

COOKIE = "backbeat_clinic"
NOT_FOUND = "no such patient"


class Login(BaseModel):
    email: str = Field(max_length=320)
    password: str = Field(max_length=1000)


class SetUp(BaseModel):
    password: str = Field(min_length=accounts.MIN_PASSWORD, max_length=1000)


class Invite(BaseModel):
    email: str = Field(max_length=320)


class Me(BaseModel):
    id: str
    email: str
    role: str


class Invited(BaseModel):
    id: str
    invite: str = Field(description="the one-time sign-up link (/setup/<token>), valid 24 hours")


class Patient(BaseModel):
    id: str
    email: str


class AuditEntry(BaseModel):
    at: str
    who: str
    role: str
    action: str


class Problem(BaseModel):
    detail: str


def from_environ() -> FastAPI:
    """The app for ``uvicorn --factory`` in each worker: the database and trusted proxies from
    the environment ``backbeat clinic serve`` sets."""
    proxies = [p for p in os.environ.get(PROXIES_VARIABLE, "").split(",") if p]
    return create_app(connect(os.environ[DB_VARIABLE]), trusted=proxies)


def create_app(
    engine: Engine,
    *,
    trusted: Sequence[str] = (),
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    catalogue: Catalogue | None = None,
) -> FastAPI:
    if not up_to_date(engine):
        raise RuntimeError("the clinic's database is not up to date: run backbeat clinic migrate")
    if catalogue is None:
        from backbeat.catalog.loader import builtin

        catalogue = builtin()
    found_catalogue = catalogue
    app = FastAPI(
        title="backbeat clinic",
        description="A clinic's backbeat: clinicians prescribe programmes, patients follow.",
        version="1",
        openapi_url="/api/v1/openapi.json",
        docs_url="/api/v1/docs",
        redoc_url=None,
    )
    refused: dict[int | str, dict[str, Any]] = {
        401: {"model": Problem, "description": "not signed in"},
        403: {"model": Problem, "description": "not for this role"},
        404: {"model": Problem, "description": "no such patient (or not yours)"},
    }

    def secure(request: Request) -> bool:
        """HTTPS as the client sees it: the request's own scheme, or a trusted proxy's word."""
        if request.url.scheme == "https":
            return True
        client = request.client.host if request.client else ""
        forwarded = request.headers.get("x-forwarded-proto", "").split(",")[0].strip()
        return client in trusted and forwarded == "https"

    def current(token: Annotated[str | None, Cookie(alias=COOKIE)] = None) -> Account:
        account = accounts.signed_in(engine, token, clock()) if token else None
        if account is None:
            raise HTTPException(401, "sign in first (POST /api/v1/login)")
        return account

    Current = Annotated[Account, Depends(current)]

    def clinician(account: Current) -> Account:
        if not account.clinician:
            raise HTTPException(403, "for clinicians only")
        return account

    Clinician = Annotated[Account, Depends(clinician)]

    def reachable(account: Account, patient_id: str) -> Account:
        """The patient, when ``account`` may see them: themselves, or a clinician of their
        clinic; else 404, so that no one learns of another clinic's patients."""
        found = accounts.patient(engine, patient_id)
        if found is None:
            raise HTTPException(404, NOT_FOUND)
        if account.id == found.id or (account.clinician and account.clinic_id == found.clinic_id):
            return found
        raise HTTPException(404, NOT_FOUND)

    @app.post(
        "/api/v1/login",
        summary="Sign in with e-mail and password; sets the session cookie",
        responses={401: refused[401], 429: {"model": Problem, "description": "too many tries"}},
    )
    def login(body: Login, request: Request, response: Response) -> Me:
        try:
            token = accounts.log_in(engine, body.email, body.password, clock())
        except Limited:
            raise HTTPException(
                429, "too many failed sign-ins for this account: try again in 15 minutes"
            ) from None
        if token is None:
            raise HTTPException(401, "wrong e-mail or password")
        account = accounts.signed_in(engine, token, clock())
        assert account is not None
        response.set_cookie(
            COOKIE,
            token,
            max_age=int(accounts.SESSION_LIFE.total_seconds()),
            httponly=True,
            samesite="strict",
            secure=secure(request),
            path="/",
        )
        return Me(id=account.id, email=account.email, role=account.role)

    @app.post("/api/v1/logout", summary="End this session", status_code=204)
    def logout(
        response: Response, token: Annotated[str | None, Cookie(alias=COOKIE)] = None
    ) -> Response:
        if token:
            accounts.log_out(engine, token)
        answer = Response(status_code=204)
        answer.delete_cookie(COOKIE, path="/")
        return answer

    @app.get("/api/v1/me", summary="Who is signed in", responses={401: refused[401]})
    def me(account: Current) -> Me:
        return Me(id=account.id, email=account.email, role=account.role)

    @app.get("/setup/{token}", include_in_schema=False)
    def setup_page(token: str) -> HTMLResponse:
        return HTMLResponse(SETUP_PAGE)

    @app.post(
        "/api/v1/setup/{token}",
        summary="Use a one-time set-up or invite link: set a password, then sign in",
        responses={404: {"model": Problem, "description": "unknown, used or expired link"}},
    )
    def setup(token: str, body: SetUp) -> Me:
        account = accounts.use_link(engine, token, body.password, clock())
        if account is None:
            raise HTTPException(404, "this link is unknown, used or expired: ask for a new one")
        return Me(id=account.id, email=account.email, role=account.role)

    @app.get(
        "/api/v1/clinic/patients",
        summary="Your clinic's patients",
        responses={401: refused[401], 403: refused[403]},
    )
    def list_patients(account: Clinician) -> list[Patient]:
        found = accounts.patients(engine, account.clinic_id)
        accounts.record(engine, account, [p.id for p in found], "listed", clock())
        return [Patient(id=p.id, email=p.email) for p in found]

    @app.post(
        "/api/v1/clinic/patients",
        summary="Invite a patient: their id and a one-time sign-up link",
        status_code=201,
        responses={401: refused[401], 403: refused[403], 409: {"model": Problem}},
    )
    def add_patient(account: Clinician, body: Invite) -> Invited:
        try:
            made, token = accounts.invite_patient(engine, account, body.email, clock())
        except ValueError as error:
            raise HTTPException(409, str(error)) from None
        return Invited(id=made, invite=f"/setup/{token}")

    @app.get(
        "/api/v1/clinic/patients/{patient_id}/progress",
        summary="A patient's progress, as backbeat progress --json gives it",
        responses=refused,
    )
    def progress(account: Current, patient_id: str, weeks: int = 4) -> JSONResponse:
        found = reachable(account, patient_id)
        now = clock()
        report = care.progress_of(
            engine, found.id, found_catalogue, now.date(), max(1, min(weeks, 52))
        )
        accounts.record(engine, account, [found.id], "read progress", now)
        return JSONResponse(report.as_json())

    @app.get(
        "/api/v1/clinic/patients/{patient_id}/programme",
        summary="A patient's programme (the programme file format); 404 when none",
        responses=refused,
    )
    def get_programme(account: Current, patient_id: str) -> Programme:
        found = reachable(account, patient_id)
        programme = care.programme_of(engine, found.id)
        accounts.record(engine, account, [found.id], "read programme", clock())
        if programme is None:
            raise HTTPException(404, "no programme yet")
        return programme

    @app.put(
        "/api/v1/clinic/patients/{patient_id}/programme",
        summary="Prescribe a patient's programme (the programme file format)",
        responses={**refused, 422: {"model": Problem}},
    )
    def put_programme(
        account: Clinician, patient_id: str, programme: Annotated[Programme, Body()]
    ) -> Programme:
        found = reachable(account, patient_id)
        problems = check(programme, found_catalogue, "programme")
        if problems:
            raise HTTPException(422, "; ".join(f"{p.field}: {p.message}" for p in problems))
        care.prescribe(engine, found.id, programme, account.id, clock())
        accounts.record(engine, account, [found.id], "changed programme", clock())
        return programme

    @app.get(
        "/api/v1/audit",
        summary="Who looked at your record, newest first",
        responses={401: refused[401]},
    )
    def audit(account: Current) -> list[AuditEntry]:
        return [AuditEntry.model_validate(e) for e in accounts.audit_of(engine, account.id)]

    return app


SETUP_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>backbeat: set your password</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1>Set your password</h1>
<form id="setup"><label>Password (at least 10 characters)
<input type="password" name="password" minlength="10" required autocomplete="new-password"></label>
<button>Save</button></form><p id="said" role="status"></p></main>
<script>
document.getElementById("setup").addEventListener("submit", async (event) => {
  event.preventDefault();
  const token = location.pathname.split("/").pop();
  const password = new FormData(event.target).get("password");
  const answer = await fetch(`/api/v1/setup/${token}`, {method: "POST",
    headers: {"content-type": "application/json"}, body: JSON.stringify({password})});
  document.getElementById("said").textContent = answer.ok
    ? "Done: sign in with your e-mail and this password." : (await answer.json()).detail;
});
</script></body></html>
"""
