"""The account page, for everyone signed in: where you are signed in (each device with its own
Sign out), your passkeys (added by ``passkeys.js`` through the API, removed by a form), and, for
a patient, who looked at their record.

Forms rather than scripts wherever a form will do; only adding a passkey needs the browser's
WebAuthn, so only that is a script.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from backbeat.clinic import accounts, browsers, passkeys
from backbeat.clinic.doors import COOKIE, SessionCookie, Shared
from backbeat.clinic.pages import SignedIn, check_form, render
from backbeat.web.site import long_date

router = APIRouter(include_in_schema=False)
STATIC = Path(__file__).parent / "static"  # the clinic pages' own files, at /clinic-static
Token = Annotated[str, Form(max_length=100)]
HOW = {"password": "with your password", "passkey": "with a passkey"}
ROLES = {"admin": "clinic admin", "clinician": "clinician", "patient": "patient"}
SAID = {
    "ended": "That device is signed out.",
    "removed": "That passkey is removed: it no longer opens your account.",
    "added": "Your passkey is added. Next time, choose “Sign in with a passkey”.",
    "gone": "That was done already (perhaps from another device).",
}


@dataclass(frozen=True)
class Shown:
    """A line of the page: what, how, when, and what its button names."""

    id: str
    name: str
    how: str
    at: datetime
    when: str
    this: bool = False


def ago(then: datetime, now: datetime) -> str:
    """``just now``, ``5 minutes ago``, ``an hour ago``, ``3 hours ago``, else the date."""
    minutes = int((now - then).total_seconds() // 60)
    if minutes < 2:
        return "just now"
    if minutes < 60:
        return f"{minutes} minutes ago"
    if minutes < 120:
        return "an hour ago"
    if minutes < 24 * 60:
        return f"{minutes // 60} hours ago"
    return f"on {long_date(then.date())}"


@router.get("/account")
def account_page(
    request: Request, account: SignedIn, shared: Shared, token: SessionCookie = None, said: str = ""
) -> HTMLResponse:
    now = shared.clock()
    devices = [
        Shown(
            d.id,
            browsers.named(d.agent),
            HOW.get(d.how, d.how),
            d.seen,
            "active now" if d.this else f"last seen {ago(d.seen, now)}",
            d.this,
        )
        for d in accounts.devices(shared.engine, account.id, token or "", now)
    ]
    keys = [
        Shown(
            str(k.id),
            k.name,
            f"added {ago(k.created, now)}",
            k.used or k.created,
            f"last used {ago(k.used, now)}" if k.used else "not used yet",
        )
        for k in passkeys.of(shared.engine, account.id)
    ]
    audit = None
    if account.role == "patient":
        audit = [
            {**e, "at": datetime.fromisoformat(str(e["at"])), "role": ROLES.get(str(e["role"]))}
            for e in accounts.audit_of(shared.engine, account.id)
        ]
    return render(
        request,
        "account.html",
        account=account,
        title="Your account",
        devices=devices,
        passkeys=keys,
        audit=audit,
        said=SAID.get(said, ""),
        now=now,
    )


@router.post("/account/devices/{device}/end")
def end_device(
    request: Request, device: str, account: SignedIn, shared: Shared, csrf: Token = ""
) -> Response:
    """Sign out one device; this one included, which then goes to the sign-in page."""
    check_form(request, csrf)
    this = accounts.digest(request.cookies.get(COOKIE, ""))[:16] == device
    if not accounts.end_device(shared.engine, account.id, device):
        return RedirectResponse("/account?said=gone", 303)
    if this:
        answer = RedirectResponse("/signin", 303)
        answer.delete_cookie(COOKIE, path="/")
        return answer
    return RedirectResponse("/account?said=ended", 303)


@router.post("/account/passkeys/{passkey_id}/remove")
def remove_passkey(
    request: Request, passkey_id: str, account: SignedIn, shared: Shared, csrf: Token = ""
) -> Response:
    check_form(request, csrf)
    if not passkeys.remove(shared.engine, account.id, passkey_id):
        return RedirectResponse("/account?said=gone", 303)
    return RedirectResponse("/account?said=removed", 303)
