"""Isolation, generated from the route table: for every API operation, a patient of clinic A
and a clinician of clinic B are refused (403/404) another person's data, and no answer they
get carries it (their e-mail, their id, their programme or their check-ins)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fastapi.routing import APIRoute

from backbeat.journal.store import Journal
from backbeat.records import MoveRecord
from tests.clinic.conftest import START, Clinic
from tests.clinic.people import Person, clinician, patient
from tests.plan.test_programme import PROGRAMME

SECRET_TITLE = "Only for Alice"
BODIES: dict[str, Any] = {
    "/api/v1/login": {"email": "nobody@example.org", "password": "wrong password"},
    "/api/v1/clinic/patients": {"email": "new@example.org"},
    "/api/v1/clinic/patients/{patient_id}/programme": {**PROGRAMME, "title": "Taken over"},
    "/api/v1/setup/{token}": {"password": "long enough password"},
    "/api/v1/account": {"password": "not their password"},
    "/api/v1/passkeys": {"ceremony": "not-a-ceremony", "credential": {}, "name": "Taken"},
    "/api/v1/login/passkey/options": {"email": "alice@example.org"},
    "/api/v1/login/passkey": {"ceremony": "not-a-ceremony", "credential": {}},
}


def _operations(app: Any) -> list[tuple[str, str]]:
    found = [
        (method, route.path)
        for route in app.routes
        if isinstance(route, APIRoute)
        for method in sorted(route.methods)
    ]
    assert len(found) >= 9, found
    return found


def _send(person: Person, method: str, path: str, victim: str) -> Any:
    address = path.replace("{patient_id}", victim).replace("{token}", "not-a-token")
    body = BODIES.get(path)
    return person.client.request(method, address, json=body if method != "GET" else None)


@pytest.fixture
def people(clinic: Clinic) -> dict[str, Person]:
    north = clinician(clinic, "north@example.org", "North")
    alice = patient(clinic, north, "alice@example.org")
    amos = patient(clinic, north, "amos@example.org")
    south = clinician(clinic, "south@example.org", "South")
    put = north.put(
        f"/api/v1/clinic/patients/{alice.id}/programme", json={**PROGRAMME, "title": SECRET_TITLE}
    )
    assert put.status_code == 200
    Journal(clinic.engine, person=f"clinic:{alice.id}").add(
        [MoveRecord(at=START - timedelta(days=1), move="bird-dog", pain_during=4)]
    )
    return {"north": north, "alice": alice, "amos": amos, "south": south}


def test_no_one_else_reaches_a_patients_data(clinic: Clinic, people: dict[str, Person]) -> None:
    alice = people["alice"]
    secrets = (alice.id, alice.email, SECRET_TITLE, "bird-dog")
    checked = 0
    for intruder in (people["amos"], people["south"]):
        for method, path in _operations(clinic.app):
            if path in ("/api/v1/logout",):
                continue  # ends the intruder's own session: sent last, below
            answer = _send(intruder, method, path, alice.id)
            about_alice = "{patient_id}" in path
            if about_alice:
                assert answer.status_code in (403, 404), (intruder.email, method, path)
            text = answer.text
            for secret in secrets:
                assert secret not in text, (intruder.email, method, path, secret)
            checked += 1
        assert intruder.post("/api/v1/logout").status_code == 204
    assert checked >= 18
    north = people["north"]  # and the programme was not changed by anyone
    kept = north.get(f"/api/v1/clinic/patients/{alice.id}/programme").json()
    assert kept["title"] == SECRET_TITLE


def test_a_patient_is_refused_the_clinicians_operations(
    clinic: Clinic, people: dict[str, Person]
) -> None:
    alice = people["alice"]
    assert alice.get("/api/v1/clinic/patients").status_code == 403
    assert alice.post("/api/v1/clinic/patients", json={"email": "x@example.org"}).status_code == 403
    assert alice.get(f"/api/v1/clinic/patients/{alice.id}/progress").status_code == 200


def test_a_stranger_is_asked_to_sign_in(clinic: Clinic, people: dict[str, Person]) -> None:
    """Every operation of the API answers 401, and every page sends the browser to sign in
    (apart from the doors themselves: signing in, and the one-time set-up links)."""
    stranger = clinic.client()
    open_doors = (
        "/api/v1/login",
        "/api/v1/logout",
        "/api/v1/setup/{token}",
        "/signin",
        "/api/v1/login/passkey/options",
        "/api/v1/login/passkey",
    )
    for method, path in _operations(clinic.app):
        if path in open_doors or path.startswith("/setup/"):
            continue
        address = path.replace("{patient_id}", people["alice"].id)
        answer = stranger.request(
            method, address, json=BODIES.get(path) if method != "GET" else None
        )
        if path.startswith("/api/"):
            assert answer.status_code == 401, (method, path)
        elif method == "GET":
            assert answer.status_code == 303, (method, path)
            assert answer.headers["location"].startswith("/signin"), (method, path)
        else:
            assert answer.status_code in (303, 403, 422), (method, path)
        assert people["alice"].email not in answer.text
    for address in ("/", "/plan", "/journal", "/settings", "/api/v1/today", "/api/v1/records"):
        answer = stranger.get(address)
        assert answer.status_code in (303, 401), address
        assert people["alice"].email not in answer.text
