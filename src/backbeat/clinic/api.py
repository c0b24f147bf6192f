"""The clinic's own operations under ``/api/v1``: sign in and out, set-up links, a clinician's
patients with their progress and programme, signed-in devices, and the audit log of who read
whose record. (A patient's Today, sessions and journal are the local app's API, served to them
by ``patients``.)

A clinician sees only their clinic's patients and a patient only themselves: anything else is
404 (a record they may not know of) or 403 (a kind of request their role may not make), and
every read of a patient's data by someone else is kept in the audit log.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, HTTPException, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from backbeat.clinic import accounts, care
from backbeat.clinic.accounts import Limited
from backbeat.clinic.doors import COOKIE, Clinician, Current, Shared
from backbeat.plan.programme import Programme, check


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


class Device(BaseModel):
    id: str = Field(description="the session's short name, for DELETE /api/v1/devices/{id}")
    agent: str = Field(description="the browser it was signed in from")
    how: str = Field(description="password or passkey")
    started: str
    seen: str = Field(description="its last request, to the minute")
    this: bool = Field(description="the session this list was asked from")


class Refusal(BaseModel):
    detail: str


REFUSED: dict[int | str, dict[str, Any]] = {
    401: {"model": Refusal, "description": "not signed in"},
    403: {"model": Refusal, "description": "not for this role"},
    404: {"model": Refusal, "description": "no such patient (or not yours)"},
}
router = APIRouter(prefix="/api/v1")


def me_of(account: accounts.Account) -> Me:
    return Me(id=account.id, email=account.email, role=account.role)


@router.post(
    "/login",
    summary="Sign in with e-mail and password; sets the session cookie",
    responses={401: REFUSED[401], 429: {"model": Refusal, "description": "too many tries"}},
)
def login(body: Login, request: Request, response: Response, shared: Shared) -> Me:
    now = shared.clock()
    agent = request.headers.get("user-agent", "")
    try:
        token = accounts.log_in(shared.engine, body.email, body.password, now, agent=agent)
    except Limited:
        raise HTTPException(
            429, "too many failed sign-ins for this account: try again in 15 minutes"
        ) from None
    if token is None:
        raise HTTPException(401, "wrong e-mail or password")
    account = accounts.signed_in(shared.engine, token, now)
    assert account is not None
    shared.open_session(request, response, token)
    return me_of(account)


@router.post("/logout", summary="End this session", status_code=204)
def logout(request: Request, shared: Shared) -> Response:
    token = request.cookies.get(COOKIE)
    if token:
        accounts.log_out(shared.engine, token)
    answer = Response(status_code=204)
    answer.delete_cookie(COOKIE, path="/")
    return answer


@router.get("/me", summary="Who is signed in", responses={401: REFUSED[401]})
def me(account: Current) -> Me:
    return me_of(account)


@router.post(
    "/setup/{token}",
    summary="Use a one-time set-up or invite link: set a password, then sign in",
    responses={404: {"model": Refusal, "description": "unknown, used or expired link"}},
)
def setup(token: str, body: SetUp, shared: Shared) -> Me:
    account = accounts.use_link(shared.engine, token, body.password, shared.clock())
    if account is None:
        raise HTTPException(404, "this link is unknown, used or expired: ask for a new one")
    return me_of(account)


@router.get(
    "/devices",
    summary="Where you are signed in: every live session, the latest used first",
    responses={401: REFUSED[401]},
)
def list_devices(request: Request, account: Current, shared: Shared) -> list[Device]:
    token = request.cookies.get(COOKIE, "")
    found = accounts.devices(shared.engine, account.id, token, shared.clock())
    return [
        Device(
            id=d.id,
            agent=d.agent,
            how=d.how,
            started=d.started.isoformat(),
            seen=d.seen.isoformat(),
            this=d.this,
        )
        for d in found
    ]


@router.delete(
    "/devices/{device}",
    summary="Sign out one of your devices",
    status_code=204,
    responses={401: REFUSED[401], 404: {"model": Refusal, "description": "no such session"}},
)
def end_device(device: str, account: Current, shared: Shared) -> Response:
    if not accounts.end_device(shared.engine, account.id, device):
        raise HTTPException(404, "no such signed-in device of yours")
    return Response(status_code=204)


@router.get(
    "/clinic/patients",
    summary="Your clinic's patients",
    responses={401: REFUSED[401], 403: REFUSED[403]},
)
def list_patients(account: Clinician, shared: Shared) -> list[Patient]:
    found = accounts.patients(shared.engine, account.clinic_id)
    accounts.record(shared.engine, account, [p.id for p in found], "listed", shared.clock())
    return [Patient(id=p.id, email=p.email) for p in found]


@router.post(
    "/clinic/patients",
    summary="Invite a patient: their id and a one-time sign-up link",
    status_code=201,
    responses={401: REFUSED[401], 403: REFUSED[403], 409: {"model": Refusal}},
)
def add_patient(account: Clinician, body: Invite, shared: Shared) -> Invited:
    try:
        made, token = accounts.invite_patient(shared.engine, account, body.email, shared.clock())
    except ValueError as error:
        raise HTTPException(409, str(error)) from None
    return Invited(id=made, invite=f"/setup/{token}")


@router.get(
    "/clinic/patients/{patient_id}/progress",
    summary="A patient's progress, as backbeat progress --json gives it",
    responses=REFUSED,
)
def progress(account: Current, patient_id: str, shared: Shared, weeks: int = 4) -> JSONResponse:
    found = shared.reachable(account, patient_id)
    now = shared.clock()
    report = care.progress_of(
        shared.engine, found.id, shared.catalogue, now.date(), max(1, min(weeks, 52))
    )
    accounts.record(shared.engine, account, [found.id], "read progress", now)
    return JSONResponse(report.as_json())


@router.get(
    "/clinic/patients/{patient_id}/programme",
    summary="A patient's programme (the programme file format); 404 when none",
    responses=REFUSED,
)
def get_programme(account: Current, patient_id: str, shared: Shared) -> Programme:
    found = shared.reachable(account, patient_id)
    programme = care.programme_of(shared.engine, found.id)
    accounts.record(shared.engine, account, [found.id], "read programme", shared.clock())
    if programme is None:
        raise HTTPException(404, "no programme yet")
    return programme


@router.put(
    "/clinic/patients/{patient_id}/programme",
    summary="Prescribe a patient's programme (the programme file format)",
    responses={**REFUSED, 422: {"model": Refusal}},
)
def put_programme(
    account: Clinician, patient_id: str, programme: Annotated[Programme, Body()], shared: Shared
) -> Programme:
    found = shared.reachable(account, patient_id)
    problems = check(programme, shared.catalogue, "programme")
    if problems:
        raise HTTPException(422, "; ".join(f"{p.field}: {p.message}" for p in problems))
    care.prescribe(shared.engine, found.id, programme, account.id, shared.clock())
    accounts.record(shared.engine, account, [found.id], "changed programme", shared.clock())
    return programme


@router.get(
    "/audit",
    summary="Who looked at your record, newest first",
    responses={401: REFUSED[401]},
)
def audit(account: Current, shared: Shared) -> list[AuditEntry]:
    return [AuditEntry.model_validate(e) for e in accounts.audit_of(shared.engine, account.id)]
