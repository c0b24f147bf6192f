"""Accounts, sessions, one-time links, failed log-ins and the audit log: every piece of state
a worker needs lives in the database, so any worker can answer any request.

Passwords are hashed with Argon2id; session cookies and link tokens are random and stored
only as their SHA-256, so a copy of the database opens no door.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, Engine, and_, delete, func, insert, select, text, update

from backbeat.clinic.schema import accounts, audit, clinics, failures, links, sessions

SEEN_EVERY = timedelta(minutes=1)  # a session's last request is written at most this often

LINK_LIFE = timedelta(hours=24)
SESSION_LIFE = timedelta(hours=12)
FAILURE_WINDOW = timedelta(minutes=15)
FAILURES_ALLOWED = 10  # failed log-ins for one account in the window before 429
MIN_PASSWORD = 10
_HASHER = PasswordHasher()  # Argon2id with the library's current parameters


@dataclass(frozen=True)
class Account:
    id: str
    email: str
    role: str
    clinic_id: int

    @property
    def clinician(self) -> bool:
        return self.role in ("admin", "clinician")


class Limited(Exception):
    """Too many failed log-ins for this account lately."""


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def tidy_email(email: str) -> str:
    email = email.strip().lower()
    local, at, domain = email.partition("@")
    if not (local and at and "." in domain) or len(email) > 320 or any(c.isspace() for c in email):
        raise ValueError(f"{email!r} is not an e-mail address")
    return email


def account_of(row: object) -> Account:
    return Account(row.id, row.email, row.role, row.clinic_id)  # type: ignore[attr-defined]


def _link(connection: Connection, account: str, now: datetime) -> str:
    token = secrets.token_urlsafe(32)
    values = {"token": digest(token), "account_id": account, "expires": now + LINK_LIFE}
    connection.execute(insert(links).values(**values))
    return token


def add_clinician(engine: Engine, email: str, clinic: str, now: datetime) -> str:
    """A clinician of ``clinic`` (made when new; its first clinician is its admin), and the
    token of their one-time set-up link. An existing account gets a new link."""
    email = tidy_email(email)
    with engine.begin() as connection:
        found = connection.execute(select(clinics.c.id).where(clinics.c.name == clinic)).scalar()
        if found is None:
            found = connection.execute(
                insert(clinics).values(name=clinic, created=now).returning(clinics.c.id)
            ).scalar_one()
        account = connection.execute(select(accounts).where(accounts.c.email == email)).first()
        if account is not None:
            if account.clinic_id != found or account.role == "patient":
                raise ValueError(f"{email} already has an account elsewhere")
            return _link(connection, account.id, now)
        staff = connection.execute(
            select(func.count())
            .select_from(accounts)
            .where(and_(accounts.c.clinic_id == found, accounts.c.role != "patient"))
        ).scalar_one()
        new = secrets.token_hex(16)
        role = "clinician" if staff else "admin"
        connection.execute(
            insert(accounts).values(id=new, email=email, role=role, clinic_id=found, created=now)
        )
        return _link(connection, new, now)


def invite_patient(engine: Engine, by: Account, email: str, now: datetime) -> tuple[str, str]:
    """A patient of ``by``'s clinic and their one-time sign-up link: (id, token)."""
    email = tidy_email(email)
    with engine.begin() as connection:
        taken = connection.execute(select(accounts.c.id).where(accounts.c.email == email))
        if taken.first() is not None:
            raise ValueError(f"{email} already has an account")
        new = secrets.token_hex(16)
        connection.execute(
            insert(accounts).values(
                id=new,
                email=email,
                role="patient",
                clinic_id=by.clinic_id,
                created=now,
                invited_by=by.id,
            )
        )
        return new, _link(connection, new, now)


def link_usable(engine: Engine, token: str, now: datetime) -> bool:
    """Whether a one-time link may still be used (the set-up page asks before showing its form)."""
    with engine.connect() as connection:
        found = connection.execute(
            select(links.c.token).where(
                links.c.token == digest(token), links.c.used.is_(None), links.c.expires > now
            )
        ).first()
    return found is not None


def use_link(engine: Engine, token: str, password: str, now: datetime) -> Account | None:
    """Set the password of the link's account and spend the link; None when the link is
    unknown, used or expired."""
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"a password needs at least {MIN_PASSWORD} characters")
    with engine.begin() as connection:
        spent = connection.execute(
            update(links)
            .where(links.c.token == digest(token), links.c.used.is_(None), links.c.expires > now)
            .values(used=now)
            .returning(links.c.account_id)
        ).scalar()
        if spent is None:
            return None
        connection.execute(
            update(accounts).where(accounts.c.id == spent).values(password=_HASHER.hash(password))
        )
        return account_of(connection.execute(select(accounts).where(accounts.c.id == spent)).one())


def log_in(
    engine: Engine, email: str, password: str, now: datetime, *, agent: str = ""
) -> str | None:
    """A new session's cookie value, or None for a wrong e-mail or password; ``Limited`` after
    too many failures for this e-mail in the window, even with the right password."""
    email = email.strip().lower()
    with engine.begin() as connection:
        recent = connection.execute(
            select(func.count())
            .select_from(failures)
            .where(failures.c.email == email, failures.c.at > now - FAILURE_WINDOW)
        ).scalar_one()
        if recent >= FAILURES_ALLOWED:
            raise Limited
        row = connection.execute(select(accounts).where(accounts.c.email == email)).first()
        if row is None or row.password is None or not _verify(row.password, password):
            connection.execute(insert(failures).values(email=email, at=now))
            return None
        return open_session(connection, row.id, now, agent, "password")


def open_session(connection: Connection, account: str, now: datetime, agent: str, how: str) -> str:
    """A new session for ``account`` (after a password or a passkey): its cookie's value. Ended
    sessions are swept out on the way."""
    token = secrets.token_urlsafe(32)
    connection.execute(
        insert(sessions).values(
            token=digest(token),
            account_id=account,
            created=now,
            expires=now + SESSION_LIFE,
            agent=agent[:300],
            seen=now,
            how=how,
        )
    )
    connection.execute(delete(sessions).where(sessions.c.expires <= now))
    return token


def _verify(hashed: str, password: str) -> bool:
    try:
        return _HASHER.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False


def signed_in(engine: Engine, token: str, now: datetime, *, agent: str = "") -> Account | None:
    """The account of a live session; its last request is noted (at most once a minute, so that
    reading pages does not become writing rows), for the signed-in devices list."""
    with engine.connect() as connection:
        row = connection.execute(
            select(accounts, sessions.c.seen)
            .join(sessions, sessions.c.account_id == accounts.c.id)
            .where(sessions.c.token == digest(token), sessions.c.expires > now)
        ).first()
        if row is None:
            return None
        note_seen(connection, token, row.seen, now, agent)
    return account_of(row)


def note_seen(
    connection: Connection, token: str, seen: datetime | None, now: datetime, agent: str
) -> None:
    """Note a session's request for the devices list, when its last note is a minute old."""
    if seen is None or now - seen >= SEEN_EVERY:
        values: dict[str, object] = {"seen": now}
        if agent:
            values["agent"] = agent[:300]
        connection.execute(
            update(sessions).where(sessions.c.token == digest(token)).values(**values)
        )
        connection.commit()


@dataclass(frozen=True)
class Device:
    """A signed-in session as its person sees it in their list."""

    id: str  # a short name of the session (not its cookie, nor enough to make one)
    agent: str
    how: str
    started: datetime
    seen: datetime
    this: bool  # the session this list was asked from


def devices(engine: Engine, account: str, token: str, now: datetime) -> list[Device]:
    """Every live session of ``account``, the latest used first."""
    mine = digest(token)
    with engine.connect() as connection:
        rows = connection.execute(
            select(sessions)
            .where(sessions.c.account_id == account, sessions.c.expires > now)
            .order_by(sessions.c.seen.desc().nulls_last(), sessions.c.created.desc())
        )
        return [
            Device(
                r.token[:16],
                r.agent or "",
                r.how or "password",
                r.created,
                r.seen or r.created,
                r.token == mine,
            )
            for r in rows
        ]


def end_device(engine: Engine, account: str, device: str) -> bool:
    """End one of ``account``'s sessions by its short name; False when it names none of theirs."""
    if len(device) != 16 or any(c not in "0123456789abcdef" for c in device):
        return False
    with engine.begin() as connection:
        ended = connection.execute(
            delete(sessions).where(
                sessions.c.account_id == account, sessions.c.token.startswith(device)
            )
        )
        return ended.rowcount > 0


def log_out(engine: Engine, token: str) -> None:
    with engine.begin() as connection:
        connection.execute(delete(sessions).where(sessions.c.token == digest(token)))


def patient(engine: Engine, patient_id: str) -> Account | None:
    with engine.connect() as connection:
        row = connection.execute(
            select(accounts).where(accounts.c.id == patient_id, accounts.c.role == "patient")
        ).first()
    return account_of(row) if row is not None else None


def patients(engine: Engine, clinic_id: int) -> list[Account]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(accounts)
            .where(accounts.c.clinic_id == clinic_id, accounts.c.role == "patient")
            .order_by(accounts.c.email)
        )
        return [account_of(r) for r in rows]


def record(
    engine: Engine, actor: Account, patients_read: list[str], action: str, now: datetime
) -> None:
    """Keep in the audit log that ``actor`` read (or changed) these patients' data: one row
    each, in one statement (a dashboard reads two hundred patients at a time)."""
    read = [p for p in patients_read if p != actor.id]
    if read:
        values = {"at": now, "actor": actor.id, "action": action, "patients": read}
        with engine.begin() as connection:
            connection.execute(_RECORD, values)


_RECORD = text(
    "INSERT INTO clinic_audit (at, actor_id, patient_id, action) "
    "SELECT :at, :actor, patient, :action FROM unnest(CAST(:patients AS varchar[])) AS patient"
)


def audit_of(engine: Engine, patient_id: str) -> list[dict[str, object]]:
    """Who looked at this person's record, newest first."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(audit.c.at, audit.c.action, accounts.c.email, accounts.c.role)
            .join(accounts, accounts.c.id == audit.c.actor_id)
            .where(audit.c.patient_id == patient_id)
            .order_by(audit.c.at.desc(), audit.c.id.desc())
        )
        return [
            {"at": r.at.isoformat(), "who": r.email, "role": r.role, "action": r.action}
            for r in rows
        ]


def clinic_name(engine: Engine, clinic_id: int) -> str:
    with engine.connect() as connection:
        found = connection.execute(select(clinics.c.name).where(clinics.c.id == clinic_id))
        return str(found.scalar_one())


def confirm(engine: Engine, account: Account, password: str, now: datetime) -> bool:
    """Whether ``password`` is the account's (asked again before something that cannot be
    undone); a wrong one counts toward the same limit as a failed sign-in (``Limited``)."""
    with engine.begin() as connection:
        recent = connection.execute(
            select(func.count())
            .select_from(failures)
            .where(failures.c.email == account.email, failures.c.at > now - FAILURE_WINDOW)
        ).scalar_one()
        if recent >= FAILURES_ALLOWED:
            raise Limited
        hashed = connection.execute(
            select(accounts.c.password).where(accounts.c.id == account.id)
        ).scalar()
        if hashed is None or not _verify(hashed, password):
            connection.execute(insert(failures).values(email=account.email, at=now))
            return False
    return True


def too_many_failures(connection: Connection, email: str, now: datetime) -> bool:
    """Whether ``email``'s account has failed to sign in (by password or passkey) too often in
    the window: then even the right password or passkey is refused for a while."""
    recent = connection.execute(
        select(func.count())
        .select_from(failures)
        .where(failures.c.email == email, failures.c.at > now - FAILURE_WINDOW)
    ).scalar_one()
    return bool(recent >= FAILURES_ALLOWED)


def note_failure(connection: Connection, email: str, now: datetime) -> None:
    """Count a failed sign-in against ``email``'s account."""
    connection.execute(insert(failures).values(email=email, at=now))
