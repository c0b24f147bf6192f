"""Fuzzing the JSON API at /api/v1: records and "this hurts" bodies with odd values, odd
types, left-out and unknown keys, bodies that are not JSON or nest too deeply, and reads with
odd parameters. Every answer is JSON and never a 500, and a refused write stores nothing."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, note
from hypothesis import strategies as st

from tests.fuzz.conftest import Browser, Person, answered
from tests.fuzz.odd import DEEP, fuzz, json_text, json_values, sent_texts, short_texts, shown

WRITE = {"x-backbeat": "1", "content-type": "application/json"}
RECORDS: tuple[dict[str, Any], ...] = (
    {"at": "2026-11-23T08:00", "move": "knee-rolls", "pain_during": 2, "pain_after": 1,
     "sharp": False, "difficulty": "ok"},
    {"at": "2026-11-23T09:00Z", "move": "cat-cow", "hurt": True},
    {"at": "2026-11-23T07:00+01:00", "morning_pain": 3, "stiffness": 2},
    {"weekly_pain": 3, "interference": 2, "activity": "gardening", "activity_ability": 6},
)  # fmt: skip
GENTLER = {
    "move": "cat-cow",
    "then": [{"move": "knee-rolls", "dose": {"reps": 8, "tempo_s": 4, "sides": "none"}}],
    "speed": 1,
}
READS = {
    "/plan": {"start": "2026-11-23", "days": "7"},
    "/today": {},
    "/progress": {"weeks": "4"},
    "/records": {"since": "2026-11-20"},
    "/moves": {"place": "desk", "position": "seated", "region": "hips", "kind": "micro"},
    "/moves/knee-rolls": {},
    "/moves/knee-rolls/motion": {},
    "/session": {"slot": "desk", "move": "knee-rolls", "place": "desk", "speed": "2"},
}
ODD_PARAMETERS = st.one_of(sent_texts, short_texts, st.sampled_from(["0", "367", "521", "-1"]))


@st.composite
def changed(draw: st.DrawFn, base: dict[str, Any]) -> dict[str, Any]:
    """``base`` with one to three keys given odd values, left out, or added."""
    body = json.loads(json.dumps(base))
    for _ in range(draw(st.integers(1, 3))):
        key = draw(st.sampled_from([*sorted(body), "at", "ended", "session", "extra", "id"]))
        if draw(st.integers(0, 5)) == 0:
            body.pop(key, None)
        else:
            body[key] = draw(json_values)
    return body


@st.composite
def bodies(draw: st.DrawFn, bases: tuple[dict[str, Any], ...]) -> str:
    """A body as a client might send it: mostly a good one changed, else any JSON, text that
    is not JSON, or nesting deeper than any parser goes."""
    how = draw(st.integers(0, 9))
    if how < 7:
        return json_text(draw(changed(draw(st.sampled_from(bases)))))
    if how == 7:
        return json_text(draw(json_values))
    if how == 8:
        return draw(st.sampled_from(["[" * DEEP, '{"a":' * DEEP, "", "{", "null", "NaN"]))
    return draw(st.text(max_size=40))


def _write(person: Person, browser: Browser, path: str, body: str, headers: dict[str, str]) -> None:
    note(f"POST {path} {shown(body)} {headers}")
    journal, profile = browser.journal(), person.profile()
    response = browser.client.post(path, content=body.encode(), headers=headers)
    answered(response)
    assert response.headers["content-type"].startswith("application/json"), response.text
    if 400 <= response.status_code < 500:
        assert browser.journal() == journal, "refused, yet stored"
        assert person.profile() == profile


@fuzz(250)
@given(body=bodies(RECORDS))
def test_any_record_sent_is_answered_and_a_refusal_stores_nothing(
    person: Person, browser: Browser, body: str
) -> None:
    _write(person, browser, "/api/v1/records", body, WRITE)


@fuzz(80)
@given(body=bodies((GENTLER,)))
def test_any_gentler_request_is_answered(person: Person, browser: Browser, body: str) -> None:
    _write(person, browser, "/api/v1/session/gentler", body, WRITE)


@fuzz(40)
@given(
    body=bodies(RECORDS),
    headers=st.fixed_dictionaries(
        {},
        optional={
            "x-backbeat": st.sampled_from(["0", "", "yes", "1 "]),
            "content-type": st.sampled_from(
                ["text/plain", "", "application/json; charset=latin-1"]
            ),
            "origin": st.sampled_from(["http://evil.example", "null", "http://127.0.0.1:8765"]),
        },
    ),
)
def test_a_write_with_odd_headers_is_answered_and_stores_only_when_allowed(
    person: Person, browser: Browser, body: str, headers: dict[str, str]
) -> None:
    _write(person, browser, "/api/v1/records", body, {**WRITE, **headers})


@st.composite
def reads(draw: st.DrawFn) -> tuple[str, dict[str, str | list[str]]]:
    path = draw(st.sampled_from(sorted(READS)))
    parameters: dict[str, str | list[str]] = dict(READS[path])
    for _ in range(draw(st.integers(0, 3))):
        name = draw(st.sampled_from([*sorted(parameters), "move", "extra"]))
        parameters[name] = draw(st.one_of(ODD_PARAMETERS, st.lists(ODD_PARAMETERS, max_size=3)))
    if path.startswith("/moves/") and draw(st.booleans()):
        path = path.replace("knee-rolls", draw(st.sampled_from(["", "..", "%00", "x" * 200, "é"])))
    return path, parameters


@fuzz(150)
@given(read=reads())
def test_any_read_is_answered_in_json(
    person: Person, browser: Browser, read: tuple[str, Any]
) -> None:
    path, parameters = read
    note(f"GET {path} {shown(parameters)}")
    response = browser.client.get(f"/api/v1{path}", params=parameters)
    answered(response)
    if response.is_redirect:  # /moves/ to /moves: to this server, never elsewhere
        assert response.headers["location"].startswith("http://127.0.0.1:8765/api/v1/")
    else:
        assert response.headers["content-type"].startswith("application/json"), response.text
