"""The clinic server's front door for people in a browser: sign in with a form, sign out, set a
password from a one-time link (then straight in: a patient to the welcome, a clinician to their
patients), and ``/`` sending each person where they belong.

Forms rather than scripts, so the door opens in any browser; the API's ``/api/v1/login`` does
the same for programs.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from backbeat.clinic import accounts
from backbeat.clinic.accounts import Limited
from backbeat.clinic.doors import COOKIE, Shared
from backbeat.clinic.pages import check_form, render
from backbeat.web.guard import same_site
from backbeat.web.site import first_upper

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Form(max_length=1000)]


def home_of(account: accounts.Account) -> str:
    return "/clinic" if account.clinician else "/"


def _next(path: str) -> str:
    """Where to go after signing in: a path on this server only."""
    return same_site(path) if path.startswith("/") and not path.startswith("/signin") else "/"


@router.get("/signin")
def signin_page(request: Request, shared: Shared, next: str = "/") -> Response:
    account = shared.account(request)
    if account is not None:
        return RedirectResponse(home_of(account) if next == "/" else _next(next), 303)
    return render(
        request, "signin.html", account=None, title="Sign in", next=_next(next), email="", said=""
    )


@router.post("/signin")
def signin(
    request: Request,
    shared: Shared,
    email: Annotated[str, Form(max_length=320)],
    password: Text,
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    now = shared.clock()
    agent = request.headers.get("user-agent", "")
    said = ""
    try:
        token = accounts.log_in(shared.engine, email, password, now, agent=agent)
    except Limited:
        token, said = None, "Too many failed sign-ins for this account: try again in 15 minutes."
    if token is None:
        return render(
            request,
            "signin.html",
            account=None,
            title="Sign in",
            status=429 if said else 401,
            next=_next(next),
            email=email,
            said=said or "That e-mail and password do not match an account here.",
        )
    account = accounts.signed_in(shared.engine, token, now)
    assert account is not None
    answer = RedirectResponse(home_of(account) if next == "/" else _next(next), 303)
    shared.open_session(request, answer, token)
    return answer


@router.post("/signout")
def signout(request: Request, shared: Shared, csrf: Text = "") -> Response:
    check_form(request, csrf)
    token = request.cookies.get(COOKIE)
    if token:
        accounts.log_out(shared.engine, token)
    answer = RedirectResponse("/signin", 303)
    answer.delete_cookie(COOKIE, path="/")
    return answer


@router.get("/setup/{token}")
def setup_page(request: Request, token: str, shared: Shared) -> HTMLResponse:
    usable = accounts.link_usable(shared.engine, token, shared.clock())
    return render(
        request,
        "setup.html",
        account=None,
        title="Set your password",
        status=200 if usable else 404,
        token=token,
        usable=usable,
        shortest=accounts.MIN_PASSWORD,
        said="" if usable else "This link is unknown, used or expired.",
    )


@router.post("/setup/{token}")
def setup(request: Request, token: str, shared: Shared, password: Text) -> Response:
    now = shared.clock()
    try:
        account = accounts.use_link(shared.engine, token, password, now)
    except ValueError as error:
        return render(
            request,
            "setup.html",
            account=None,
            title="Set your password",
            status=422,
            token=token,
            usable=True,
            shortest=accounts.MIN_PASSWORD,
            said=f"{first_upper(str(error))}.",
        )
    if account is None:
        return setup_page(request, token, shared)
    with shared.engine.begin() as connection:
        session = accounts.open_session(
            connection, account.id, now, request.headers.get("user-agent", ""), "password"
        )
    answer = RedirectResponse("/clinic" if account.clinician else "/welcome", 303)
    shared.open_session(request, answer, session)
    return answer
