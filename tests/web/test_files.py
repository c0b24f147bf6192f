"""Settings' files through the web app: the journal exported and imported with the same format
and rules as the commands, and the plan downloaded as a calendar a second parser can read."""

from __future__ import annotations

import html
import json
from collections.abc import Callable

import pytest
import vobject

from backbeat.web.guard import CSRF_FIELD
from tests.cli.test_plan import write_profile
from tests.conftest import Result
from tests.web.conftest import Web

Cli = Callable[..., Result]


@pytest.fixture
def journal_environ(on_every_database: dict[str, str]) -> dict[str, str]:
    return on_every_database


def test_the_exported_journal_is_what_the_command_exports(web: Web, cli: Cli) -> None:
    cli("checkin", "--pain", "3", "--at", "2026-11-22T07:00+01:00")
    cli("log", "knee-rolls", "--pain-during", "2", "--at", "2026-11-22T07:30+01:00")
    response = web.get("/settings/journal.json")
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    assert response.text == cli("export", "-").out
    write_profile(web.home)  # Settings is for a person who has answered the welcome questions
    assert 'href="/settings/journal.json"' in web.get("/settings").text


def test_an_import_adds_all_once_and_a_bad_file_changes_nothing(web: Web, cli: Cli) -> None:
    records = [
        {"at": "2026-11-20T07:00:00+01:00", "morning_pain": 4},
        {"at": "2026-11-20T07:30:00+01:00", "move": "pelvic-tilt", "pain_during": 1},
    ]
    good = json.dumps({"format": "backbeat-journal", "version": 1, "records": records})

    def send(content: str, name: str = "mine.json") -> tuple[int, str]:
        response = web.client.post(
            "/settings/import",
            data={CSRF_FIELD: web.csrf},
            files={"file": (name, content.encode(), "application/json")},
        )
        return response.status_code, html.unescape(response.text)

    status, page = send(good)
    assert status == 200 and "Imported 2 new records; 0 were already" in page
    status, page = send(good)
    assert status == 200 and "Imported 0 new records; 2 were already" in page
    bad = json.dumps({"format": "backbeat-journal", "version": 1, "records": [{"at": "x"}]})
    status, page = send(bad, "bad.json")
    assert status == 400 and "bad.json: records[0]" in page and "Nothing was imported" in page
    assert len(json.loads(cli("history", "--json").out)) == 2


def test_an_import_without_the_csrf_token_is_refused(web: Web, cli: Cli) -> None:
    response = web.client.post(
        "/settings/import", files={"file": ("m.json", b"{}", "application/json")}
    )
    assert response.status_code == 403
    assert json.loads(cli("history", "--json").out) == []


def test_the_calendar_download_parses_with_a_second_parser(web: Web) -> None:
    assert web.get("/settings/plan.ics").status_code == 404  # no profile, no plan yet
    write_profile(web.home)
    response = web.get("/settings/plan.ics")
    assert response.status_code == 200 and response.headers["content-type"].startswith(
        "text/calendar"
    )
    calendar = vobject.readOne(response.text)
    events = calendar.contents["vevent"]
    assert len({e.uid.value for e in events}) == len(events) > 7
    assert all(e.contents.get("valarm") for e in events)
