"""A patient's care on the server: the programme their clinician prescribed, and the progress
report of their journal (the same report the local app gives)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Engine, select
from sqlalchemy.dialects.postgresql import insert

from backbeat.catalog.catalogue import Catalogue
from backbeat.clinic.accounts import Account
from backbeat.clinic.schema import programmes
from backbeat.clinic.schema import secrets as secrets_table
from backbeat.journal.kinds import KINDS
from backbeat.plan.profile import Profile
from backbeat.plan.programme import Programme, dump, following
from backbeat.progress.planned import progress_for
from backbeat.progress.report import ProgressReport
from backbeat.records import ProfileRecord, Record

PERSON = "clinic:{id}"
"""A patient's name in the journal's ``person`` column."""


def programme_text(engine: Engine, patient_id: str) -> str | None:
    """The patient's programme as its file's text, or None when they have none."""
    with engine.connect() as connection:
        body = connection.execute(
            select(programmes.c.body).where(programmes.c.patient_id == patient_id)
        ).scalar()
    return str(body) if body is not None else None


def programme_of(engine: Engine, patient_id: str) -> Programme | None:
    body = programme_text(engine, patient_id)
    return Programme.model_validate_json(body) if body is not None else None


def form_key(engine: Engine, patient_id: str) -> str:
    """The token the patient's forms carry: the same from every worker (made from the secret
    they share), and from no one else."""
    secret = shared_secret(engine, "forms")
    return hmac.new(secret.encode(), patient_id.encode(), hashlib.sha256).hexdigest()[:32]


def shared_secret(engine: Engine, name: str) -> str:
    """A secret every worker shares: made by the first that asks, read by the others."""
    statement = insert(secrets_table).values(name=name, value=secrets.token_hex(32))
    with engine.begin() as connection:
        connection.execute(statement.on_conflict_do_nothing(index_elements=["name"]))
        found = connection.execute(
            select(secrets_table.c.value).where(secrets_table.c.name == name)
        ).scalar_one()
    return str(found)


def usable_profile(record: ProfileRecord | None) -> Profile | None:
    """The profile a kept profile record holds, when it is still a valid one."""
    if record is None:
        return None
    try:
        return Profile.model_validate(record.profile)
    except ValidationError:
        return None


def prescribe(
    engine: Engine, patient_id: str, programme: Programme, by: str, now: datetime
) -> None:
    values = {"patient_id": patient_id, "body": dump(programme), "updated": now, "updated_by": by}
    statement = insert(programmes).values(**values)
    statement = statement.on_conflict_do_update(
        index_elements=[programmes.c.patient_id],
        set_={"body": values["body"], "updated": now, "updated_by": by},
    )
    with engine.begin() as connection:
        connection.execute(statement)


def progress_of(
    engine: Engine, patient_id: str, catalogue: Catalogue, today: date, weeks: int
) -> ProgressReport:
    """The patient's progress report, measured against their plan: their latest profile in
    the journal (when they have one) following their programme."""
    from backbeat.journal.store import Journal

    journal = Journal(engine, person=PERSON.format(id=patient_id))
    records = list(reversed(journal.records()))  # oldest first, as the local faces read it

    def profile() -> Profile | None:
        latest = _latest_profile(records)
        return following(latest, programme_of(engine, patient_id)) if latest else None

    return progress_for(records, today, weeks, catalogue, profile)


def _latest_profile(records: list[Record]) -> Profile | None:
    for record in reversed(records):
        if isinstance(record, ProfileRecord):
            try:
                return Profile.model_validate(record.profile)
            except ValidationError:
                continue
    return None


def erase_patient(engine: Engine, patient_id: str) -> None:
    """Delete a patient's account and everything kept of them: every journal record, their
    programme, the audit log about them, their sessions, links and passkeys. One transaction:
    all of it or nothing."""
    from sqlalchemy import delete, or_

    from backbeat.clinic import schema
    from backbeat.journal.schema import Base, Person

    person = PERSON.format(id=patient_id)
    with engine.begin() as connection:
        row = connection.execute(select(Person.id).where(Person.name == person)).scalar()
        if row is not None:
            for table in reversed(Base.metadata.sorted_tables):
                if "person_id" in table.c:
                    connection.execute(delete(table).where(table.c.person_id == row))
            connection.execute(delete(Person).where(Person.id == row))
        audit = schema.audit
        connection.execute(
            delete(audit).where(
                or_(audit.c.patient_id == patient_id, audit.c.actor_id == patient_id)
            )
        )
        for table in (
            schema.programmes,
            schema.sessions,
            schema.links,
            schema.passkeys,
            schema.challenges,
        ):
            column = table.c.patient_id if "patient_id" in table.c else table.c.account_id
            connection.execute(delete(table).where(column == patient_id))
        connection.execute(
            delete(schema.accounts).where(
                schema.accounts.c.id == patient_id, schema.accounts.c.role == "patient"
            )
        )


@dataclass(frozen=True)
class Visit:
    """A request's session, read in one round trip: its account and, for a patient, the marks
    that say whether their journal (``journal``: ``Journal.change_mark``'s columns) and their
    profile or programme (``profile``) changed."""

    account: Account
    journal: tuple[object, ...] | None
    profile: tuple[object, ...] | None


def visit(engine: Engine, token: str, now: datetime, agent: str) -> Visit | None:
    """The live session of ``token`` (None when there is none), its last request noted as
    ``signed_in`` notes it."""
    from backbeat.clinic.accounts import account_of, digest, note_seen

    with engine.connect() as connection:
        row = connection.execute(_VISIT, {"token": digest(token), "now": now}).first()
        if row is None:
            return None
        note_seen(connection, token, row.seen, now, agent)
    account = account_of(row)
    if account.clinician:
        return Visit(account, None, None)
    newest = tuple(row)[_FIRST_MARK:]
    profile = (newest[_KIND_AT["profile_version"]], newest[_KIND_AT["forgotten"]], row.programme)
    return Visit(account, newest, profile)


def _visit_sql() -> Any:
    from sqlalchemy import text

    from backbeat.journal.store import newest_rows

    person = "'clinic:' || a.id"
    return text(
        "SELECT a.id, a.email, a.role, a.clinic_id, s.seen, "
        "(SELECT p.updated FROM clinic_programmes p WHERE p.patient_id = a.id) AS programme, "
        f"{newest_rows(person)} "
        "FROM clinic_sessions s JOIN clinic_accounts a ON a.id = s.account_id "
        "WHERE s.token = :token AND s.expires > :now"
    )


_VISIT = _visit_sql()
_FIRST_MARK = 6  # the columns before the journal's newest rows
_KIND_AT = {kind.name: n for n, kind in enumerate(KINDS)}
