"""Welcome and onboarding: safety first, a red flag ends at the referral, and the profile written
is the one `backbeat init` writes for the same answers."""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from backbeat.safety import wording
from tests.conftest import Result
from tests.web.conftest import Web
from tests.web.forms import form_fields

Cli = Callable[..., Result]
ALL_NO = {f"screen-{key}": "no" for key in wording.QUESTIONS}


def test_a_first_visit_is_welcomed_and_asked_the_safety_questions_first(web: Web) -> None:
    first = web.get("/")
    assert first.status_code == 303 and first.headers["location"] == "/welcome"
    assert 'href="/start"' in web.get("/welcome").text
    questions = web.read("/start")
    for question in wording.QUESTIONS.values():
        assert question in questions


def test_every_safety_question_needs_an_answer(web: Web) -> None:
    answers = dict(ALL_NO)
    del answers["screen-trauma"]
    response = web.post("/start", answers)
    assert response.status_code == 400 and "1 still open" in response.text
    assert not (web.home / "profile.toml").exists()


def test_the_day_answers_write_the_profile_init_writes(web: Web, cli: Cli, tmp_path: Path) -> None:
    assert "Your back and your day" in web.post("/start", ALL_NO).text
    done = web.post(
        "/start/day",
        {
            **ALL_NO,
            "age": "41",
            "onset": "weeks",
            "pain": "5",
            "wake": "06:30",
            "sleep": "22:30",
            "work_place": "desk",
            "work_start": "08:30",
            "work_end": "17:00",
            "work_days": ["mon", "tue", "wed"],
            "moment-0-name": "TV",
            "moment-0-at": "21:00",
            "moment-0-place": "sofa",
            "moment-1-name": "",
            "minutes_per_day": "25",
            "walk": "yes",
        },
    )
    assert done.status_code == 303 and done.headers["location"] == "/?welcome=1"
    by_init = tmp_path / "init.toml"
    stdin = (
        "n\n" * 15
        + "41\nweeks\n"
        + "5\n06:30\n22:30\ndesk\n08:30\n17:00\nmon tue wed\nTV\n21:00\nsofa\n\n25\ny\n"
    )
    assert cli("init", "--profile", str(by_init), stdin=stdin).status == 0
    assert (web.home / "profile.toml").read_text() == by_init.read_text()
    assert "Your plan is ready" in web.get("/?welcome=1").text
    kept = [r for r in json.loads(cli("history", "--json").out) if "profile" in r]
    assert len(kept) == 1  # the web kept this version; init's equal one added nothing
    assert kept[0]["profile"]["day"]["wake"] == "06:30"  # as profile.toml writes it
    assert 'age = 41\nonset = "weeks"' in by_init.read_text()


def test_not_working_leaves_out_the_work_block_as_init_does(
    web: Web, cli: Cli, tmp_path: Path
) -> None:
    web.post(
        "/start/day",
        {
            **ALL_NO,
            "pain": "2",
            "wake": "08:00",
            "sleep": "00:30",
            "work_place": "none",
            "work_start": "09:00",
            "work_end": "17:30",
            "minutes_per_day": "10",
        },
    )
    by_init = tmp_path / "init.toml"
    stdin = "n\n" * 15 + "\n\n" + "2\n08:00\n00:30\nnone\n\n10\nn\n"
    assert cli("init", "--profile", str(by_init), stdin=stdin).status == 0
    assert (web.home / "profile.toml").read_text() == by_init.read_text()


def test_a_red_flag_ends_at_the_referral_not_a_plan(web: Web, cli: Cli, tmp_path: Path) -> None:
    response = web.post("/start", {**ALL_NO, "screen-bladder_bowel": "yes"})
    assert response.status_code == 303 and response.headers["location"] == "/referral"
    referral = web.get("/referral").text
    assert "Please get help now" in referral and "emergency" in referral
    assert wording.RED_FLAGS["bladder_bowel"] in referral
    by_init = tmp_path / "init.toml"
    assert cli("init", "--profile", str(by_init), stdin="y\n" + "n\n" * 14).status == 3
    assert (web.home / "profile.toml").read_text() == by_init.read_text()
    for page in ("/", "/plan", "/handout", "/session?place=desk", "/session?move=knee-rolls"):
        shown = web.get(page)
        assert shown.status_code == 200 and "Please get help now" in shown.text, page
        assert 'id="start"' not in shown.text


def test_a_red_flag_that_is_not_urgent_asks_to_see_a_doctor_soon(web: Web) -> None:
    web.post("/start", {**ALL_NO, "screen-weight_loss": "yes"})
    referral = web.get("/referral").text
    assert "Please see a doctor first" in referral and "emergency" not in referral


def test_wrong_day_answers_are_named_with_what_is_allowed(web: Web) -> None:
    response = web.post(
        "/start/day",
        {
            **ALL_NO,
            "pain": "eleven",
            "wake": "25:00",
            "sleep": "23:00",
            "work_place": "desk",
            "work_start": "09:00",
            "work_end": "17:30",
            "minutes_per_day": "500",
        },
    )
    assert response.status_code == 400
    text = html.unescape(response.text)
    assert "pain: 'eleven' is not a whole number from 0 to 10" in text
    assert "minutes a day: '500' is not a whole number from 2 to 180" in text
    assert "work days: choose at least one day" in text
    assert not (web.home / "profile.toml").exists()


def test_skipping_the_safety_step_starts_over_there(web: Web) -> None:
    response = web.post("/start/day", {"pain": "3", "wake": "07:00", "sleep": "23:00"})
    assert response.status_code == 303 and response.headers["location"] == "/start"
    assert not (web.home / "profile.toml").exists()


def test_an_existing_profile_is_not_replaced_unless_asked(web: Web) -> None:
    web.post("/start", {**ALL_NO, "screen-weight_loss": "yes"})
    kept = (web.home / "profile.toml").read_text()
    assert web.get("/welcome").status_code == 303
    refused = web.post("/start", ALL_NO)
    assert refused.status_code == 409 and "Settings" in refused.text
    assert (web.home / "profile.toml").read_text() == kept
    assert 'name="replace" value="yes"' in web.get("/start?again=1").text
    replaced = web.post(
        "/start/day",
        {
            **ALL_NO,
            "replace": "yes",
            "pain": "3",
            "wake": "07:00",
            "sleep": "23:00",
            "work_place": "none",
            "minutes_per_day": "15",
        },
    )
    assert replaced.status_code == 303
    assert "trauma = false" in (web.home / "profile.toml").read_text()


def test_no_safety_answer_is_ticked_before_the_person_gives_it(web: Web) -> None:
    page = web.get("/start").text
    assert not any(name.startswith("screen-") for name in form_fields(page, "/start"))
    assert page.count(" checked") == 0


def test_each_safety_question_left_open_is_named_and_the_rest_kept(web: Web) -> None:
    answers = {**ALL_NO, "screen-weight_loss": "yes"}
    del answers["screen-trauma"], answers["screen-minor_injury"]
    response = web.post("/start", {**answers, "screen-fever": "perhaps"})
    assert response.status_code == 400
    page = html.unescape(response.text)
    assert "3 still open" in page and "Nothing was saved" in page
    alert = page[page.index('role="alert"') : page.index("</div>", page.index('role="alert"'))]
    for key in ("trauma", "minor_injury", "fever"):
        assert wording.QUESTIONS[key] in alert
    assert wording.QUESTIONS["night_pain"] not in alert
    sent = form_fields(response.text, "/start")
    assert sent["screen-weight_loss"] == "yes" and sent["screen-night_pain"] == "no"
    assert "screen-trauma" not in sent and "screen-fever" not in sent
    assert not (web.home / "profile.toml").exists()


def test_the_day_step_carries_the_answers_given_not_a_default_no(
    web: Web, cli: Cli, tmp_path: Path
) -> None:
    """Osteoporosis alone changes the plan rather than withholding it: the day is asked, the
    answer goes on to the profile, and the file is the one init writes for the same answers."""
    answers = {**ALL_NO, "screen-osteoporosis_steroids": "yes"}
    day = web.post("/start", answers)
    assert day.status_code == 200 and "Your back and your day" in day.text
    assert wording.FRAGILE_BONES in html.unescape(day.text)
    carried = form_fields(day.text, "/start/day")
    assert {k: v for k, v in carried.items() if k.startswith("screen-")} == answers
    carried.pop("csrf")
    carried.update({"age": "67", "onset": "months", "work_place": "none", "walk": ""})
    done = web.post("/start/day", carried)
    assert done.status_code == 303 and done.headers["location"] == "/?welcome=1"
    written = (web.home / "profile.toml").read_text()
    assert "osteoporosis_steroids = true" in written and "age = 67" in written
    by_init = tmp_path / "init.toml"
    stdin = "n\n" * 13 + "y\nn\n" + "67\nmonths\n" + "\n\n\nnone\n\n\nn\n"
    assert cli("init", "--profile", str(by_init), stdin=stdin).status == 0
    assert written == by_init.read_text()
    assert "Please see" not in web.read("/")  # a plan, not a referral


def test_the_day_step_cannot_be_sent_with_a_red_flag_in_place_of_the_referral(web: Web) -> None:
    response = web.post("/start/day", {**ALL_NO, "screen-fever": "yes", "pain": "3"})
    assert response.status_code == 303 and response.headers["location"] == "/start"
    assert not (web.home / "profile.toml").exists()


@pytest.mark.parametrize(
    ("sent", "problem"),
    [
        ({"age": "11"}, "age: '11' is not a whole number from 12 to 120"),
        ({"age": "forty"}, "age: 'forty' is not a whole number from 12 to 120"),
        ({"onset": "years"}, "how long: 'years' (allowed: days, weeks, months, or not given)"),
    ],
)
def test_a_wrong_age_or_onset_is_named_and_nothing_saved(
    web: Web, sent: dict[str, str], problem: str
) -> None:
    day = {**ALL_NO, "pain": "3", "wake": "07:00", "sleep": "23:00", "work_place": "none"}
    response = web.post("/start/day", {**day, "minutes_per_day": "15", **sent})
    assert response.status_code == 400 and problem in html.unescape(response.text)
    assert not (web.home / "profile.toml").exists()
    again = form_fields(response.text, "/start/day")
    assert all(again[f"screen-{key}"] == "no" for key in wording.QUESTIONS)


@pytest.mark.parametrize(
    ("yes", "level"),
    [
        (["sexual_dysfunction"], "emergency"),
        (["infection_risk"], "urgent"),
        (["osteoporosis_steroids", "minor_injury"], "urgent"),
        (["thoracic_pain"], "soon"),
        (["inflammatory", "cancer_history", "both_legs"], "emergency"),
    ],
)
def test_onboarding_ends_at_the_referral_with_its_levels_heading(
    web: Web, cli: Cli, yes: list[str], level: str
) -> None:
    response = web.post("/start", {**ALL_NO, **{f"screen-{key}": "yes" for key in yes}})
    assert response.status_code == 303 and response.headers["location"] == "/referral"
    page = web.read("/referral")
    assert f'<h1 id="referral-title">{wording.HEADINGS[level]}</h1>' in page
    for other in set(wording.HEADINGS.values()) - {wording.HEADINGS[level]}:
        assert other not in page
    plan = json.loads(cli("plan", "--json").out)
    assert plan["referral"]["level"] == level and plan["referral"]["message"] in page
