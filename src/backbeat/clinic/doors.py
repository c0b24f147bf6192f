"""Who is asking, for every route of the clinic server: the signed-in account from the session
cookie, the role a route needs, and the one rule of who may reach a patient.

The routers (the API, the pages, passkeys) share these through the app's state, so each is a
module of its own and the rule is written once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated

from fastapi import Cookie, Depends, HTTPException, Request, Response
from sqlalchemy import Engine

from backbeat.catalog.catalogue import Catalogue
from backbeat.clinic import accounts
from backbeat.clinic.accounts import Account

COOKIE = "backbeat_clinic"
NOT_FOUND = "no such patient"


@dataclass
class Doors:
    """What every route of one worker needs: the database, the clock, the catalogue, and the
    proxies whose word on HTTPS is believed."""

    engine: Engine
    catalogue: Catalogue
    clock: Callable[[], datetime]
    trusted: Sequence[str] = field(default_factory=tuple)

    def secure(self, request: Request) -> bool:
        """HTTPS as the client sees it: the request's own scheme, or a trusted proxy's word."""
        if request.url.scheme == "https":
            return True
        client = request.client.host if request.client else ""
        forwarded = request.headers.get("x-forwarded-proto", "").split(",")[0].strip()
        return client in self.trusted and forwarded == "https"

    def open_session(self, request: Request, response: Response, token: str) -> None:
        """Give the browser a session's cookie: ``Secure`` when it came over HTTPS."""
        response.set_cookie(
            COOKIE,
            token,
            max_age=int(accounts.SESSION_LIFE.total_seconds()),
            httponly=True,
            samesite="strict",
            secure=self.secure(request),
            path="/",
        )

    def account(self, request: Request) -> Account | None:
        """The account signed in on this request, or None."""
        token = request.cookies.get(COOKIE)
        if not token:
            return None
        agent = request.headers.get("user-agent", "")
        return accounts.signed_in(self.engine, token, self.clock(), agent=agent)

    def reachable(self, account: Account, patient_id: str) -> Account:
        """The patient, when ``account`` may see them: themselves, or a clinician of their
        clinic; else 404, so that no one learns of another clinic's patients."""
        found = accounts.patient(self.engine, patient_id)
        if found is None:
            raise HTTPException(404, NOT_FOUND)
        if account.id == found.id or (account.clinician and account.clinic_id == found.clinic_id):
            return found
        raise HTTPException(404, NOT_FOUND)


def doors(request: Request) -> Doors:
    found: Doors = request.app.state.doors
    return found


Shared = Annotated[Doors, Depends(doors)]


def current(request: Request, shared: Shared) -> Account:
    account = shared.account(request)
    if account is None:
        raise HTTPException(401, "sign in first (POST /api/v1/login)")
    return account


Current = Annotated[Account, Depends(current)]


def clinician(account: Current) -> Account:
    if not account.clinician:
        raise HTTPException(403, "for clinicians only")
    return account


Clinician = Annotated[Account, Depends(clinician)]
SessionCookie = Annotated[str | None, Cookie(alias=COOKIE)]
