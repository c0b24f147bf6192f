"""The web app meets faults of the machine with a page that names them, never a 500 (issue 17,
points 6 and 7): a save keeps the person's comments, a read-only folder or a full disk is 503
with the same sentence as the command line, a folder or a FIFO where the profile should be
neither fails nor hangs, and a client that goes away leaves no traceback in the terminal."""

from __future__ import annotations

import html
import signal
import socket
import sqlite3
import time
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from backbeat.safety import wording
from tests.cli.test_plan import DESK, write_profile
from tests.cli.test_serve import _start
from tests.faults import fifo, read_only
from tests.web.conftest import Web
from tests.web.test_pages import _answer_all, _settings_form

ALL_NO = {f"screen-{key}": "no" for key in wording.QUESTIONS}
COMMENTED = "# from the physio, March\n" + DESK.replace(
    "avoid = []", 'avoid = []  # none yet\nquiet = ["12:30-13:30"]  # lunch\nsnooze = 15'
)
DAY = {
    "pain": "3",
    "wake": "07:00",
    "sleep": "23:00",
    "work_place": "none",
    "minutes_per_day": "15",
}


def test_a_settings_save_keeps_the_comments_and_what_the_form_does_not_show(web: Web) -> None:
    path = write_profile(web.home, COMMENTED)
    form = _answer_all(_settings_form(web.read("/settings")))
    form["minutes_per_day"] = "12"
    assert web.post("/settings", form).status_code == 303
    text = path.read_text()
    assert text.startswith("# from the physio, March\npain = 4\n")
    assert "minutes_per_day = 12\n" in text and "avoid = []  # none yet\n" in text
    assert 'quiet = ["12:30-13:30"]  # lunch\nsnooze = 15\n' in text


def test_a_settings_save_in_a_read_only_home_says_so_and_changes_nothing(web: Web) -> None:
    path = write_profile(web.home)
    form = _answer_all(_settings_form(web.read("/settings")))
    form["minutes_per_day"] = "12"
    with read_only(web.home):
        response = web.post("/settings", form)
    assert response.status_code == 503
    assert (
        f"your settings were not saved: {path} cannot be written: the folder is on a read-only "
        "disk; your profile is as it was"
    ) in html.unescape(response.text)
    assert 'value="12"' in response.text  # what was sent, to send again
    assert path.read_text() == DESK


def test_the_welcome_in_a_read_only_home_says_so_and_writes_nothing(web: Web) -> None:
    path = web.home / "profile.toml"
    with read_only(web.home):
        day = web.post("/start/day", {**ALL_NO, **DAY})
        flagged = web.post("/start", {**ALL_NO, "screen-bladder_bowel": "yes"})
    assert day.status_code == 503
    sentence = f"{path} cannot be written: the folder is on a read-only disk"
    assert f"your answers were not saved: {sentence}" in html.unescape(day.text)
    assert flagged.status_code == 503  # the referral all the same, and why it was not kept
    page = html.unescape(flagged.text)
    assert "Please get help now" in page and f"Your answers were not saved: {sentence}." in page
    assert not path.exists()


def test_a_journal_on_a_full_disk_is_named_not_a_500(
    web: Web, monkeypatch: pytest.MonkeyPatch
) -> None:
    full = OperationalError("INSERT", {}, sqlite3.OperationalError("database or disk is full"))

    def add(*_: object, **__: object) -> int:
        raise full

    monkeypatch.setattr(type(web.client.app.state.site.journal), "add", add)  # type: ignore[attr-defined]
    response = web.post("/journal/checkin", {"morning_pain": "4"})
    assert response.status_code == 503
    assert (
        f"Your journal ({web.home / 'backbeat.db'}) cannot be written: the disk is full; "
        "nothing was saved."
    ) in html.unescape(response.text)


def _named_on_every_page(web: Web, path: Path) -> None:
    for page in ("/", "/plan", "/handout", "/api/v1/today", "/api/v1/plan"):
        response = web.get(page)
        assert response.status_code == 409, page
        assert "cannot be read (it is a" in html.unescape(response.text), page
    assert web.get("/settings").status_code == 200
    response = web.post("/settings", _answer_all(_settings_form(web.read("/settings"))))
    assert response.status_code == 503
    assert f"{path} cannot be written: it is a" in html.unescape(response.text)


def test_a_profile_that_is_a_folder_is_named_on_every_page(web: Web) -> None:
    path = web.home / "profile.toml"
    path.mkdir()
    _named_on_every_page(web, path)


def test_a_profile_that_is_a_fifo_is_named_on_every_page_without_waiting(web: Web) -> None:
    path = web.home / "profile.toml"
    with fifo(path) as waited:
        _named_on_every_page(web, path)
    assert waited == []


def test_a_client_that_goes_away_mid_body_leaves_no_traceback(home: Path) -> None:
    write_profile(home)
    process, line = _start(home, "--port", "0")
    port = int(line.rsplit(":", 1)[1].split("/")[0])
    try:
        for path in ("/settings", "/journal/checkin", "/start/day", "/api/v1/records"):
            with socket.create_connection(("127.0.0.1", port), timeout=10) as client:
                client.sendall(
                    f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                    f"Origin: http://127.0.0.1:{port}\r\n"
                    "Content-Type: application/x-www-form-urlencoded\r\n"
                    "Content-Length: 1000\r\n\r\npain=3&wa".encode()
                )
                time.sleep(0.2)
        time.sleep(0.3)
    finally:
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=20)
    assert "Traceback" not in err and "ClientDisconnect" not in err


def test_the_api_names_a_full_disk_too(web: Web, monkeypatch: pytest.MonkeyPatch) -> None:
    full = OperationalError("INSERT", {}, sqlite3.OperationalError("database or disk is full"))

    def add(*_: object, **__: object) -> int:
        raise full

    monkeypatch.setattr(type(web.client.app.state.site.journal), "add", add)  # type: ignore[attr-defined]
    response = web.client.post(
        "/api/v1/records", json={"morning_pain": 4}, headers={"X-Backbeat": "1"}
    )
    assert response.status_code == 503
    (problem,) = response.json()["problems"]
    assert problem["field"] == "(disk)" and "the disk is full" in problem["message"]
