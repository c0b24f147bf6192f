"""People of a clinic for tests: a clinician set up from their link, patients invited and
signed up, each with a signed-in client."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from backbeat.clinic.accounts import add_clinician
from tests.clinic.conftest import Clinic

PASSWORD = "correct horse battery"


@dataclass
class Person:
    id: str
    email: str
    client: Any

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.client.get(path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> Any:
        return self.client.post(path, **kwargs)

    def put(self, path: str, **kwargs: Any) -> Any:
        return self.client.put(path, **kwargs)


def sign_in(clinic: Clinic, email: str, password: str = PASSWORD) -> Any:
    client = clinic.client()
    answer = client.post("/api/v1/login", json={"email": email, "password": password})
    assert answer.status_code == 200, answer.text
    return client


def clinician(clinic: Clinic, email: str, name: str) -> Person:
    token = add_clinician(clinic.engine, email, name, clinic.clock())
    done = clinic.client().post(f"/api/v1/setup/{token}", json={"password": PASSWORD})
    assert done.status_code == 200, done.text
    return Person(done.json()["id"], email, sign_in(clinic, email))


def patient(clinic: Clinic, by: Person, email: str) -> Person:
    invited = by.client.post("/api/v1/clinic/patients", json={"email": email})
    assert invited.status_code == 201, invited.text
    link = invited.json()["invite"]
    done = clinic.client().post(f"/api/v1{link}", json={"password": PASSWORD})
    assert done.status_code == 200, done.text
    return Person(invited.json()["id"], email, sign_in(clinic, email))
