"""The clinic server on PostgreSQL: its own migrations, set-up links, invites, sign-in limits,
sessions, programmes, progress and the audit log."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from sqlalchemy import Engine, inspect, text

from backbeat.clinic.schema import HEAD
from backbeat.journal.db import HEAD as JOURNAL_HEAD
from backbeat.journal.store import Journal
from backbeat.records import MoveRecord
from tests.clinic.conftest import START, Clinic
from tests.clinic.people import PASSWORD, clinician, patient, sign_in
from tests.conftest import run_cli
from tests.plan.test_programme import PROGRAMME


def test_a_clinic_refuses_sqlite_with_a_clear_message(tmp_path: Path) -> None:
    for command in (["migrate"], ["add-clinician", "a@b.org", "--clinic", "X"], ["serve"]):
        result = run_cli({}, "clinic", *command, "--db", f"sqlite:///{tmp_path}/c.db")
        assert result.status == 1
        assert "a clinic needs PostgreSQL" in result.err and "Traceback" not in result.err


def test_migrations_keep_their_own_history_beside_the_journals(clinic_url: str) -> None:
    assert run_cli({}, "clinic", "migrate", "--db", clinic_url).status == 0
    again = run_cli({}, "clinic", "migrate", "--db", clinic_url)
    assert again.status == 0 and "already up to date" in again.out
    from backbeat.clinic.db import connect

    engine = connect(clinic_url)
    with engine.connect() as connection:
        tables = set(inspect(connection).get_table_names())
        assert {"alembic_version", "clinic_alembic_version", "clinic_accounts"} <= tables
        assert (
            connection.execute(text("SELECT version_num FROM clinic_alembic_version")).scalar()
            == HEAD
        )
        assert (
            connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
            == JOURNAL_HEAD
        )
    engine.dispose()


def test_alembic_agrees_on_the_clinic_head() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", "backbeat.clinic:migrations")
    assert ScriptDirectory.from_config(config).get_current_head() == HEAD


def test_a_clinician_set_up_from_the_printed_link_invites_a_patient_who_signs_up(
    clinic_url: str, engine: Engine, clinic: Clinic
) -> None:
    made = run_cli(
        {}, "clinic", "add-clinician", "Sam@Example.org", "--clinic", "North", "--db", clinic_url
    )
    assert made.status == 0, made.err
    link = next(line for line in made.out.splitlines() if line.startswith("/setup/"))
    client = clinic.client()
    assert client.get(link).status_code == 200  # the page the link opens
    token = link.removeprefix("/setup/")
    set_up = client.post(f"/api/v1/setup/{token}", json={"password": PASSWORD})
    assert set_up.status_code == 200 and set_up.json()["role"] == "admin"
    assert client.post(f"/api/v1/setup/{token}", json={"password": PASSWORD}).status_code == 404
    sam = sign_in(clinic, "sam@example.org")
    assert sam.get("/api/v1/me").json()["email"] == "sam@example.org"
    invited = sam.post("/api/v1/clinic/patients", json={"email": "pat@example.org"})
    assert invited.status_code == 201
    body = invited.json()
    assert body["invite"].startswith("/setup/") and body["id"]
    signed = client.post(f"/api/v1{body['invite']}", json={"password": PASSWORD})
    assert signed.status_code == 200 and signed.json() == {
        "id": body["id"],
        "email": "pat@example.org",
        "role": "patient",
    }
    pat = sign_in(clinic, "pat@example.org")
    assert pat.get("/api/v1/me").json()["role"] == "patient"
    assert [p["email"] for p in sam.get("/api/v1/clinic/patients").json()] == ["pat@example.org"]
    with engine.connect() as connection:  # tokens are kept hashed, never as given
        kept = connection.execute(text("SELECT token FROM clinic_links")).scalars().all()
    assert token not in kept and len(kept) == 2


def test_a_link_expires_after_24_hours(clinic: Clinic) -> None:
    from backbeat.clinic.accounts import add_clinician

    token = add_clinician(clinic.engine, "late@example.org", "North", clinic.clock())
    clinic.clock.now = START + timedelta(hours=24, minutes=1)
    answer = clinic.client().post(f"/api/v1/setup/{token}", json={"password": PASSWORD})
    assert answer.status_code == 404


def test_429_after_10_failed_sign_ins_in_15_minutes(clinic: Clinic) -> None:
    clinician(clinic, "sam@example.org", "North")
    client = clinic.client()
    for n in range(10):
        clinic.clock.now = START + timedelta(seconds=30 * n)
        wrong = client.post("/api/v1/login", json={"email": "sam@example.org", "password": "nope"})
        assert wrong.status_code == 401
    right = {"email": "sam@example.org", "password": PASSWORD}
    assert client.post("/api/v1/login", json=right).status_code == 429  # even the right one
    other = clinic.client().post("/api/v1/login", json={"email": "x@example.org", "password": "no"})
    assert other.status_code == 401  # the limit is the account's, not everyone's
    clinic.clock.now = START + timedelta(minutes=20)
    assert client.post("/api/v1/login", json=right).status_code == 200


def test_sessions_expire_and_end_at_logout(clinic: Clinic) -> None:
    sam = clinician(clinic, "sam@example.org", "North")
    assert sam.get("/api/v1/me").status_code == 200
    clinic.clock.now = START + timedelta(hours=13)
    assert sam.get("/api/v1/me").status_code == 401
    again = sign_in(clinic, "sam@example.org")
    assert again.post("/api/v1/logout").status_code == 204
    assert again.get("/api/v1/me").status_code == 401


def test_the_cookie_is_secure_only_when_a_trusted_proxy_says_https(clinic: Clinic) -> None:
    clinician(clinic, "sam@example.org", "North")
    login = {"email": "sam@example.org", "password": PASSWORD}
    proxied = clinic.client().post(
        "/api/v1/login", json=login, headers={"X-Forwarded-Proto": "https"}
    )
    assert "secure" in proxied.headers["set-cookie"].lower()
    assert "httponly" in proxied.headers["set-cookie"].lower()
    plain = clinic.client().post("/api/v1/login", json=login)
    assert "secure" not in plain.headers["set-cookie"].lower()
    from backbeat.catalog.loader import builtin
    from backbeat.clinic.app import create_app

    untrusting = create_app(clinic.engine, trusted=[], clock=clinic.clock, catalogue=builtin())
    other = Clinic(clinic.engine, clinic.clock, untrusting).client()
    told = other.post("/api/v1/login", json=login, headers={"X-Forwarded-Proto": "https"})
    assert "secure" not in told.headers["set-cookie"].lower()


def test_programme_progress_and_the_audit_log(clinic: Clinic) -> None:
    sam = clinician(clinic, "sam@example.org", "North")
    pat = patient(clinic, sam, "pat@example.org")
    Journal(clinic.engine, person=f"clinic:{pat.id}").add(
        [MoveRecord(at=START - timedelta(days=1), move="pelvic-tilt", pain_during=2)]
    )
    assert sam.get(f"/api/v1/clinic/patients/{pat.id}/programme").status_code == 404
    put = sam.put(f"/api/v1/clinic/patients/{pat.id}/programme", json=PROGRAMME)
    assert put.status_code == 200, put.text
    got = sam.get(f"/api/v1/clinic/patients/{pat.id}/programme")
    assert got.json()["title"] == PROGRAMME["title"]
    assert pat.get(f"/api/v1/clinic/patients/{pat.id}/programme").json() == got.json()
    bad = {**PROGRAMME, "movements": [{**PROGRAMME["movements"][0], "move": "no-such"}]}
    assert sam.put(f"/api/v1/clinic/patients/{pat.id}/programme", json=bad).status_code == 422
    assert pat.put(f"/api/v1/clinic/patients/{pat.id}/programme", json=PROGRAMME).status_code == 403
    progress = sam.get(f"/api/v1/clinic/patients/{pat.id}/progress")
    assert progress.status_code == 200
    own = pat.get(f"/api/v1/clinic/patients/{pat.id}/progress")
    assert own.json() == progress.json()
    assert progress.json()["moves"]  # the check-in of yesterday
    audit = pat.get("/api/v1/audit").json()
    actions = [(e["who"], e["action"]) for e in audit]
    assert ("sam@example.org", "read progress") in actions
    assert ("sam@example.org", "read programme") in actions
    assert all(e["who"] != "pat@example.org" for e in audit)  # their own reads are not kept
    assert sam.get("/api/v1/audit").json() == []


def test_the_openapi_document_holds_the_clinic_api(clinic: Clinic) -> None:
    document = clinic.client().get("/api/v1/openapi.json").json()
    paths = document["paths"]
    assert {"post"} <= set(paths["/api/v1/login"]) and "post" in paths["/api/v1/logout"]
    assert {"get", "post"} <= set(paths["/api/v1/clinic/patients"])
    assert "get" in paths["/api/v1/clinic/patients/{patient_id}/progress"]
    assert {"get", "put"} <= set(paths["/api/v1/clinic/patients/{patient_id}/programme"])
    assert "get" in paths["/api/v1/audit"]
    login = paths["/api/v1/login"]["post"]["requestBody"]["content"]["application/json"]
    schema = json.dumps(document["components"]["schemas"]["Login"])
    assert "email" in schema and "password" in schema and login
