"""Taking records back through the API: ``DELETE /records/{id}``, ``PATCH /records/{id}`` and
``POST /undo`` do what ``backbeat forget``, ``correct`` and ``undo`` do, and what the journal
shows (``history``, progress, the pages) follows at once; every journal write may carry an
``Idempotency-Key``, with which sending it again changes nothing more and gives the first
answer; a refused or busy write changes nothing."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from backbeat.journal.db import open_database
from backbeat.journal.store import Journal
from backbeat.journal.transfer import dump
from backbeat.records import MoveRecord, SessionRecord
from backbeat.web.api import models
from tests.cli.test_plan import write_profile
from tests.conftest import Result
from tests.lock import write_lock_held
from tests.web.conftest import MONDAY_10_40, Clock, Web, live, make_app
from tests.web.test_api import WRITE, journal, problems

Cli = Callable[..., Result]
ID = re.compile(r"[0-9a-f]{12}")


def post(web: Web, sent: dict[str, Any], key: str | None = None) -> httpx.Response:
    headers = WRITE if key is None else {**WRITE, "Idempotency-Key": key}
    return web.client.post("/api/v1/records", json=sent, headers=headers)


def added(web: Web, sent: dict[str, Any]) -> str:
    """Add a record through the API, a minute later than the last; its id."""
    web.clock.now += timedelta(minutes=1)
    response = post(web, sent)
    assert response.status_code == 201, response.text
    found: str = response.json()["id"]
    return found


def delete(web: Web, id: str, key: str | None = None, **headers: str) -> httpx.Response:
    web.clock.now += timedelta(minutes=1)
    sent = {**WRITE, **headers} if key is None else {**WRITE, "Idempotency-Key": key, **headers}
    return web.client.delete(f"/api/v1/records/{id}", headers=sent)


def patch(web: Web, id: str, sent: object, key: str | None = None) -> httpx.Response:
    web.clock.now += timedelta(minutes=1)
    headers = WRITE if key is None else {**WRITE, "Idempotency-Key": key}
    return web.client.patch(f"/api/v1/records/{id}", json=sent, headers=headers)


def undo(web: Web, key: str | None = None) -> httpx.Response:
    web.clock.now += timedelta(minutes=1)
    headers = WRITE if key is None else {**WRITE, "Idempotency-Key": key}
    return web.client.post("/api/v1/undo", headers=headers)


def listed(web: Web) -> list[dict[str, Any]]:
    response = web.get("/api/v1/records")
    assert response.status_code == 200
    models.Records.model_validate(response.json())
    found: list[dict[str, Any]] = response.json()
    return found


def ids(web: Web) -> list[str]:
    return [record["id"] for record in listed(web)]


def progress(web: Web) -> dict[str, Any]:
    response = web.get("/api/v1/progress?weeks=1")
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


def export(home: Path) -> str:
    engine = open_database(f"sqlite:///{home / 'backbeat.db'}")
    try:
        return dump(Journal(engine).oldest_first())
    finally:
        engine.dispose()


KNEE_ROLLS = {"at": "2026-11-22T08:00", "move": "knee-rolls", "pain_during": 8}
MORNING = {"at": "2026-11-22T07:00", "morning_pain": 6, "stiffness": 5}
REVIEW = {"weekly_pain": 3, "interference": 2, "activity": "gardening", "activity_ability": 6}


def test_each_record_has_the_id_history_gives_it(web: Web, cli: Cli) -> None:
    added(web, KNEE_ROLLS)
    added(web, MORNING)
    cli("log", "pelvic-tilt", "--pain-during", "3", at=MONDAY_10_40)
    shown = listed(web)
    assert [r["id"] for r in shown] == [r["id"] for r in journal(cli)]
    assert all(ID.fullmatch(r["id"]) for r in shown) and len(set(ids(web))) == 3
    assert all(next(iter(r)) == "id" for r in shown)  # the id comes first, as history has it


def test_a_record_made_in_a_session_is_described_with_its_key(web: Web) -> None:
    journal_ = Journal(open_database(f"sqlite:///{web.home / 'backbeat.db'}"))
    at = MONDAY_10_40 - timedelta(hours=1)
    journal_.add(
        [
            SessionRecord(at=at, ended=at, session=["knee-rolls"], key="s1", unfinished=True),
            MoveRecord(at=at, move="knee-rolls", pain_during=2, key="s1/knee-rolls"),
        ]
    )
    journal_.engine.dispose()
    assert {r.get("key") for r in listed(web)} == {"s1", "s1/knee-rolls"}


def test_a_deleted_record_is_gone_from_the_journal_and_from_progress(web: Web, cli: Cli) -> None:
    write_profile(web.home)
    kept = added(web, {**KNEE_ROLLS, "pain_during": 2})
    wrong = added(web, KNEE_ROLLS)
    assert progress(web)["moves"][0]["times"] == 2

    response = delete(web, wrong)
    assert response.status_code == 200, response.text
    body = models.Deleted.model_validate(response.json())
    assert response.json()["deleted"] == {
        "id": wrong,
        **KNEE_ROLLS,
        "at": "2026-11-22T08:00:00+01:00",
        "sharp": False,
        "hurt": False,
    }
    assert body.deleted.id == wrong
    assert ids(web) == [kept] and [r["id"] for r in journal(cli)] == [kept]
    moves = progress(web)["moves"]
    assert moves[0]["times"] == 1 and moves[0]["pain_during_max"] == 2

    (gone,) = problems(delete(web, wrong), 404)  # deleted already: nothing to delete
    assert gone["field"] == "id" and wrong in gone["message"]
    assert ids(web) == [kept]


@pytest.mark.parametrize("id", ["ABCDEF123456", "abc", "abcdef1234567", "not-an-id!!!"])
def test_a_malformed_id_is_422_naming_it(web: Web, id: str) -> None:
    kept = added(web, MORNING)
    before = export(web.home)
    for response in (delete(web, id), patch(web, id, {"morning_pain": 1})):
        (found,) = problems(response, 422)
        assert found["field"] == "id" and "is not a record id" in found["message"]
    assert export(web.home) == before and ids(web) == [kept]


def test_a_correction_replaces_the_record_and_progress_follows(web: Web, cli: Cli) -> None:
    write_profile(web.home)
    old = added(web, KNEE_ROLLS)
    assert progress(web)["moves"][0]["pain_during_max"] == 8

    response = patch(web, old, {"pain_during": 2, "difficulty": "easy", "at": "2026-11-22T08:30"})
    assert response.status_code == 200, response.text
    answer = response.json()
    models.Corrected.model_validate(answer)
    new = answer["record"]
    assert answer["corrected"] == old and new["id"] != old
    assert new == {
        "id": new["id"],
        "at": "2026-11-22T08:30:00+01:00",
        "move": "knee-rolls",
        "pain_during": 2,
        "sharp": False,
        "difficulty": "easy",
        "hurt": False,
    }
    assert listed(web) == [new] and journal(cli) == [new]
    assert progress(web)["moves"][0]["pain_during_max"] == 2

    morning = added(web, MORNING)
    corrected = patch(web, morning, {"stiffness": 1})
    assert corrected.status_code == 200 and corrected.json()["record"]["stiffness"] == 1


@pytest.mark.parametrize(
    ("sent", "status", "field", "says"),
    [
        (
            {"morning_pain": 2},
            409,
            "morning_pain",
            "pain_during, pain_after, sharp, difficulty, at",
        ),
        ({"pain_during": 2, "stiffness": 1}, 422, "stiffness", "is for a morning check-in"),
        ({"mood": "better"}, 422, "mood", "pain_during, pain_after, sharp, difficulty, at"),
        ({"move": "cat-cow"}, 422, "move", "is not a field a correction changes"),
        ({"pain_during": "2"}, 422, "pain_during", "whole number"),
        ({"pain_during": True}, 422, "pain_during", "whole number"),
        ({"pain_during": None}, 422, "pain_during", "whole number"),
        ({"pain_during": 11}, 422, "pain_during", "out of range"),
        ({"sharp": "yes"}, 422, "sharp", "true or false"),
        ({"at": "2026-11-25T07:00"}, 422, "at", "after now"),
        ({"at": 1700000000}, 422, "at", "text in quotes"),
        ({}, 422, "(body)", "says nothing to change"),
        ([{"pain_during": 2}], 422, "(body)", "JSON object"),
        ({"pain_during": 8}, 409, "(record)", "already says that"),
    ],
)
def test_a_correction_that_cannot_be_made_changes_nothing(
    web: Web, sent: object, status: int, field: str, says: str
) -> None:
    old = added(web, KNEE_ROLLS)
    before = export(web.home)
    found = problems(patch(web, old, sent), status)
    assert found[0]["field"] == field and says in found[0]["message"], found
    assert export(web.home) == before and ids(web) == [old]


def test_only_a_check_in_can_be_corrected_but_any_record_deleted(web: Web) -> None:
    review = added(web, REVIEW)
    (found,) = problems(patch(web, review, {"pain_during": 1}), 409)
    assert found["field"] == "id" and "a weekly review, not a check-in" in found["message"]
    assert "DELETE" in found["message"] and ids(web) == [review]
    assert delete(web, review).status_code == 200 and ids(web) == []


def test_a_correction_is_sent_as_json(web: Web) -> None:
    old = added(web, KNEE_ROLLS)
    headers = {**WRITE, "content-type": "text/plain"}
    response = web.client.patch(
        f"/api/v1/records/{old}", content=b'{"pain_during": 1}', headers=headers
    )
    (found,) = problems(response, 415)
    assert found["field"] == "Content-Type" and ids(web) == [old]


def test_undo_takes_back_a_deletion_a_correction_and_an_entry(web: Web, cli: Cli) -> None:
    first = added(web, KNEE_ROLLS)
    second = added(web, MORNING)

    assert delete(web, second).status_code == 200
    response = undo(web)
    assert response.status_code == 200, response.text
    models.Undone.model_validate(response.json())
    assert response.json()["action"] == "restored"
    assert [r["id"] for r in response.json()["records"]] == [second]
    assert ids(web) == [first, second]  # newest first: the movement was at 08:00

    corrected = patch(web, first, {"pain_during": 3}).json()["record"]["id"]
    assert set(ids(web)) == {second, corrected}
    assert undo(web).json()["action"] == "restored"
    assert set(ids(web)) == {second, first} and {r["id"] for r in journal(cli)} == {
        second,
        first,
    }

    third = added(web, {**MORNING, "at": "2026-11-23T07:00"})
    undone = undo(web).json()
    assert undone["action"] == "deleted" and [r["id"] for r in undone["records"]] == [third]
    assert third not in ids(web)


def test_undo_with_nothing_to_undo_says_so(web: Web) -> None:
    response = undo(web)
    assert response.status_code == 200 and response.json() == {"action": None, "records": []}
    models.Undone.model_validate(response.json())


def test_a_change_needs_the_x_backbeat_header_and_this_site(web: Web) -> None:
    old = added(web, KNEE_ROLLS)
    before = export(web.home)
    for send in (
        lambda h: web.client.delete(f"/api/v1/records/{old}", headers=h),
        lambda h: web.client.patch(f"/api/v1/records/{old}", json={"pain_during": 1}, headers=h),
        lambda h: web.client.post("/api/v1/undo", headers=h),
    ):
        (found,) = problems(send({}), 403)
        assert found["field"] == "X-Backbeat"
        (found,) = problems(send({**WRITE, "origin": "http://evil.example"}), 403)
        assert found["field"] == "Origin"
    assert export(web.home) == before


def test_a_record_sent_twice_with_one_key_is_stored_once_and_answered_alike(
    web: Web, cli: Cli
) -> None:
    sent = {"move": "knee-rolls", "pain_during": 2}  # no at: now, which moves on between sends
    first = post(web, sent, key="3f2b8c1e-7d4a-4e5b-9c6d-0a1b2c3d4e5f")
    web.clock.now += timedelta(minutes=5)
    again = post(web, sent, key="3f2b8c1e-7d4a-4e5b-9c6d-0a1b2c3d4e5f")
    assert first.status_code == again.status_code == 201
    assert again.content == first.content and again.headers["content-type"] == "application/json"
    assert journal(cli) == [first.json()]
    assert post(web, sent).status_code == 201  # without the key, it is a new record (now is later)
    assert len(journal(cli)) == 2


def test_a_key_sent_with_another_request_is_409_and_changes_nothing(web: Web) -> None:
    key = "key-for-one-write"
    stored = post(web, MORNING, key=key)
    assert stored.status_code == 201
    before = export(web.home)
    for response in (
        post(web, {**MORNING, "morning_pain": 1}, key=key),
        delete(web, stored.json()["id"], key=key),
        undo(web, key=key),
    ):
        (found,) = problems(response, 409)
        assert found["field"] == "Idempotency-Key" and "another change" in found["message"]
    assert export(web.home) == before


@pytest.mark.parametrize("key", ["short", "has space inside", "x" * 81, "é" * 10])
def test_a_bad_key_is_422_naming_the_header_and_nothing_is_stored(web: Web, key: str) -> None:
    old = added(web, KNEE_ROLLS)
    before = export(web.home)
    headers = {**WRITE, "Idempotency-Key": key.encode()}  # as the bytes a client sends
    for response in (
        web.client.post("/api/v1/records", json=MORNING, headers=headers),
        web.client.delete(f"/api/v1/records/{old}", headers=headers),
        web.client.patch(f"/api/v1/records/{old}", json={"pain_during": 1}, headers=headers),
        web.client.post("/api/v1/undo", headers=headers),
    ):
        (found,) = problems(response, 422)
        assert found["field"] == "Idempotency-Key" and "one-time key" in found["message"]
    assert export(web.home) == before


def test_a_deletion_sent_twice_with_one_key_is_answered_alike(web: Web) -> None:
    old = added(web, KNEE_ROLLS)
    first = delete(web, old, key="delete-once-1234")
    again = delete(web, old, key="delete-once-1234")
    assert first.status_code == again.status_code == 200
    assert again.content == first.content and first.json()["deleted"]["id"] == old
    assert ids(web) == []
    assert delete(web, old).status_code == 404  # without the key, there is nothing to delete


def test_a_correction_and_an_undo_sent_twice_with_one_key_are_made_once(web: Web) -> None:
    old = added(web, KNEE_ROLLS)
    first = patch(web, old, {"pain_during": 3}, key="correct-once-1")
    again = patch(web, old, {"pain_during": 3}, key="correct-once-1")
    assert first.status_code == again.status_code == 200 and again.content == first.content
    new = first.json()["record"]["id"]
    assert ids(web) == [new]

    gone = added(web, MORNING)
    undone = undo(web, key="undo-once-0001")
    assert undone.json()["action"] == "deleted" and ids(web) == [new]
    assert undo(web, key="undo-once-0001").content == undone.content
    assert ids(web) == [new]  # the second undo did not also take back the correction
    assert gone not in ids(web)


def test_a_refusal_is_given_back_to_the_same_key(web: Web) -> None:
    missing = "0123456789ab"
    first = delete(web, missing, key="refused-once-1")
    assert first.status_code == 404
    assert delete(web, missing, key="refused-once-1").content == first.content


def test_a_busy_journal_answers_503_to_every_change_and_stores_nothing(
    home: Path, clock: Clock
) -> None:
    app = make_app(home, {}, clock)
    with live(app) as base, httpx.Client(base_url=base, timeout=30) as client:

        def add(sent: dict[str, Any]) -> str:
            clock.now += timedelta(minutes=1)
            response = client.post("/api/v1/records", json=sent, headers=WRITE)
            assert response.status_code == 201, response.text
            found: str = response.json()["id"]
            return found

        move, morning = add(KNEE_ROLLS), add(MORNING)
        assert ids_at(client) == {move, morning}
        before = export(home)
        keyed = {**WRITE, "Idempotency-Key": "sent-while-busy"}
        with write_lock_held(home / "backbeat.db") as release:
            answers = [
                client.delete(f"/api/v1/records/{move}", headers=WRITE),
                client.patch(f"/api/v1/records/{move}", json={"pain_during": 1}, headers=WRITE),
                client.post("/api/v1/undo", headers=WRITE),
                client.delete(f"/api/v1/records/{morning}", headers=keyed),
            ]
            assert release() == "released when told"  # every answer came under the lock
        for response in answers:
            (found,) = problems(response, 503)
            assert found["field"] == "(journal)" and "nothing was saved" in found["message"]
            assert int(response.headers["retry-after"]) > 0
        assert export(home) == before
        assert ids_at(client) == {move, morning}

        # the key was not used up by the busy answer: the same deletion goes in now
        retried = client.delete(f"/api/v1/records/{morning}", headers=keyed)
        assert retried.status_code == 200 and retried.json()["deleted"]["id"] == morning
        assert ids_at(client) == {move}


def ids_at(client: httpx.Client) -> set[str]:
    return {record["id"] for record in client.get("/api/v1/records").json()}


def test_the_write_is_in_every_page_made_after_it(web: Web) -> None:
    write_profile(web.home)
    old = added(web, KNEE_ROLLS)
    assert web.get("/api/v1/records").json()[0]["id"] == old  # kept, as answers are
    assert json.loads(web.get("/api/v1/progress?weeks=1").text)["moves"]
    assert delete(web, old).status_code == 200
    assert web.get("/api/v1/records").json() == []
    assert progress(web)["moves"] == []
