"""Passkeys through the API, with a software authenticator: adding one, signing in with it (any
worker finishing what another began), and every way a ceremony must fail: used twice, too
late, from another origin, a count that did not go up, another account's passkey."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from backbeat.catalog.loader import builtin
from backbeat.clinic.app import create_app
from backbeat.clinic.passkeys import ORIGIN_VARIABLE
from backbeat.clinic.schema import challenges, passkeys
from tests.clinic.authenticator import Authenticator, Key
from tests.clinic.conftest import START, Clinic
from tests.clinic.people import PASSWORD, Person, clinician, patient

ORIGIN = "http://clinic.test"
CHROME = (
    "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/130.0 Mobile Safari/537.36"
)


def add_passkey(person: Person | Any, auth: Authenticator, name: str = "Laptop") -> Any:
    """The answer to finishing a passkey's ceremony, begun and ended by ``person``."""
    started = person.post("/api/v1/passkeys/new/options")
    assert started.status_code == 200, started.text
    body = started.json()
    credential = auth.create(body["options"])
    return person.post(
        "/api/v1/passkeys",
        json={"ceremony": body["ceremony"], "credential": credential, "name": name},
    )


def sign_in_with(
    client: Any,
    auth: Authenticator,
    *,
    email: str | None = None,
    key: Key | None = None,
    origin: str | None = None,
) -> Any:
    started = client.post("/api/v1/login/passkey/options", json={"email": email} if email else {})
    assert started.status_code == 200, started.text
    body = started.json()
    credential = auth.get(body["options"], key, origin=origin)
    return client.post(
        "/api/v1/login/passkey", json={"ceremony": body["ceremony"], "credential": credential}
    )


@pytest.fixture
def sam(clinic: Clinic) -> Person:
    return clinician(clinic, "sam@example.org", "North")


def test_a_passkey_added_signs_in_without_a_password(clinic: Clinic, sam: Person) -> None:
    auth = Authenticator(ORIGIN)
    started = sam.post("/api/v1/passkeys/new/options").json()
    options = started["options"]
    assert options["rp"] == {"id": "clinic.test", "name": "backbeat clinic"}
    assert options["user"]["name"] == "sam@example.org"
    assert options["authenticatorSelection"]["residentKey"] == "required"
    assert options["authenticatorSelection"]["userVerification"] == "required"
    assert options["excludeCredentials"] == []
    added = add_passkey(sam, auth)
    assert added.status_code == 201, added.text
    assert added.json()["name"] == "Laptop" and added.json()["used"] is None
    assert [k["name"] for k in sam.get("/api/v1/passkeys").json()] == ["Laptop"]
    again = sam.post("/api/v1/passkeys/new/options").json()["options"]
    assert [c["id"] for c in again["excludeCredentials"]] == [added_id(clinic)]
    browser = clinic.client()
    answer = sign_in_with(browser, auth)
    assert answer.status_code == 200, answer.text
    assert answer.json()["email"] == "sam@example.org"
    assert "httponly" in answer.headers["set-cookie"].lower()
    assert browser.get("/api/v1/me").json()["email"] == "sam@example.org"
    this = [d for d in browser.get("/api/v1/devices").json() if d["this"]]
    assert [d["how"] for d in this] == ["passkey"]
    with clinic.engine.connect() as connection:
        kept = connection.execute(select(passkeys)).one()
    assert kept.sign_count == 1 and kept.used == START
    assert [k["used"] for k in sam.get("/api/v1/passkeys").json()] == [START.isoformat()]


def added_id(clinic: Clinic) -> str:
    with clinic.engine.connect() as connection:
        return str(connection.execute(select(passkeys.c.credential_id)).scalar_one())


def test_an_unnamed_passkey_is_named_after_the_browser(clinic: Clinic, sam: Person) -> None:
    sam.client.headers["user-agent"] = CHROME
    added = add_passkey(sam, Authenticator(ORIGIN), name="  ")
    assert added.json()["name"] == "Chrome on Android"


def test_another_worker_finishes_what_one_began(clinic: Clinic, sam: Person) -> None:
    """Challenges live in the database: the second request of each ceremony reaches another
    worker's app (another process in production), which has never seen the first."""
    other = create_app(
        clinic.engine, trusted=["testclient"], clock=clinic.clock, catalogue=builtin()
    )
    second = Clinic(clinic.engine, clinic.clock, other).client()
    second.cookies.update(sam.client.cookies)
    auth = Authenticator(ORIGIN)
    started = sam.post("/api/v1/passkeys/new/options").json()
    credential = auth.create(started["options"])
    finished = second.post(
        "/api/v1/passkeys",
        json={"ceremony": started["ceremony"], "credential": credential, "name": "Phone"},
    )
    assert finished.status_code == 201, finished.text
    first = clinic.client()
    begun = first.post("/api/v1/login/passkey/options", json={}).json()
    done = (
        Clinic(clinic.engine, clinic.clock, other)
        .client()
        .post(
            "/api/v1/login/passkey",
            json={"ceremony": begun["ceremony"], "credential": auth.get(begun["options"])},
        )
    )
    assert done.status_code == 200, done.text


def test_a_ceremony_is_used_once(clinic: Clinic, sam: Person) -> None:
    auth = Authenticator(ORIGIN)
    started = sam.post("/api/v1/passkeys/new/options").json()
    credential = auth.create(started["options"])
    body = {"ceremony": started["ceremony"], "credential": credential, "name": "Laptop"}
    assert sam.post("/api/v1/passkeys", json=body).status_code == 201
    assert sam.post("/api/v1/passkeys", json=body).status_code == 404
    client = clinic.client()
    begun = client.post("/api/v1/login/passkey/options", json={}).json()
    answer = {"ceremony": begun["ceremony"], "credential": auth.get(begun["options"])}
    assert client.post("/api/v1/login/passkey", json=answer).status_code == 200
    again = {"ceremony": begun["ceremony"], "credential": auth.get(begun["options"])}
    replayed = clinic.client().post("/api/v1/login/passkey", json=again)
    assert replayed.status_code == 404 and "start again" in replayed.json()["detail"]
    # A ceremony is for what it was begun for: signing in is not adding, nor the other way.
    begun = clinic.client().post("/api/v1/login/passkey/options", json={}).json()
    crossed = {"ceremony": begun["ceremony"], "credential": credential, "name": "x"}
    assert sam.post("/api/v1/passkeys", json=crossed).status_code == 404
    adding = sam.post("/api/v1/passkeys/new/options").json()
    assertion = auth.get({"rpId": "clinic.test", "challenge": adding["options"]["challenge"]})
    misused = {"ceremony": adding["ceremony"], "credential": assertion}
    assert clinic.client().post("/api/v1/login/passkey", json=misused).status_code == 404


def test_a_ceremony_expires_after_5_minutes(clinic: Clinic, sam: Person) -> None:
    auth = Authenticator(ORIGIN)
    add_passkey(sam, auth)
    client = clinic.client()
    begun = client.post("/api/v1/login/passkey/options", json={}).json()
    clinic.clock.now = START + timedelta(minutes=5, seconds=1)
    late = {"ceremony": begun["ceremony"], "credential": auth.get(begun["options"])}
    assert client.post("/api/v1/login/passkey", json=late).status_code == 404
    started = sam.post("/api/v1/passkeys/new/options").json()
    credential = Authenticator(ORIGIN).create(started["options"])
    clinic.clock.now += timedelta(minutes=5, seconds=1)
    body = {"ceremony": started["ceremony"], "credential": credential, "name": "x"}
    assert sam.post("/api/v1/passkeys", json=body).status_code == 404
    with clinic.engine.connect() as connection:
        assert len(connection.execute(select(challenges)).all()) == 1  # the stale one, kept
    sign_in_with(clinic.client(), auth)  # begins one more, which sweeps the stale out
    with clinic.engine.connect() as connection:
        assert connection.execute(select(challenges)).all() == []


def test_a_count_that_did_not_go_up_is_refused(clinic: Clinic, sam: Person) -> None:
    """A passkey copied off its device would sign with a count the server has seen."""
    auth = Authenticator(ORIGIN)
    add_passkey(sam, auth)
    assert sign_in_with(clinic.client(), auth).status_code == 200
    assert sign_in_with(clinic.client(), auth).status_code == 200
    auth.keys[0].count = 1  # the copy: its count is behind the server's (2)
    assert sign_in_with(clinic.client(), auth).status_code == 401
    with clinic.engine.connect() as connection:
        assert connection.execute(select(passkeys.c.sign_count)).scalar_one() == 2


def test_an_authenticator_that_never_counts_still_signs_in(clinic: Clinic, sam: Person) -> None:
    auth = Authenticator(ORIGIN, counting=False)
    add_passkey(sam, auth)
    assert sign_in_with(clinic.client(), auth).status_code == 200
    assert sign_in_with(clinic.client(), auth).status_code == 200


def test_another_origin_or_an_unverified_person_is_refused(clinic: Clinic, sam: Person) -> None:
    auth = Authenticator(ORIGIN)
    add_passkey(sam, auth)
    assert sign_in_with(clinic.client(), auth, origin="http://evil.test").status_code == 401
    auth.verified = False  # touched, but the device's lock was not opened
    assert sign_in_with(clinic.client(), auth).status_code == 401
    unverified = add_passkey(sam, Authenticator(ORIGIN, verified=False))
    assert unverified.status_code == 400
    elsewhere = add_passkey(sam, Authenticator("http://evil.test"))
    assert elsewhere.status_code == 400


def test_an_email_narrows_the_sign_in(clinic: Clinic, sam: Person) -> None:
    auth = Authenticator(ORIGIN)
    add_passkey(sam, auth)
    pat = patient(clinic, sam, "pat@example.org")
    assert pat.id
    assert sign_in_with(clinic.client(), auth, email="pat@example.org").status_code == 401
    assert sign_in_with(clinic.client(), auth, email="nobody@example.org").status_code == 401
    assert sign_in_with(clinic.client(), auth, email=" Sam@Example.org").status_code == 200
    # The options say nothing of whose e-mail has an account or a passkey here.
    client = clinic.client()
    known = client.post("/api/v1/login/passkey/options", json={"email": "sam@example.org"})
    unknown = client.post("/api/v1/login/passkey/options", json={"email": "nobody@example.org"})
    assert known.json()["options"].keys() == unknown.json()["options"].keys()
    assert known.json()["options"]["allowCredentials"] == []


def test_failed_passkey_sign_ins_count_toward_the_limit(clinic: Clinic, sam: Person) -> None:
    auth = Authenticator(ORIGIN)
    add_passkey(sam, auth)
    for n in range(10):
        clinic.clock.now = START + timedelta(seconds=30 * n)
        failed = sign_in_with(clinic.client(), auth, origin="http://evil.test")
        assert failed.status_code == 401
    right = {"email": "sam@example.org", "password": PASSWORD}
    assert clinic.client().post("/api/v1/login", json=right).status_code == 429
    assert sign_in_with(clinic.client(), auth).status_code == 429  # even the right passkey
    clinic.clock.now = START + timedelta(minutes=20)
    assert sign_in_with(clinic.client(), auth).status_code == 200
    # and wrong passwords hold passkeys back too
    for _ in range(10):
        wrong = {"email": "sam@example.org", "password": "not it"}
        assert clinic.client().post("/api/v1/login", json=wrong).status_code == 401
    assert sign_in_with(clinic.client(), auth).status_code == 429


def test_an_unknown_passkey_counts_against_no_one(clinic: Clinic, sam: Person) -> None:
    stranger = Authenticator(ORIGIN)
    stranger.create(sam.post("/api/v1/passkeys/new/options").json()["options"])  # never finished
    for _ in range(12):
        assert sign_in_with(clinic.client(), stranger).status_code == 401
    right = {"email": "sam@example.org", "password": PASSWORD}
    assert clinic.client().post("/api/v1/login", json=right).status_code == 200


def test_another_accounts_passkey_cannot_be_removed(clinic: Clinic, sam: Person) -> None:
    auth = Authenticator(ORIGIN)
    mine = add_passkey(sam, auth).json()
    pat = patient(clinic, sam, "pat@example.org")
    assert pat.client.delete(f"/api/v1/passkeys/{mine['id']}").status_code == 404
    assert pat.get("/api/v1/passkeys").json() == []
    south = clinician(clinic, "south@example.org", "South")
    assert south.client.delete(f"/api/v1/passkeys/{mine['id']}").status_code == 404
    for nonsense in ("0", "x", "99999999999999999999", "-1"):
        assert sam.client.delete(f"/api/v1/passkeys/{nonsense}").status_code == 404
    assert [k["id"] for k in sam.get("/api/v1/passkeys").json()] == [mine["id"]]
    assert sam.client.delete(f"/api/v1/passkeys/{mine['id']}").status_code == 204
    assert sam.get("/api/v1/passkeys").json() == []
    assert sign_in_with(clinic.client(), auth).status_code == 401


def test_an_adding_ceremony_is_its_accounts_only(clinic: Clinic, sam: Person) -> None:
    pat = patient(clinic, sam, "pat@example.org")
    started = sam.post("/api/v1/passkeys/new/options").json()
    credential = Authenticator(ORIGIN).create(started["options"])
    body = {"ceremony": started["ceremony"], "credential": credential, "name": "x"}
    assert pat.post("/api/v1/passkeys", json=body).status_code == 404
    assert sam.get("/api/v1/passkeys").json() == [] and pat.get("/api/v1/passkeys").json() == []


def test_the_same_passkey_twice_is_refused(clinic: Clinic, sam: Person) -> None:
    auth = Authenticator(ORIGIN)
    assert add_passkey(sam, auth).status_code == 201
    pat = patient(clinic, sam, "pat@example.org")
    started = pat.post("/api/v1/passkeys/new/options").json()
    credential = auth.create(started["options"], again=auth.keys[0])
    body = {"ceremony": started["ceremony"], "credential": credential, "name": "x"}
    answer = pat.post("/api/v1/passkeys", json=body)
    assert answer.status_code == 409, answer.text
    assert pat.get("/api/v1/passkeys").json() == []


def test_unreadable_answers_are_refused_not_crashed_on(clinic: Clinic, sam: Person) -> None:
    auth = Authenticator(ORIGIN)
    add_passkey(sam, auth)
    nonsense: list[dict[str, Any]] = [
        {},
        {"id": "abc", "rawId": "abc", "type": "public-key", "response": {}},
        {"id": 1, "rawId": None, "type": "x", "response": "no"},
        {
            "id": "!!",
            "rawId": "!!",
            "type": "public-key",
            "response": {"clientDataJSON": "!!", "authenticatorData": "", "signature": "%%"},
        },
    ]
    for credential in nonsense:
        begun = clinic.client().post("/api/v1/login/passkey/options", json={}).json()
        answer = clinic.client().post(
            "/api/v1/login/passkey", json={"ceremony": begun["ceremony"], "credential": credential}
        )
        assert answer.status_code == 401, (credential, answer.text)
        started = sam.post("/api/v1/passkeys/new/options").json()
        body = {"ceremony": started["ceremony"], "credential": credential, "name": "x"}
        assert sam.post("/api/v1/passkeys", json=body).status_code == 400, credential


def test_the_relying_party_is_the_server_as_the_browser_sees_it(
    clinic: Clinic, sam: Person, monkeypatch: pytest.MonkeyPatch
) -> None:
    proxied = {"X-Forwarded-Host": "clinic.example.org", "X-Forwarded-Proto": "https"}
    options = sam.post("/api/v1/passkeys/new/options", headers=proxied).json()["options"]
    assert options["rp"]["id"] == "clinic.example.org"
    auth = Authenticator("https://clinic.example.org")
    started = sam.post("/api/v1/passkeys/new/options", headers=proxied).json()
    credential = auth.create(started["options"])
    body = {"ceremony": started["ceremony"], "credential": credential, "name": "x"}
    assert sam.post("/api/v1/passkeys", json=body, headers=proxied).status_code == 201
    assert sam.post("/api/v1/passkeys", json=body).status_code == 404  # spent, whatever the host
    # a proxy not trusted is not believed
    untrusting = create_app(clinic.engine, trusted=[], clock=clinic.clock, catalogue=builtin())
    other = Clinic(clinic.engine, clinic.clock, untrusting).client()
    told = other.post("/api/v1/login/passkey/options", json={}, headers=proxied).json()
    assert told["options"]["rpId"] == "clinic.test"
    with_port = clinic.client("http://localhost:8123")
    assert with_port.post("/api/v1/login/passkey/options", json={}).json()["options"]["rpId"] == (
        "localhost"
    )
    # the operator's word, when set, is the only one
    monkeypatch.setenv(ORIGIN_VARIABLE, "https://backbeat.example.net")
    fixed = Authenticator("https://backbeat.example.net")
    assert add_passkey(sam, fixed).status_code == 201
    assert fixed.keys[0].rp_id == "backbeat.example.net"
    assert sign_in_with(clinic.client(), fixed).status_code == 200
    assert sign_in_with(clinic.client(), auth).status_code == 401  # made for the proxy's name
    monkeypatch.setenv(ORIGIN_VARIABLE, "https://backbeat.example.net/")
    assert sign_in_with(clinic.client(), fixed).status_code == 200  # a last slash is forgiven


def test_the_openapi_document_holds_the_passkey_operations(clinic: Clinic) -> None:
    paths = clinic.client().get("/api/v1/openapi.json").json()["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/passkeys"])
    assert "post" in paths["/api/v1/passkeys/new/options"]
    assert "delete" in paths["/api/v1/passkeys/{passkey_id}"]
    assert "post" in paths["/api/v1/login/passkey/options"]
    assert "post" in paths["/api/v1/login/passkey"]
    for path in ("/api/v1/passkeys", "/api/v1/login/passkey"):
        operation = paths[path]["post"]
        assert operation["summary"]
        assert "application/json" in operation["requestBody"]["content"]
