"""Today and the session player's server side: the slot that is due, the timeline and figure data
the page plays, and the check-in saved as the terminal saves it."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from datetime import datetime, timedelta

import pytest

from backbeat.catalog.loader import builtin
from backbeat.records import MoveRecord, as_json
from backbeat.session import checkin, cues
from backbeat.session.player import Outcome
from backbeat.session.timeline import Step, build
from tests.cli.test_plan import write_profile
from tests.conftest import Result
from tests.history import kept_records
from tests.web.conftest import Web

Cli = Callable[..., Result]
CATALOGUE = builtin()


@pytest.fixture
def journal_environ(on_every_database: dict[str, str]) -> dict[str, str]:
    return on_every_database


def page_data(html: str) -> dict[str, object]:
    found = re.search(r'<script type="application/json" id="session-data">(.*?)</script>', html)
    assert found is not None
    data: dict[str, object] = json.loads(found.group(1))
    return data


def test_today_shows_the_slot_that_is_due_with_a_start(web: Web) -> None:
    write_profile(web.home)
    html = web.get("/").text  # Monday 10:40: the 10:30 desk break is due
    assert 'href="/session?slot=2026-11-23/desk-1030"' in html  # the 10:30 desk break
    assert "Due now" in html and "Seated march" in html
    assert html.index(">07:00<") < html.index(">10:30<") < html.index(">22:50<")


def test_a_slot_checked_in_is_done_and_the_next_is_offered(web: Web) -> None:
    write_profile(web.home)
    web.clock.now += timedelta(minutes=1)
    data = page_data(web.get("/session?slot=2026-11-23/desk-1030").text)
    moves = [s["move"] for s in data["steps"]]  # type: ignore[index, union-attr]
    saved = web.post(
        "/session/checkin",
        {
            "started": " ".join(moves),
            "completed": " ".join(moves),
            "answered": "yes",
            "pain": "2",
            "sharp": "no",
            "difficulty": "easy",
        },
    )
    assert saved.status_code == 200 and "Saved 1 check-in record" in saved.text
    html = web.get("/").text
    assert 'href="/session?slot=2026-11-23/desk-1100"' in html and "Next, at 11:00" in html


def test_the_session_itself_is_kept_with_its_slot_and_length(web: Web, cli: Cli) -> None:
    write_profile(web.home)
    page = web.get("/session?slot=2026-11-23/desk-1030").text
    moves = [s["move"] for s in page_data(page)["steps"]]  # type: ignore[index, union-attr]
    assert f'name="planned" value="{" ".join(moves)}"' in page
    web.post(
        "/session/checkin",
        {
            "started": moves[0],
            "completed": moves[0],
            "skipped": " ".join(moves[1:]),
            "planned": " ".join(moves),
            "slot": "2026-11-23/desk-1030",
            "seconds": "95.5",
            "answered": "no",
        },
    )
    (held,) = [r for r in kept_records(cli("history", "--json").out) if "session" in r]
    assert (
        held["session"] == moves
        and held["done"] == moves[:1]
        and held["slot"] == "2026-11-23/desk-1030"
    )
    assert held["skipped"] == moves[1:]
    took = datetime.fromisoformat(held["ended"]) - datetime.fromisoformat(held["at"])
    assert took == timedelta(seconds=95.5)


def test_today_follows_a_check_in_another_program_writes(web: Web, cli: Cli) -> None:
    write_profile(web.home)
    assert "Due now" in web.read("/")
    for _ in range(3):
        assert "Due now" in web.read("/")  # asked again, nothing changed: the same page
    today = web.get("/api/v1/today", headers={"X-Backbeat": "1"}).json()
    (due,) = [s for s in today["slots"] if s["id"] == today["due"]]
    for item in due["items"]:  # the due break's movements, logged in a terminal
        logged = cli("log", item["move"], "--pain-during", "1", "--at", "2026-11-23T10:35+01:00")
        assert logged.status == 0, logged.err
    page = web.read("/")
    assert "Next, at 11:00" in page and 'class="badge done"' in page


def test_the_page_plays_the_timeline_the_session_command_prints(web: Web, cli: Cli) -> None:
    data = page_data(web.get("/session?move=knees-to-chest&move=knee-rolls&speed=4").text)
    printed = json.loads(
        cli("session", "knees-to-chest", "knee-rolls", "--speed", "4", "--dry-run", "--json").out
    )
    events = data["events"]
    assert isinstance(events, list)
    assert [{k: v for k, v in e.items() if k != "step"} for e in events] == printed["events"]
    assert data["duration"] == printed["duration"] and data["speed"] == 4
    spans = data["spans"]
    assert isinstance(spans, list) and len(spans) == len(events)
    motions = data["motions"]
    assert isinstance(motions, dict) and set(motions) == {"knees-to-chest", "knee-rolls"}
    assert "right" in motions["knee-rolls"] and "right" not in motions["knees-to-chest"]


def test_a_micro_break_needs_no_profile(web: Web) -> None:
    data = page_data(web.get("/session?place=car").text)
    steps = data["steps"]
    assert isinstance(steps, list) and len(steps) == 2
    for step in steps:
        assert "car" in CATALOGUE.movements[step["move"]].places


@pytest.mark.parametrize(
    ("query", "status", "says"),
    [
        ("move=knee-roll", 404, "Did you mean knee-rolls"),
        ("move=knee-rolls&speed=0", 400, "allowed: 0.01 to 1000"),
        ("move=knee-rolls&speed=fast", 400, "'fast' is not a speed"),
        ("place=moon", 400, "allowed: bed, floor, desk, car, sofa, standing"),
    ],
)
def test_a_session_that_cannot_be_played_says_why(
    web: Web, query: str, status: int, says: str
) -> None:
    response = web.get(f"/session?{query}")
    assert response.status_code == status and says in html.unescape(response.text)


def test_a_slot_no_longer_in_the_plan_is_not_found(web: Web) -> None:
    write_profile(web.home)
    response = web.get("/session?slot=9999")
    assert response.status_code == 404 and "not in today's plan" in html.unescape(response.text)


def test_the_check_in_saves_the_records_the_terminal_saves(web: Web, cli: Cli) -> None:
    response = web.post(
        "/session/checkin",
        {
            "started": "knees-to-chest knee-rolls",
            "completed": "knees-to-chest",
            "skipped": "knee-rolls",
            "answered": "yes",
            "pain": "7",
            "sharp": "yes",
            "difficulty": "hard",
        },
    )
    assert response.status_code == 200
    outcome = Outcome(
        started=["knees-to-chest", "knee-rolls"],
        completed=["knees-to-chest"],
        skipped=["knee-rolls"],
    )
    answers = checkin.CheckIn(7, True, "hard")
    expected = checkin.records(outcome, answers, web.clock.now)
    listed = kept_records(cli("history", "--json").out)
    assert [r for r in listed if "move" in r] == [as_json(r) for r in expected[::-1]]
    for line in checkin.advice(outcome, answers):
        assert line in html.unescape(response.text)


def test_a_skipped_check_in_keeps_only_what_hurt(web: Web, cli: Cli) -> None:
    response = web.post(
        "/session/checkin",
        {
            "started": "knee-rolls knee-sway",
            "hurt": "knee-rolls",
            "taken": "knee-sway",
            "ended_early": "yes",
            "answered": "no",
        },
    )
    assert response.status_code == 200 and "Saved 1 check-in record" in response.text
    records = kept_records(cli("history", "--json").out)
    moved = [r for r in records if "move" in r]
    assert moved == [as_json(MoveRecord(at=web.clock.now, move="knee-rolls", hurt=True))]
    (held,) = [r for r in records if "session" in r]
    assert held["stopped"] == ["knee-rolls"] and held["ended_early"] is True


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("pain", "11", "'11' is not a pain score (allowed: a whole number from 0 to 10)"),
        ("sharp", "maybe", "(allowed: y or n)"),
        ("difficulty", "brutal", "(allowed: easy, ok or hard)"),
    ],
)
def test_a_check_in_answer_out_of_range_saves_nothing(
    web: Web, cli: Cli, field: str, value: str, says: str
) -> None:
    answers = {"pain": "3", "sharp": "no", "difficulty": "ok", field: value}
    response = web.post("/session/checkin", {"started": "knee-rolls", "answered": "yes", **answers})
    assert response.status_code == 400 and says in html.unescape(response.text)
    assert kept_records(cli("history", "--json").out) == []


def test_an_unknown_movement_in_a_check_in_saves_nothing(web: Web, cli: Cli) -> None:
    response = web.post("/session/checkin", {"started": "moonwalk", "answered": "no"})
    assert response.status_code == 400 and "moonwalk" in response.text


def test_the_gentler_variation_replaces_the_rest_of_the_session(web: Web) -> None:
    steps = [Step.of(CATALOGUE.movements[m]) for m in ("knee-rolls", "knees-to-chest")]
    sent = {
        "move": "knee-rolls",
        "then": [
            {"move": s.movement.id, "dose": s.dose.model_dump(mode="json", exclude_none=True)}
            for s in steps[1:]
        ],
        "speed": 2,
    }
    refused = web.client.post("/api/v1/session/gentler", json=sent)
    assert refused.status_code == 403
    response = web.client.post("/api/v1/session/gentler", json=sent, headers={"x-backbeat": "1"})
    assert response.status_code == 200
    data = response.json()
    gentler = CATALOGUE.movements["knee-sway"]
    expected = build([Step.of(gentler), steps[1]], intro=False).scaled(2)
    assert [e["text"] for e in data["events"]] == [e.text for e in expected.events]
    assert data["events"][0]["text"].startswith("Instead, Knee sway")
    assert set(data["motions"]) == {"knee-sway", "knees-to-chest"}
    assert web.client.post("/session/gentler", json=sent).status_code == 404  # one door: the API


def test_a_movement_with_no_gentler_version_gets_none(web: Web) -> None:
    move = next(m for m in CATALOGUE.movements.values() if not m.easier)
    sent = {"move": move.id, "then": [], "speed": 1}
    response = web.client.post("/api/v1/session/gentler", json=sent, headers={"x-backbeat": "1"})
    assert response.status_code == 404 and "no gentler version" in response.text
    assert page_data(web.get(f"/session?move={move.id}").text)["steps"][0]["gentler"] is None  # type: ignore[index]


def _history(cli: Cli) -> list[dict[str, object]]:
    found: list[dict[str, object]] = kept_records(cli("history", "--json").out)
    return found


def test_the_check_in_asks_pain_after_right_after_pain_during(web: Web) -> None:
    page = html.unescape(web.get("/session?move=knee-rolls").text)
    form = page[page.index('id="checkin"') :]
    where = [form.index(q) for q in (checkin.PAIN, checkin.AFTER, checkin.SHARP, checkin.EFFORT)]
    assert where == sorted(where)
    assert form.count('name="pain_after"') == 11 and 'name="pain_after" value="0" required' in form


def test_pain_after_is_kept_and_answered_as_the_terminal_answers_it(web: Web, cli: Cli) -> None:
    response = web.post(
        "/session/checkin",
        {
            "started": "knee-rolls",
            "completed": "knee-rolls",
            "answered": "yes",
            "pain": "2",
            "pain_after": "7",
            "sharp": "no",
            "difficulty": "ok",
        },
    )
    assert response.status_code == 200
    outcome = Outcome(started=["knee-rolls"], completed=["knee-rolls"])
    answers = checkin.CheckIn(2, False, "ok", 7)
    (record,) = checkin.records(outcome, answers, web.clock.now)
    assert [r for r in _history(cli) if "move" in r] == [as_json(record)]
    assert record.pain_after == 7
    advice = checkin.advice(outcome, answers)
    assert any("Pain of 7/10" in line for line in advice)
    for line in advice:
        assert line in html.unescape(response.text)


def test_a_pain_after_out_of_range_saves_nothing(web: Web, cli: Cli) -> None:
    answers = {"pain": "3", "pain_after": "ten", "sharp": "no", "difficulty": "ok"}
    response = web.post("/session/checkin", {"started": "knee-rolls", "answered": "yes", **answers})
    assert response.status_code == 400
    assert "'ten' is not a pain score (allowed: a whole number from 0 to 10)" in html.unescape(
        response.text
    )
    assert _history(cli) == []


def test_the_page_has_the_words_to_offer_ending_after_two_that_hurt(web: Web) -> None:
    words = page_data(web.get("/session?move=knee-rolls").text)["words"]
    assert isinstance(words, dict)
    assert words["enough"] == {
        "text": cues.ENOUGH,
        "after": cues.ENOUGH_HURT,
        "numbers": list(cues.NUMBERS),
    }
