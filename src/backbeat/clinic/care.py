"""A patient's care on the server: the programme their clinician prescribed, and the progress
report of their journal (the same report the local app gives)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import date, datetime

from pydantic import ValidationError
from sqlalchemy import Engine, select
from sqlalchemy.dialects.postgresql import insert

from backbeat.catalog.catalogue import Catalogue
from backbeat.clinic.schema import programmes
from backbeat.clinic.schema import secrets as secrets_table
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


def profile_mark(engine: Engine, patient_id: str) -> tuple[object, ...]:
    """A value that changes whenever the patient's profile or programme may have: the newest
    profile version and deletion in their journal, and when the programme was last changed.
    One query, asked before each of the patient's requests."""
    from sqlalchemy import func

    from backbeat.journal.schema import Base, Person

    person = select(Person.id).where(Person.name == PERSON.format(id=patient_id)).scalar_subquery()
    newest = [
        select(func.max(table.c.id)).where(table.c.person_id == person).scalar_subquery()
        for table in (Base.metadata.tables["profile_version"], Base.metadata.tables["forgotten"])
    ]
    updated = (
        select(programmes.c.updated).where(programmes.c.patient_id == patient_id).scalar_subquery()
    )
    with engine.connect() as connection:
        row = connection.execute(select(*newest, updated)).one()
    return tuple(row)
