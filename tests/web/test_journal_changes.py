"""The journal on the web: each form's write stored once, a session saved as it is played, and
records deleted, corrected and put back from the Journal page, as the commands do."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable

import pytest

from tests.conftest import Result
from tests.history import kept_records
from tests.web.conftest import Web

Cli = Callable[..., Result]
KEY = "5f0c2b3e9a4d4e6f8a1b2c3d4e5f6a7b"
LOG = {"move": "knee-rolls", "pain_during": "2", "at": "2026-11-23T08:15"}


@pytest.fixture
def journal_environ(on_every_database: dict[str, str]) -> dict[str, str]:
    return on_every_database


def test_a_form_sent_twice_with_its_one_time_key_is_stored_once(web: Web, cli: Cli) -> None:
    first = web.post("/journal/log", {**LOG, "once": KEY})
    second = web.post("/journal/log", {**LOG, "at": "2026-11-23T08:16", "once": KEY})
    assert first.status_code == second.status_code == 303
    assert first.headers["location"] == second.headers["location"]
    assert len(kept_records(cli("history", "--json").out)) == 1
    other = web.post("/journal/log", {**LOG, "at": "2026-11-23T08:16", "once": KEY[::-1]})
    assert other.status_code == 303 and len(kept_records(cli("history", "--json").out)) == 2


def test_a_check_in_sent_twice_gives_the_same_answer_and_one_session(web: Web, cli: Cli) -> None:
    form = {
        "started": "knee-rolls",
        "completed": "knee-rolls",
        "answered": "yes",
        "pain": "2",
        "pain_after": "1",
        "sharp": "no",
        "difficulty": "ok",
        "key": "a" * 32,
        "once": KEY,
    }
    first, second = web.post("/session/checkin", form), web.post("/session/checkin", form)
    assert first.status_code == second.status_code == 200
    assert first.text == second.text and "Saved 1 check-in record" in first.text
    listed = kept_records(cli("history", "--json").out)
    assert sorted(k for r in listed for k in r if k in ("move", "session")) == ["move", "session"]


def test_a_bad_one_time_key_is_named(web: Web, cli: Cli) -> None:
    response = web.post("/journal/log", {**LOG, "once": "no\nway"})
    assert response.status_code == 400 and "once:" in html.unescape(response.text)
    assert kept_records(cli("history", "--json").out) == []


def test_a_session_saved_as_it_goes_is_one_session_completed_by_its_check_in(
    web: Web, cli: Cli
) -> None:
    played = {"planned": "knee-rolls knees-to-chest", "key": "b" * 32, "seconds": "40"}
    assert web.post("/session/progress", {**played, "started": "knee-rolls"}).status_code == 204
    hurt = {**played, "started": "knee-rolls", "hurt": "knee-rolls"}
    assert web.post("/session/progress", hurt).status_code == 204
    listed = kept_records(cli("history", "--json").out)
    (session,) = [r for r in listed if "session" in r]
    assert session["unfinished"] is True and session["stopped"] == ["knee-rolls"]
    assert [r["hurt"] for r in listed if "move" in r] == [True]
    assert "left unfinished" in cli("history").out
    done = {**hurt, "answered": "yes", "pain": "3", "pain_after": "2", "sharp": "no"}
    assert web.post("/session/checkin", {**done, "difficulty": "easy"}).status_code == 200
    listed = kept_records(cli("history", "--json").out)
    (session,) = [r for r in listed if "session" in r]
    assert "unfinished" not in session
    (move,) = [r for r in listed if "move" in r]
    assert move["pain_during"] == 3 and move["hurt"] is True


def test_progress_sent_after_the_check_in_does_not_undo_it(web: Web, cli: Cli) -> None:
    played = {"started": "knee-rolls", "completed": "knee-rolls", "key": "c" * 32}
    answers = {"answered": "yes", "pain": "1", "sharp": "no", "difficulty": "easy"}
    web.post("/session/checkin", {**played, **answers})
    web.post("/session/progress", played)  # a late save from the closing tab
    listed = kept_records(cli("history", "--json").out)
    (session,) = [r for r in listed if "session" in r]
    assert "unfinished" not in session
    assert [r.get("pain_during") for r in listed if "move" in r] == [1]


def _ids(cli: Cli) -> list[str]:
    return [r["id"] for r in json.loads(cli("history", "--json").out)]


def test_the_journal_page_deletes_corrects_and_undoes(web: Web, cli: Cli) -> None:
    web.post("/journal/log", LOG)
    web.post("/journal/checkin", {"morning_pain": "4", "at": "2026-11-23T07:00"})
    move_id, morning_id = _ids(cli)
    page = web.read("/journal")
    assert f'value="{move_id}"' in page and f"/journal/correct?id={morning_id}" in page
    gone = web.post("/journal/forget", {"id": move_id})
    assert gone.status_code == 303
    assert "Deleted from your journal." in web.read(gone.headers["location"])
    assert _ids(cli) == [morning_id]
    assert "knee-rolls" not in web.read("/progress").lower().replace("knee rolls", "knee-rolls")
    back = web.post("/journal/undo")
    assert "Put back in your journal." in web.read(back.headers["location"])
    assert sorted(_ids(cli)) == sorted([move_id, morning_id])
    form = web.read(f"/journal/correct?id={morning_id}")
    assert "Correct a record" in form and re.search(r"<option selected>4</option>", form)
    fixed = web.post("/journal/correct", {"id": morning_id, "morning_pain": "2", "stiffness": "5"})
    assert fixed.status_code == 303
    (morning,) = [r for r in kept_records(cli("history", "--json").out) if "morning_pain" in r]
    assert morning["morning_pain"] == 2 and morning["stiffness"] == 5
    assert morning["at"].startswith("2026-11-23T07:00")


@pytest.mark.parametrize(
    ("path", "form"),
    [
        ("/journal/forget", {"id": "000000000000"}),
        ("/journal/forget", {"id": "<b>"}),
        ("/journal/correct", {"id": "000000000000", "morning_pain": "2"}),
    ],
)
def test_an_id_that_names_nothing_is_a_404_saying_so(
    web: Web, cli: Cli, path: str, form: dict[str, str]
) -> None:
    web.post("/journal/log", LOG)
    before = cli("export", "-").out
    response = web.post(path, form)
    assert response.status_code == 404 and "history" in html.unescape(response.text)
    assert cli("export", "-").out == before


def test_a_correction_out_of_range_is_shown_on_its_form(web: Web, cli: Cli) -> None:
    web.post("/journal/log", LOG)
    (move_id,) = _ids(cli)
    before = cli("export", "-").out
    response = web.post("/journal/correct", {"id": move_id, "pain_during": "12"})
    assert response.status_code == 400 and "pain during" in html.unescape(response.text)
    assert cli("export", "-").out == before


def test_the_journal_page_stays_small_with_years_of_history(web: Web, cli: Cli) -> None:
    lines = [
        json.dumps({"at": f"20{y:02d}-{m:02d}-{d:02d}T08:00", "morning_pain": (d % 10)})
        for y in (24, 25)
        for m in range(1, 13)
        for d in range(1, 29)
    ]
    body = '{"format": "backbeat-journal", "version": 2, "records": [' + ",".join(lines) + "]}"
    (web.home / "years.json").write_text(body)
    assert cli("import", str(web.home / "years.json")).status == 0
    first = web.get("/journal")
    assert first.status_code == 200 and len(first.content) < 50_000
    older = re.search(r'href="(/journal\?before=[^"#]+)', first.text)
    assert older is not None
    second = web.get(html.unescape(older.group(1)))
    assert second.status_code == 200 and len(second.content) < 50_000
    shown = re.findall(r'name="id" value="([0-9a-f]{12})"', first.text + second.text)
    assert len(shown) == len(set(shown)) > 100  # no record on two pages


def test_answers_kept_by_the_app_follow_changes_made_by_another_program(web: Web, cli: Cli) -> None:
    """On SQLite and on PostgreSQL alike, a kept answer is never served after the journal
    changed under it, whether a record was added, deleted or put back elsewhere."""
    path, headers = "/api/v1/records", {"X-Backbeat": "1"}
    assert web.get(path, headers=headers).json() == []
    cli("log", "knee-rolls", "--pain-during", "2")
    (entry,) = web.get(path, headers=headers).json()
    cli("forget", entry["id"])
    assert web.get(path, headers=headers).json() == []
    cli("undo")
    assert [r["id"] for r in web.get(path, headers=headers).json()] == [entry["id"]]


def test_an_old_settings_form_sent_again_does_not_undo_a_newer_change(web: Web) -> None:
    from tests.cli.test_plan import write_profile
    from tests.web.test_pages import _answer_all, _settings_form

    write_profile(web.home)
    page = web.read("/settings")
    assert 'name="once"' in page
    form = _answer_all(_settings_form(page))
    first = {**form, "minutes_per_day": "12", "once": KEY}
    assert web.post("/settings", first).status_code == 303
    newer = {**form, "minutes_per_day": "15", "once": KEY[::-1]}
    assert web.post("/settings", newer).status_code == 303
    again = web.post("/settings", first)  # the first form, sent again (a retry, the back button)
    assert again.status_code == 303 and again.headers["location"] == "/settings?saved=1"
    assert "minutes_per_day = 15" in (web.home / "profile.toml").read_text()
