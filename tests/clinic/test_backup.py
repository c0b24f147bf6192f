"""The README's backup and restore, for real: ``pg_dump --format=custom`` of a clinic with a
clinician, a patient, a programme and a journal, ``pg_restore`` into a new database,
``backbeat clinic migrate`` on the copy, and the patient signs in there to the same journal
and programme.

The test's clinic lives in a schema of its own on the test database (``conftest``), so the
dump is of that schema (``--schema``); a clinic's own database is dumped whole, as the README
says. Everything else is the README's commands."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text

from backbeat.clinic.app import create_app
from backbeat.clinic.care import PERSON
from backbeat.clinic.db import connect
from backbeat.journal.store import Journal
from backbeat.records import MorningRecord, MoveRecord
from tests.clinic.conftest import START, Clinic, TestClient, need_postgres
from tests.clinic.people import PASSWORD, clinician
from tests.clinic.test_patient_app import invited, onboarded, signed_up
from tests.conftest import run_cli
from tests.plan.test_programme import PROGRAMME


def libpq(url: str) -> str:
    """A SQLAlchemy URL as the PostgreSQL tools take it."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def refuse(why: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(why)
    pytest.skip(why)


@pytest.fixture
def new_database() -> Iterator[str]:
    """An empty database beside the test one (the role needs CREATEDB: scripts/postgres.sh
    grants it), dropped afterwards."""
    base = need_postgres()
    for tool in ("pg_dump", "pg_restore"):
        if shutil.which(tool) is None:
            refuse(f"{tool} is not installed (Debian's postgresql-client has it)")
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        allowed = connection.execute(
            text("SELECT rolcreatedb FROM pg_roles WHERE rolname = current_user")
        ).scalar()
    if not allowed:
        admin.dispose()
        refuse("the test role may not CREATE DATABASE: run scripts/postgres.sh, which grants it")
    name = f"restored_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    try:
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


def tool(*argv: str) -> None:
    done = subprocess.run(argv, capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 0, f"{argv[0]} failed: {done.stderr}"


def what_alice_sees(client: TestClient, patient_id: str) -> dict[str, object]:
    # the journal last: showing a plan keeps it in the journal
    answers = {
        "plan": client.get("/api/v1/plan?days=2"),
        "programme": client.get(f"/api/v1/clinic/patients/{patient_id}/programme"),
        "journal": client.get("/settings/journal.json"),
    }
    for name, answer in answers.items():
        assert answer.status_code == 200, (name, answer.text[:300])
    return {
        "journal": answers["journal"].text,
        "programme": answers["programme"].json(),
        "plan": answers["plan"].json(),
    }


def test_a_clinic_restored_from_its_pg_dump_lets_the_patient_in_to_the_same_journal(
    clinic_url: str, clinic: Clinic, new_database: str, tmp_path: Path
) -> None:
    north = clinician(clinic, "north@example.org", "North")
    patient_id, link = invited(clinic, north, "alice@example.org")
    browser = signed_up(clinic, link)
    onboarded(browser)
    put = north.put(f"/api/v1/clinic/patients/{patient_id}/programme", json=PROGRAMME)
    assert put.status_code == 200, put.text
    Journal(clinic.engine, person=PERSON.format(id=patient_id)).add(
        [
            MorningRecord(at=START - timedelta(days=1), morning_pain=4, stiffness=3),
            MoveRecord(at=START - timedelta(hours=20), move="pelvic-tilt", pain_during=2),
            MoveRecord(at=START - timedelta(hours=2), move="knee-sway", pain_during=1, sharp=True),
        ]
    )
    before = what_alice_sees(browser, patient_id)
    assert '"move": "knee-sway"' in str(before["journal"])
    schema = clinic_url.rsplit("search_path%3D", 1)[1]
    dump = tmp_path / "clinic.dump"
    tool(
        "pg_dump",
        "--format=custom",
        f"--schema={schema}",
        f"--file={dump}",
        libpq(need_postgres()),
    )
    tool(
        "pg_restore", "--no-owner", "--exit-on-error", f"--dbname={libpq(new_database)}", str(dump)
    )
    restored_url = f"{new_database}?options=-csearch_path%3D{schema}"
    migrated = run_cli({}, "clinic", "migrate", "--db", restored_url)
    assert migrated.status == 0 and "already up to date" in migrated.out, migrated.err
    engine = connect(restored_url)
    try:
        restored = create_app(
            engine,
            trusted=["testclient"],
            clock=clinic.clock,
            catalogue=clinic.catalogue,
            folder=tmp_path / "restored",
        )
        client = TestClient(restored, base_url="http://clinic.test", follow_redirects=False)
        signed = client.post(
            "/api/v1/login", json={"email": "alice@example.org", "password": PASSWORD}
        )
        assert signed.status_code == 200 and signed.json()["id"] == patient_id, signed.text
        assert what_alice_sees(client, patient_id) == before
        # and the clinician too, with their patient on the restored copy
        sam = TestClient(restored, base_url="http://clinic.test", follow_redirects=False)
        login = {"email": "north@example.org", "password": PASSWORD}
        assert sam.post("/api/v1/login", json=login).status_code == 200
        assert [p["id"] for p in sam.get("/api/v1/clinic/patients").json()] == [patient_id]
    finally:
        engine.dispose()
