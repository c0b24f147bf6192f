"""What every page of the clinic server needs: its templates (in the local app's look, with the
local app's stylesheet), the signed-in account, and a form token tied to the session.

Pages are for people in a browser: a page asked for without a session sends the browser to
``/signin`` (and back after), where the API would answer 401.
"""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

import jinja2
from fastapi import Depends, HTTPException, Request
from fastapi.responses import HTMLResponse

from backbeat.clinic.accounts import Account
from backbeat.clinic.doors import COOKIE, Shared
from backbeat.safety import wording
from backbeat.web.site import first_upper, long_date, machine_time, number
from backbeat.web.site import static_url as static

HERE = Path(__file__).parent
CLINIC_NAV = (("/clinic", "Patients"), ("/account", "Account"))
PATIENT_NAV = (("/", "Today"), ("/settings", "Settings"))

templates = jinja2.Environment(
    loader=jinja2.FileSystemLoader(HERE / "templates"),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=jinja2.StrictUndefined,
)
templates.globals.update(static=static, wording=wording)
templates.filters.update(
    long_date=long_date, number=number, first_upper=first_upper, machine_time=machine_time
)


class SignIn(Exception):
    """A page asked for without a session: the browser is sent to sign in, then back."""

    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.path = path


def form_token(request: Request) -> str:
    """The token a page's forms carry: derived from the session's cookie, so every worker makes
    the same one and a page of another site cannot know it."""
    cookie = request.cookies.get(COOKIE, "")
    return hmac.new(cookie.encode(), b"clinic forms", hashlib.sha256).hexdigest()[:32]


def check_form(request: Request, sent: object) -> None:
    """Refuse a form without this session's token (sent from another site, or an old page)."""
    if not isinstance(sent, str) or not hmac.compare_digest(sent, form_token(request)):
        raise HTTPException(403, "this form is out of date or came from elsewhere: reload it")


def signed(request: Request, shared: Shared) -> Account:
    account = shared.account(request)
    if account is None:
        raise SignIn(request.url.path)
    return account


def staff(account: Annotated[Account, Depends(signed)]) -> Account:
    if not account.clinician:
        raise HTTPException(403, "this page is for clinicians")
    return account


SignedIn = Annotated[Account, Depends(signed)]
Staff = Annotated[Account, Depends(staff)]


def render(
    request: Request,
    name: str,
    *,
    account: Account | None,
    title: str,
    status: int = 200,
    **context: Any,
) -> HTMLResponse:
    nav = CLINIC_NAV if account is not None and account.clinician else PATIENT_NAV
    html = templates.get_template(name).render(
        title=title,
        account=account,
        clinic_nav=nav,
        active=request.url.path,
        csrf=form_token(request) if account is not None else "",
        **context,
    )
    return HTMLResponse(html, status_code=status)


def sign_in_address(path: str) -> str:
    return f"/signin?next={quote(path, safe='/')}"
