"""A patient leaving: their account and every record with it deleted from the server, after
their password is given again (by the page, or by ``DELETE /api/v1/account``). Their journal
can be exported first; the page says so."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Form, HTTPException, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from backbeat.clinic import accounts, care
from backbeat.clinic.accounts import Account, Limited
from backbeat.clinic.api import REFUSED, Refusal
from backbeat.clinic.doors import COOKIE, Current, Doors, Shared
from backbeat.clinic.pages import SignedIn, check_form, render
from backbeat.web.site import first_upper

router = APIRouter()


class Confirm(BaseModel):
    password: str = Field(max_length=1000, description="your password, given again")


def _leave(shared: Doors, account: Account, password: str) -> str | None:
    """Delete the account when the password is right; else what went wrong, in a sentence."""
    if account.clinician:
        return "a clinician's account is closed by the clinic, not here"
    try:
        if not accounts.confirm(shared.engine, account, password, shared.clock()):
            return "that is not your password"
    except Limited:
        return "too many wrong passwords for this account: try again in 15 minutes"
    care.erase_patient(shared.engine, account.id)
    return None


@router.delete(
    "/api/v1/account",
    summary="Delete your account and every record in it (patients; your password again)",
    status_code=204,
    responses={
        401: REFUSED[401],
        403: {"model": Refusal, "description": "wrong password, or a clinician's account"},
    },
)
def delete_account(account: Current, shared: Shared, body: Annotated[Confirm, Body()]) -> Response:
    said = _leave(shared, account, body.password)
    if said is not None:
        raise HTTPException(403, said)
    answer = Response(status_code=204)
    answer.delete_cookie(COOKIE, path="/")
    return answer


@router.get("/account/delete", include_in_schema=False)
def delete_page(request: Request, account: SignedIn, shared: Shared) -> Response:
    return _page(request, account, shared, "", 200)


@router.post("/account/delete", include_in_schema=False)
def delete_form(
    request: Request,
    account: SignedIn,
    shared: Shared,
    password: Annotated[str, Form(max_length=1000)] = "",
    csrf: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    check_form(request, csrf)
    said = _leave(shared, account, password)
    if said is not None:
        return _page(request, account, shared, f"{first_upper(said)}.", 403)
    answer = render(request, "deleted.html", account=None, title="Account deleted")
    answer.delete_cookie(COOKIE, path="/")
    return answer


def _page(request: Request, account: Account, shared: Doors, said: str, status: int) -> Response:
    clinic = accounts.clinic_name(shared.engine, account.clinic_id)
    return render(
        request,
        "delete.html",
        account=account,
        title="Delete your account",
        status=status,
        clinic=clinic,
        said=said,
    )
