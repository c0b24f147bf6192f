"""The JSON API under /api/v1: the same answers as the commands (byte for byte where a command
prints JSON), refusals as ``{"problems": [...]}`` naming the field with nothing stored, writes
only with the X-Backbeat header, and the Guard in front of it as in front of the pages."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from backbeat.web.api import models
from tests.cli.test_plan import DESK, write_profile
from tests.conftest import REPO, Result
from tests.web.conftest import MONDAY_10_40, Clock, TestClient, Web, make_app

Cli = Callable[..., Result]
WRITE = {"x-backbeat": "1"}
JOURNAL_WRITES = {
    ("post", "/records"),
    ("delete", "/records/{id}"),
    ("patch", "/records/{id}"),
    ("post", "/undo"),
}
RED_FLAG = DESK.replace("bladder_bowel = false", "bladder_bowel = true")
RED_FLAG_AND_TYPO = RED_FLAG.replace("pain = 4", "pain = 42")
TYPO = DESK.replace("pain = 4", "pain = 42")


def at_monday(cli: Cli, *argv: str) -> Result:
    """The command at the instant the web app's clock shows."""
    return cli(*argv, at=MONDAY_10_40)


def same(web: Web, path: str, printed: Result, model: type[BaseModel] | Any) -> dict[str, Any]:
    """The API's answer is the command's output, byte for byte, and its model describes it."""
    response = web.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    assert response.text == printed.out
    data = json.loads(printed.out)
    if isinstance(model, type) and issubclass(model, BaseModel):
        model.model_validate(data)
    return data  # type: ignore[no-any-return]


def problems(response: Any, status: int) -> list[dict[str, str]]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    found: list[dict[str, str]] = models.Problems.model_validate(response.json()).model_dump()[
        "problems"
    ]
    return found


def journal(cli: Cli) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = json.loads(at_monday(cli, "history", "--json").out)
    return records


def test_plan_is_plan_json_byte_for_byte(web: Web, cli: Cli) -> None:
    write_profile(web.home)
    printed = at_monday(cli, "plan", "--json", "--start", "2026-11-24", "--days", "3")
    data = same(web, "/api/v1/plan?start=2026-11-24&days=3", printed, models.PlanAnswer)
    assert [d["date"] for d in data["days"]] == ["2026-11-24", "2026-11-25", "2026-11-26"]
    same(web, "/api/v1/plan", at_monday(cli, "plan", "--json"), models.PlanAnswer)


def test_a_plan_from_the_api_is_kept_as_the_command_keeps_it(web: Web, cli: Cli) -> None:
    write_profile(web.home)
    assert web.get("/api/v1/plan?days=2").status_code == 200
    kept = [r for r in journal(cli) if "plan" in r]
    assert len(kept) == 1 and len(kept[0]["plan"]["days"]) == 2
    at_monday(cli, "plan", "--json", "--days", "2")
    assert len([r for r in journal(cli) if "plan" in r]) == 1  # the same plan, not kept twice


@pytest.mark.parametrize("profile", [RED_FLAG, RED_FLAG_AND_TYPO])
def test_a_red_flag_gives_the_referral_and_no_plan(web: Web, cli: Cli, profile: str) -> None:
    write_profile(web.home, profile)
    printed = at_monday(cli, "plan", "--json", "--days", "2")
    assert printed.status == 3
    data = same(web, "/api/v1/plan?days=2", printed, models.PlanAnswer)
    assert data["referral"]["urgent"] and all(d["slots"] == [] for d in data["days"])
    today = web.get("/api/v1/today").json()
    models.TodayAnswer.model_validate(today)
    assert today["referral"] == data["referral"]
    assert today["slots"] == [] and today["due"] is None


def test_a_profile_that_cannot_be_used_is_409_naming_the_key(web: Web, cli: Cli) -> None:
    write_profile(web.home, TYPO)
    for path in ("/api/v1/plan", "/api/v1/today"):
        found = problems(web.get(path), 409)
        assert [p["field"] for p in found] == ["pain"], found
    assert at_monday(cli, "plan", "--json").status == 1


def test_no_profile_is_404_saying_to_answer_the_welcome_questions(web: Web) -> None:
    for path in ("/api/v1/plan", "/api/v1/today"):
        (found,) = problems(web.get(path), 404)
        assert "answer the welcome questions" in found["message"]


def test_plan_parameters_are_checked_by_the_commands_rules(web: Web, cli: Cli) -> None:
    write_profile(web.home)
    for query, field in (
        ("days=0", "days"),
        ("days=367", "days"),
        ("days=two", "days"),
        ("start=2026-02-30", "start"),
        ("start=20261123", "start"),
        ("start=0001-01-01", "start"),
        ("start=9999-12-31", "start"),
    ):
        assert [p["field"] for p in problems(web.get(f"/api/v1/plan?{query}"), 422)] == [field]
    assert at_monday(cli, "plan", "--start", "9999-12-31").status == 2  # refused, not a crash


def test_today_gives_the_plan_day_with_slot_ids_and_what_is_done(web: Web, cli: Cli) -> None:
    write_profile(web.home)
    today = web.get("/api/v1/today").json()
    models.TodayAnswer.model_validate(today)
    assert today["date"] == "2026-11-23" and today["now"] == MONDAY_10_40.isoformat()
    plan = json.loads(at_monday(cli, "plan", "--json").out)
    assert [s["id"] for s in today["slots"]] == [s["id"] for s in plan["days"][0]["slots"]]
    waking = today["slots"][0]
    assert waking["id"] == "2026-11-23/waking" and waking["at"] == "2026-11-23T07:00:00+01:00"
    assert not waking["done"]
    move = waking["items"][0]["move"]
    sent = {"at": "2026-11-23T07:05", "move": move, "pain_during": 1}
    assert web.client.post("/api/v1/records", json=sent, headers=WRITE).status_code == 201
    assert web.get("/api/v1/today").json()["slots"][0]["done"]


def test_progress_is_progress_json_byte_for_byte(web: Web, cli: Cli) -> None:
    write_profile(web.home)
    for day in range(10):
        at = (MONDAY_10_40 - timedelta(days=day)).isoformat()
        at_monday(cli, "log", "knee-rolls", "--pain-during", str(day % 4), "--at", at)
        at_monday(cli, "checkin", "--pain", "3", "--at", at)
    for weeks in ("2", "4"):
        printed = at_monday(cli, "progress", "--json", "--weeks", weeks)
        data = same(web, f"/api/v1/progress?weeks={weeks}", printed, models.ProgressAnswer)
        assert data["weeks"] == int(weeks) and data["moves"][0]["move"] == "knee-rolls"
    same(web, "/api/v1/progress", at_monday(cli, "progress", "--json"), models.ProgressAnswer)
    assert [p["field"] for p in problems(web.get("/api/v1/progress?weeks=521"), 422)] == ["weeks"]


def test_moves_are_moves_json_byte_for_byte(web: Web, cli: Cli) -> None:
    listed = same(web, "/api/v1/moves", cli("moves", "--json"), None)
    for movement in listed:
        models.MovementListed.model_validate(movement)
    query = "place=bed&kind=relax"
    filtered = same(
        web,
        f"/api/v1/moves?{query}",
        cli("moves", "--json", "--place", "bed", "--kind", "relax"),
        None,
    )
    assert 0 < len(filtered) < len(listed)
    shown = cli("moves", "show", "knee-rolls", "--json")
    entry = same(web, "/api/v1/moves/knee-rolls", shown, models.MovementEntry)
    assert entry["motion"]["keyframes"]
    assert [p["field"] for p in problems(web.get("/api/v1/moves?place=moon"), 422)] == ["place"]


def test_an_unknown_movement_is_404_naming_the_nearest_ids(web: Web) -> None:
    for path in ("/api/v1/moves/knee-roll", "/api/v1/moves/knee-roll/motion"):
        (found,) = problems(web.get(path), 404)
        assert found["field"] == "id" and "did you mean knee-rolls" in found["message"]


def test_motion_frames_come_from_the_api_only(web: Web) -> None:
    response = web.get("/api/v1/moves/cat-cow/motion")
    models.MotionFrames.model_validate(response.json())
    assert response.headers["cache-control"] == "private, max-age=3600"
    assert web.get("/moves/cat-cow/motion.json").status_code == 404


def test_records_are_history_json_byte_for_byte(web: Web, cli: Cli) -> None:
    for day in range(4):
        at = (MONDAY_10_40 - timedelta(days=day)).isoformat()
        at_monday(cli, "checkin", "--pain", str(day), "--at", at)
    at_monday(cli, "log", "knee-rolls", "--pain-during", "2")
    data = same(web, "/api/v1/records", at_monday(cli, "history", "--json"), models.Records)
    assert [r["at"] for r in data] == sorted((r["at"] for r in data), reverse=True)
    since = at_monday(cli, "history", "--json", "--since", "2026-11-22")
    assert len(same(web, "/api/v1/records?since=2026-11-22", since, models.Records)) == 3
    same(web, "/api/v1/records?since=0001-01-01", at_monday(cli, "history", "--json"), None)
    assert [p["field"] for p in problems(web.get("/api/v1/records?since=yesterday"), 422)] == [
        "since"
    ]


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        (
            {"at": "2026-11-23T08:00:00+01:00", "move": "knee-rolls", "pain_during": 2},
            {"at": "2026-11-23T08:00:00+01:00", "move": "knee-rolls", "pain_during": 2},
        ),
        (  # a time without an offset is local time; 1.0 is a whole number
            {"at": "2026-11-23T07:00", "morning_pain": 3.0, "stiffness": 2},
            {"at": "2026-11-23T07:00:00+01:00", "morning_pain": 3, "stiffness": 2},
        ),
        (  # left out, ``at`` is now; runs of spaces in an activity count as one
            {
                "weekly_pain": 3,
                "interference": 2,
                "activity": " lifting   my child ",
                "activity_ability": 6,
            },
            {
                "at": MONDAY_10_40.isoformat(),
                "weekly_pain": 3,
                "interference": 2,
                "activity": "lifting my child",
                "activity_ability": 6,
            },
        ),
        (  # stopped because it hurt: no pain score needed
            {"at": "2026-11-23T09:00Z", "move": "cat-cow", "hurt": True},
            {"at": "2026-11-23T09:00:00Z", "move": "cat-cow", "hurt": True},
        ),
    ],
)
def test_a_record_is_stored_once_and_given_back(
    web: Web, cli: Cli, sent: dict[str, Any], kept: dict[str, Any]
) -> None:
    first = web.client.post("/api/v1/records", json=sent, headers=WRITE)
    assert first.status_code == 201, first.text
    stored = first.json()
    models.AddedRecord.model_validate(stored)
    assert {k: v for k, v in stored.items() if k in kept} == kept
    assert journal(cli) == [stored]
    again = web.client.post("/api/v1/records", json=sent, headers=WRITE)
    assert again.status_code == 200 and again.text == first.text
    assert journal(cli) == [stored]


@pytest.mark.parametrize(
    ("sent", "field", "says"),
    [
        ({"move": "knee-roll", "pain_during": 2}, "move", "did you mean knee-rolls"),
        ({"move": "knee-rolls", "pain_during": 11}, "pain_during", "out of range"),
        ({"move": "knee-rolls", "pain_during": True}, "pain_during", "whole number"),
        ({"move": "knee-rolls", "pain_during": "2"}, "pain_during", "whole number"),
        ({"move": "knee-rolls", "pain_during": 2.5}, "pain_during", "whole number"),
        ({"move": "knee-rolls", "pain_during": None}, "pain_during", "whole number"),
        ({"move": "knee-rolls"}, "pain_during", "only a record with hurt = true"),
        ({"move": "knee-rolls", "pain_during": 2, "sharp": "no"}, "sharp", "true or false"),
        ({"move": "knee-rolls", "pain_during": 2, "mood": "ok"}, "mood", "not a key"),
        ({"morning_pain": 3, "at": "2026-11-25T07:00"}, "at", "out of range"),
        ({"morning_pain": 3, "at": "1899-12-31T07:00"}, "at", "not in the form"),
        ({"morning_pain": 3, "at": "2026-11-23 07:00"}, "at", "not in the form"),
        ({"morning_pain": 3, "at": 1700000000}, "at", "text in quotes"),
        (
            {"weekly_pain": 3, "interference": 2, "activity": "  ", "activity_ability": 6},
            "activity",
            "not in the form",
        ),
        ({"session": ["knee-rolls"], "at": "2026-11-23T07:00"}, "(record)", "only a movement"),
        ({"morning_pain": 3, "weekly_pain": 3}, "(record)", "only a movement"),
        ([{"morning_pain": 3}], "(body)", "JSON object"),
    ],
)
def test_a_bad_record_is_422_naming_the_field_and_nothing_is_stored(
    web: Web, cli: Cli, sent: Any, field: str, says: str
) -> None:
    found = problems(web.client.post("/api/v1/records", json=sent, headers=WRITE), 422)
    assert found[0]["field"] == field and says in found[0]["message"], found
    assert journal(cli) == []


def test_a_body_that_is_not_json_is_refused(web: Web, cli: Cli) -> None:
    for body, kind, status in (
        (b"{", "application/json", 422),
        (b"\xff\xfe", "application/json", 422),
        (b'{"morning_pain": NaN}', "application/json", 422),
        (b'{"morning_pain": 3}', "text/plain", 415),
    ):
        headers = {**WRITE, "content-type": kind}
        problems(web.client.post("/api/v1/records", content=body, headers=headers), status)
    assert journal(cli) == []


def test_a_write_without_the_x_backbeat_header_is_refused(web: Web, cli: Cli) -> None:
    sent = {"morning_pain": 3}
    for headers in ({}, {"x-backbeat": "yes"}):
        (found,) = problems(web.client.post("/api/v1/records", json=sent, headers=headers), 403)
        assert found["field"] == "X-Backbeat"
    gentler = {"move": "knee-rolls"}
    problems(web.client.post("/api/v1/session/gentler", json=gentler), 403)
    assert journal(cli) == []


def test_a_write_from_another_site_is_refused_even_with_the_header(web: Web, cli: Cli) -> None:
    headers = {**WRITE, "origin": "http://evil.example"}
    response = web.client.post("/api/v1/records", json={"morning_pain": 3}, headers=headers)
    (found,) = problems(response, 403)
    assert found["field"] == "Origin" and "another site" in found["message"]
    assert journal(cli) == []


def test_the_host_check_stands_in_front_of_the_api(web: Web) -> None:
    response = web.get("/api/v1/moves", headers={"host": "evil.example:8765"})
    (found,) = problems(response, 400)
    assert found["field"] == "Host"
    assert web.get("/api/v1/moves", headers={"host": "localhost:8765"}).status_code == 200


def test_beyond_loopback_the_api_needs_the_login_token(home: Path, clock: Clock) -> None:
    app = make_app(home, {}, clock, login_token="sesame")
    with TestClient(app, base_url="http://192.168.1.20:8765", follow_redirects=False) as client:
        (found,) = problems(client.get("/api/v1/moves"), 401)
        assert found["field"] == "token"
        logged_in = client.get("/api/v1/moves?token=sesame")
        assert logged_in.status_code == 303 and "backbeat_login" in logged_in.headers["set-cookie"]
        client.cookies.set("backbeat_login", "sesame")
        assert client.get("/api/v1/moves").status_code == 200
        stored = client.post("/api/v1/records", json={"morning_pain": 3}, headers=WRITE)
        assert stored.status_code == 201


def test_errors_are_json_never_pages(web: Web) -> None:
    for path, status in (("/api/v1/nothing", 404), ("/api/v2/today", 404), ("/api/", 404)):
        problems(web.get(path), status)
    refused = web.client.delete("/api/v1/records")
    problems(refused, 405)
    assert refused.headers["allow"] == "GET, POST"
    assert web.get("/api/v1/docs").status_code == 404


def test_the_openapi_document_describes_the_api(web: Web) -> None:
    doc = web.get("/api/v1/openapi.json").json()
    assert doc["servers"] == [{"url": "/api/v1"}]
    assert set(doc["paths"]) == {
        "/plan",
        "/today",
        "/progress",
        "/moves",
        "/moves/{id}",
        "/moves/{id}/motion",
        "/records",
        "/records/{id}",
        "/undo",
        "/session",
        "/session/gentler",
        "/sessions",
        "/reminders/due",
        "/reminders/{day}/{slot}/answer",
        "/reminders/pause",
    }
    schemas = doc["components"]["schemas"]
    assert "HTTPValidationError" not in schemas
    for path, methods in doc["paths"].items():
        for method, operation in methods.items():
            if operation.get("parameters") or "requestBody" in operation:
                assert operation["responses"]["422"]["content"]["application/json"]["schema"] == {
                    "$ref": "#/components/schemas/Problems"
                }, (path, method)
            if method in ("post", "patch", "delete"):  # a change
                headers = {p["name"]: p for p in operation["parameters"] if p["in"] == "header"}
                assert headers["X-Backbeat"]["required"], (path, method)
                assert headers["X-Backbeat"]["schema"] == {"type": "string", "enum": ["1"]}
                assert "403" in operation["responses"]
            if (method, path) in JOURNAL_WRITES:
                once = headers["Idempotency-Key"]
                assert not once["required"] and "pattern" in once["schema"], (path, method)
                assert {"409", "503"} <= set(operation["responses"]), (path, method)
    assert "knee-rolls" in schemas["MoveCheckIn"]["properties"]["move"]["enum"]
    record = schemas["MoveRecord"]
    assert "id" in record["required"] and record["properties"]["id"]["pattern"] == "^[0-9a-f]{12}$"
    assert "$defs" not in json.dumps(doc)


def test_the_gentler_variation_through_the_api(web: Web) -> None:
    sent = {"move": "knee-rolls", "then": [{"move": "pelvic-tilt", "dose": {"reps": 2.0}}]}
    response = web.client.post("/api/v1/session/gentler", json=sent, headers=WRITE)
    assert response.status_code == 200
    data = models.SessionAnswer.model_validate(response.json())
    assert [s.move for s in data.steps] == ["knee-sway", "pelvic-tilt"]
    assert data.steps[1].reps == 2
    for bad, field in (
        ({"move": "knee-rolls", "speed": 0}, "speed"),
        ({"move": "knee-rolls", "then": [{"move": "x", "dose": {}}]}, "then[0].move"),
        (
            {"move": "knee-rolls", "then": [{"move": "cat-cow", "dose": {"reps": True}}]},
            "then[0].dose.reps",
        ),
    ):
        found = problems(web.client.post("/api/v1/session/gentler", json=bad, headers=WRITE), 422)
        assert found[0]["field"] == field, found


def dry_run(cli: Cli, *argv: str) -> Result:
    return at_monday(cli, *argv, "--dry-run", "--json")


@pytest.mark.parametrize(
    ("query", "argv"),
    [
        ("slot=2026-11-23/desk-1030", ("session", "--slot", "2026-11-23/desk-1030")),
        ("slot=BEDTIME&speed=4", ("session", "--slot", "BEDTIME", "--speed", "4")),
        ("slot=tv", ("session", "--slot", "tv")),
        ("move=knee-rolls&move=cat-cow", ("session", "knee-rolls", "cat-cow")),
        ("move=pelvic-tilt&speed=0.5", ("session", "pelvic-tilt", "--speed", "0.5")),
        ("slot=2026-11-23/desk-1030&move=cat-cow", ("now",)),  # the slot due now; slot first
    ],
)
def test_session_is_the_dry_run_timeline_byte_for_byte(
    web: Web, cli: Cli, query: str, argv: tuple[str, ...]
) -> None:
    write_profile(web.home)
    data = same(web, f"/api/v1/session?{query}", dry_run(cli, *argv), models.SessionTimeline)
    assert data["events"][0]["kind"] == "intro" and data["events"][-1]["kind"] == "done"


def test_a_micro_break_needs_no_profile_as_now_gives_it(web: Web, cli: Cli) -> None:
    same(web, "/api/v1/session", dry_run(cli, "now"), models.SessionTimeline)
    same(web, "/api/v1/session?place=car", dry_run(cli, "now", "--place", "car"), None)
    same(web, "/api/v1/session?move=cat-cow", dry_run(cli, "session", "cat-cow"), None)


@pytest.mark.parametrize("profile", [RED_FLAG, RED_FLAG_AND_TYPO])
def test_a_red_flag_refuses_every_session_with_the_gates_words(
    web: Web, cli: Cli, profile: str
) -> None:
    write_profile(web.home, profile)
    referral = json.loads(at_monday(cli, "plan", "--json").out)["referral"]
    for query, argv in (
        ("slot=desk", ("session", "--slot", "desk")),
        ("move=knee-rols", ("session", "knee-rols")),  # a referral wins over a typing slip
        ("place=bed", ("now", "--place", "bed")),
    ):
        printed = dry_run(cli, *argv)
        assert printed.status == 3, (argv, printed.err)
        response = web.get(f"/api/v1/session?{query}")
        assert response.status_code == 403, response.text
        answer = models.ReferralRefusal.model_validate(response.json()).model_dump()
        message = printed.out.removesuffix("\n")
        assert answer["problems"] == [{"field": "screen", "message": message}]
        assert answer["referral"] == referral


def test_a_profile_that_cannot_be_used_refuses_a_session_409(web: Web, cli: Cli) -> None:
    write_profile(web.home, TYPO)
    printed = dry_run(cli, "session", "cat-cow")
    assert printed.status == 1
    for query in ("move=cat-cow", "slot=desk", ""):
        found = problems(web.get(f"/api/v1/session?{query}"), 409)
        assert [p["field"] for p in found] == ["pain", "(profile)"]
        assert printed.err.endswith(f"{found[-1]['message']}\n")


def test_a_slot_needs_a_profile_and_must_be_in_todays_plan(web: Web, cli: Cli) -> None:
    (found,) = problems(web.get("/api/v1/session?slot=desk"), 404)
    printed = dry_run(cli, "session", "--slot", "desk")
    assert printed.status == 2 and found["message"] in printed.err
    write_profile(web.home)
    (found,) = problems(web.get("/api/v1/session?slot=lunch"), 404)
    ids = [s["id"] for s in json.loads(at_monday(cli, "plan", "--json").out)["days"][0]["slots"]]
    assert found["field"] == "slot" and ", ".join(ids) in found["message"]
    assert dry_run(cli, "session", "--slot", "lunch").status == 2


def test_an_unknown_movement_in_a_session_is_404_naming_the_nearest_ids(web: Web, cli: Cli) -> None:
    (found,) = problems(web.get("/api/v1/session?move=cat-cow&move=knee-rols"), 404)
    assert found["field"] == "move" and "did you mean knee-rolls" in found["message"]
    assert "did you mean knee-rolls" in dry_run(cli, "session", "cat-cow", "knee-rols").err


def test_session_parameters_are_checked(web: Web) -> None:
    for query, field in (
        ("speed=0", "speed"),
        ("speed=1001", "speed"),
        ("speed=nan", "speed"),
        ("speed=fast", "speed"),
        ("place=moon", "place"),
    ):
        assert [p["field"] for p in problems(web.get(f"/api/v1/session?{query}"), 422)] == [field]


def test_every_address_of_the_api_is_in_the_readme(web: Web) -> None:
    readme = (REPO / "README.md").read_text()
    section = readme[readme.index("## The JSON API") :]
    section = section[: section.index("\n## ")]
    for path, methods in web.get("/api/v1/openapi.json").json()["paths"].items():
        for method in methods:
            assert f"`{method.upper()} /api/v1{path}" in section, (method, path)
    assert "Idempotency-Key" in section and "X-Backbeat: 1" in section


@pytest.mark.parametrize(
    "path", ["/api/v1/moves/a%0Ab/motion", "/api/v1/nothing%00", "/api/v1/%0A"]
)
def test_an_api_address_no_route_can_read_is_a_json_404(web: Web, path: str) -> None:
    answer = web.get(path, headers={"X-Backbeat": "1"})
    assert answer.status_code == 404 and answer.headers["content-type"] == "application/json"
    assert answer.json()["problems"][0]["field"] == "(request)"
