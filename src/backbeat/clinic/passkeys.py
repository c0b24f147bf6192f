"""Passkeys (WebAuthn, by the ``webauthn`` library) as a second way in: a signed-in person adds
one from their account page, then signs in with their device's lock instead of their password.

Each ceremony is two requests, which may reach two workers: its challenge is a row of
``clinic_challenges`` (the options' answer names it by a random token, kept only as its
SHA-256), valid 5 minutes and spent by the first attempt to finish, right or wrong.

The relying party is the server as the browser sees it: the request's Host (a trusted proxy's
``X-Forwarded-Host`` instead), over HTTPS when ``Doors.secure`` says so. Behind a proxy that
rewrites both, set ``BACKBEAT_CLINIC_ORIGIN`` to the address people open (for example
``https://clinic.example.org``): its name is then the relying party's id, and only that origin
is accepted. Passkeys need a secure context: HTTPS, or ``http://localhost``.

A failed passkey sign-in counts toward the account's limit of failed sign-ins, as a wrong
password does, whenever the account is known (the passkey is one of its own, or the person
narrowed the sign-in with their e-mail); while the limit holds, the right passkey is refused too.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, HTTPException, Request, Response
from pydantic import BaseModel, Field
from sqlalchemy import Connection, Engine, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import (
    base64url_to_bytes,
    bytes_to_base64url,
    options_to_json_dict,
    parse_authentication_credential_json,
)
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from backbeat.clinic import accounts, browsers
from backbeat.clinic.api import REFUSED, Me, Refusal, me_of
from backbeat.clinic.doors import Current, Doors, Shared
from backbeat.clinic.schema import accounts as account_rows
from backbeat.clinic.schema import challenges, passkeys
from backbeat.web.guard import host_name

ORIGIN_VARIABLE = "BACKBEAT_CLINIC_ORIGIN"
CEREMONY_LIFE = timedelta(minutes=5)
PARTY_NAME = "backbeat clinic"
REGISTER, SIGN_IN, SIGN_IN_AS = "register", "sign-in", "sign-in-as"
EXPIRED = "this passkey request has expired or was used already: start again"
NOT_RECOGNISED = "that passkey was not recognised here"
# The webauthn library's refusals, and what a malformed answer raises on its way there.
UNREADABLE = (WebAuthnException, ValueError, TypeError, LookupError)
_HOST = re.compile(r"[A-Za-z0-9.\-]+(:[0-9]{1,5})?|\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?")

router = APIRouter(prefix="/api/v1")


class Ceremony(BaseModel):
    ceremony: str = Field(description="names this ceremony's challenge when finishing it")
    options: dict[str, Any] = Field(
        description="the WebAuthn options as JSON, for PublicKeyCredential."
        "parseCreationOptionsFromJSON (adding) or parseRequestOptionsFromJSON (signing in)"
    )


class SignInAs(BaseModel):
    email: str | None = Field(
        None, max_length=320, description="whose passkey may answer (any account's, without)"
    )


class Answer(BaseModel):
    ceremony: str = Field(max_length=100)
    credential: dict[str, Any] = Field(
        description="the browser's credential, as PublicKeyCredential.toJSON() gives it"
    )


class NewPasskey(Answer):
    name: str = Field(
        "", max_length=100, description="what to call it (the browser's name when empty)"
    )


class Passkey(BaseModel):
    id: str = Field(description="for DELETE /api/v1/passkeys/{id}")
    name: str
    created: str
    used: str | None = Field(description="its last sign-in, if any")


@dataclass(frozen=True)
class Party:
    """The relying party: the id passkeys are bound to, and the origin they are used from."""

    id: str
    origin: str


def party(request: Request, shared: Doors, environ: Mapping[str, str] = os.environ) -> Party:
    """The server as the browser sees it, or as ``BACKBEAT_CLINIC_ORIGIN`` names it."""
    fixed = environ.get(ORIGIN_VARIABLE, "").strip().rstrip("/")
    if fixed:
        parts = urlsplit(fixed)
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.path:
            raise RuntimeError(
                f"{ORIGIN_VARIABLE} must be an origin such as https://clinic.example"
            )
        return Party(parts.hostname, f"{parts.scheme}://{parts.netloc.lower()}")
    host = request.headers.get("host", "")
    client = request.client.host if request.client else ""
    forwarded = request.headers.get("x-forwarded-host", "").split(",")[0].strip()
    if forwarded and client in shared.trusted:
        host = forwarded
    if not _HOST.fullmatch(host):
        raise HTTPException(400, "passkeys need the server's name in the Host header")
    scheme = "https" if shared.secure(request) else "http"
    host = host.lower().removesuffix(":443" if scheme == "https" else ":80")
    return Party(host_name(host), f"{scheme}://{host}")


@dataclass(frozen=True)
class Kept:
    """A passkey as this server keeps it."""

    id: int
    account_id: str
    credential_id: str
    public_key: str
    sign_count: int
    name: str
    created: datetime
    used: datetime | None


def of(engine: Engine, account_id: str) -> list[Kept]:
    """An account's passkeys, the first added first."""
    with engine.connect() as connection:
        return _of(connection, account_id)


def _of(connection: Connection, account_id: str) -> list[Kept]:
    rows = connection.execute(
        select(passkeys).where(passkeys.c.account_id == account_id).order_by(passkeys.c.id)
    )
    return [_kept(r) for r in rows]


def _kept(row: Any) -> Kept:
    return Kept(
        row.id,
        row.account_id,
        row.credential_id,
        row.public_key,
        row.sign_count,
        row.name,
        row.created,
        row.used,
    )


def remove(engine: Engine, account_id: str, passkey_id: str) -> bool:
    """Forget one of ``account_id``'s passkeys; False when it names none of theirs."""
    if not passkey_id.isdigit() or len(passkey_id) > 12:
        return False
    with engine.begin() as connection:
        gone = connection.execute(
            delete(passkeys).where(
                passkeys.c.id == int(passkey_id), passkeys.c.account_id == account_id
            )
        )
        return gone.rowcount > 0


def _begin(
    connection: Connection, purpose: str, account_id: str | None, challenge: bytes, now: datetime
) -> str:
    """Keep a ceremony's challenge for its second request; sweep out the stale ones."""
    token = secrets.token_urlsafe(32)
    connection.execute(delete(challenges).where(challenges.c.expires <= now))
    connection.execute(
        insert(challenges).values(
            token=accounts.digest(token),
            account_id=account_id,
            purpose=purpose,
            challenge=bytes_to_base64url(challenge),
            expires=now + CEREMONY_LIFE,
        )
    )
    return token


def _spend(engine: Engine, token: str, purposes: tuple[str, ...], now: datetime) -> Any:
    """The ceremony's row, taken out of the table: the first worker to ask has it, once."""
    with engine.begin() as connection:
        return connection.execute(
            delete(challenges)
            .where(
                challenges.c.token == accounts.digest(token),
                challenges.c.purpose.in_(purposes),
                challenges.c.expires > now,
            )
            .returning(challenges.c.challenge, challenges.c.account_id, challenges.c.purpose)
        ).first()


def _passkey(kept: Kept) -> Passkey:
    return Passkey(
        id=str(kept.id),
        name=kept.name,
        created=kept.created.isoformat(),
        used=kept.used.isoformat() if kept.used else None,
    )


@router.get(
    "/passkeys", summary="Your passkeys, the first added first", responses={401: REFUSED[401]}
)
def list_passkeys(account: Current, shared: Shared) -> list[Passkey]:
    return [_passkey(k) for k in of(shared.engine, account.id)]


@router.post(
    "/passkeys/new/options",
    summary="Start adding a passkey: the options for navigator.credentials.create()",
    responses={401: REFUSED[401]},
)
def adding_options(account: Current, request: Request, shared: Shared) -> Ceremony:
    here = party(request, shared)
    with shared.engine.begin() as connection:
        known = [
            PublicKeyCredentialDescriptor(id=base64url_to_bytes(k.credential_id))
            for k in _of(connection, account.id)
        ]
        options = generate_registration_options(
            rp_id=here.id,
            rp_name=PARTY_NAME,
            user_name=account.email,
            user_id=account.id.encode(),
            timeout=int(CEREMONY_LIFE.total_seconds() * 1000),
            exclude_credentials=known,
            authenticator_selection=AuthenticatorSelectionCriteria(
                resident_key=ResidentKeyRequirement.REQUIRED,
                user_verification=UserVerificationRequirement.REQUIRED,
            ),
        )
        token = _begin(connection, REGISTER, account.id, options.challenge, shared.clock())
    return Ceremony(ceremony=token, options=options_to_json_dict(options))


@router.post(
    "/passkeys",
    summary="Finish adding a passkey: the browser's new credential, checked and kept",
    status_code=201,
    responses={
        400: {"model": Refusal, "description": "the answer does not prove a passkey"},
        401: REFUSED[401],
        404: {"model": Refusal, "description": "no such ceremony (expired or used): start again"},
        409: {"model": Refusal, "description": "this passkey is yours already"},
    },
)
def add_passkey(body: NewPasskey, account: Current, request: Request, shared: Shared) -> Passkey:
    now = shared.clock()
    here = party(request, shared)
    ceremony = _spend(shared.engine, body.ceremony, (REGISTER,), now)
    if ceremony is None or ceremony.account_id != account.id:
        raise HTTPException(404, EXPIRED)
    try:
        made = verify_registration_response(
            credential=body.credential,
            expected_challenge=base64url_to_bytes(ceremony.challenge),
            expected_rp_id=here.id,
            expected_origin=here.origin,
            require_user_verification=True,
        )
    except UNREADABLE:
        raise HTTPException(400, "your browser's answer could not be checked: try again") from None
    name = " ".join(body.name.split()) or browsers.named(request.headers.get("user-agent", ""))
    try:
        with shared.engine.begin() as connection:
            new = connection.execute(
                insert(passkeys)
                .values(
                    account_id=account.id,
                    credential_id=bytes_to_base64url(made.credential_id),
                    public_key=bytes_to_base64url(made.credential_public_key),
                    sign_count=made.sign_count,
                    name=name[:100],
                    created=now,
                )
                .returning(passkeys)
            ).one()
    except IntegrityError:
        raise HTTPException(409, "this passkey is registered here already") from None
    return _passkey(_kept(new))


@router.delete(
    "/passkeys/{passkey_id}",
    summary="Remove one of your passkeys (it no longer opens your account)",
    status_code=204,
    responses={401: REFUSED[401], 404: {"model": Refusal, "description": "no such passkey"}},
)
def remove_passkey(passkey_id: str, account: Current, shared: Shared) -> Response:
    if not remove(shared.engine, account.id, passkey_id):
        raise HTTPException(404, "no such passkey of yours")
    return Response(status_code=204)


@router.post(
    "/login/passkey/options",
    summary="Start signing in with a passkey: the options for navigator.credentials.get()",
)
def sign_in_options(request: Request, shared: Shared, body: SignInAs | None = None) -> Ceremony:
    """Any account's passkey may answer; with an e-mail, only that account's. The options are
    the same either way (no list of the account's passkeys), so they tell no one which e-mail
    addresses have an account here."""
    here = party(request, shared)
    options = generate_authentication_options(
        rp_id=here.id,
        timeout=int(CEREMONY_LIFE.total_seconds() * 1000),
        user_verification=UserVerificationRequirement.REQUIRED,
    )
    email = (body.email or "").strip().lower() if body else ""
    with shared.engine.begin() as connection:
        narrowed = None
        if email:
            narrowed = connection.execute(
                select(account_rows.c.id).where(account_rows.c.email == email)
            ).scalar()
        purpose = SIGN_IN_AS if email else SIGN_IN
        token = _begin(connection, purpose, narrowed, options.challenge, shared.clock())
    return Ceremony(ceremony=token, options=options_to_json_dict(options))


@router.post(
    "/login/passkey",
    summary="Finish signing in with a passkey; sets the session cookie",
    responses={
        401: {"model": Refusal, "description": "the passkey was not recognised"},
        404: {"model": Refusal, "description": "no such ceremony (expired or used): start again"},
        429: {"model": Refusal, "description": "too many tries"},
    },
)
def sign_in(body: Answer, request: Request, response: Response, shared: Shared) -> Me:
    now = shared.clock()
    here = party(request, shared)
    ceremony = _spend(shared.engine, body.ceremony, (SIGN_IN, SIGN_IN_AS), now)
    if ceremony is None:
        raise HTTPException(404, EXPIRED)
    try:
        credential = parse_authentication_credential_json(body.credential)
        credential_id = bytes_to_base64url(credential.raw_id)
    except UNREADABLE:
        credential, credential_id = None, ""
    session: str | None = None
    with shared.engine.begin() as connection:
        key = connection.execute(
            select(passkeys).where(passkeys.c.credential_id == credential_id)
        ).first()
        # The account asked about: the one the e-mail named, else the passkey's own.
        whose = ceremony.account_id if ceremony.purpose == SIGN_IN_AS else None
        if ceremony.purpose == SIGN_IN and key is not None:
            whose = key.account_id
        email = connection.execute(
            select(account_rows.c.email).where(account_rows.c.id == whose)
        ).scalar()
        limited = email is not None and accounts.too_many_failures(connection, email, now)
        if not limited:
            if credential is not None and key is not None and key.account_id == whose:
                session = _check(connection, credential, _kept(key), ceremony, here, request, now)
            if session is None and email is not None:
                accounts.note_failure(connection, email, now)
    if limited:
        raise HTTPException(
            429, "too many failed sign-ins for this account: try again in 15 minutes"
        )
    if session is None:
        raise HTTPException(401, NOT_RECOGNISED)
    account = accounts.signed_in(shared.engine, session, now)
    assert account is not None
    shared.open_session(request, response, session)
    return me_of(account)


def _check(
    connection: Connection,
    credential: Any,
    key: Kept,
    ceremony: Any,
    here: Party,
    request: Request,
    now: datetime,
) -> str | None:
    """A new session's cookie when the passkey's signature holds and its count went up (the
    count moved on here only if no other worker moved it first); else None."""
    handle = credential.response.user_handle
    if handle is not None and handle != key.account_id.encode():
        return None
    try:
        verified = verify_authentication_response(
            credential=credential,
            expected_challenge=base64url_to_bytes(ceremony.challenge),
            expected_rp_id=here.id,
            expected_origin=here.origin,
            credential_public_key=base64url_to_bytes(key.public_key),
            credential_current_sign_count=key.sign_count,
            require_user_verification=True,
        )
    except UNREADABLE:
        return None
    moved = connection.execute(
        update(passkeys)
        .where(passkeys.c.id == key.id, passkeys.c.sign_count == key.sign_count)
        .values(sign_count=verified.new_sign_count, used=now)
    )
    if moved.rowcount != 1:
        return None
    agent = request.headers.get("user-agent", "")
    return accounts.open_session(connection, key.account_id, now, agent, "passkey")
