"""The other pages: catalogue, plan, journal, settings, handout, safety and progress, each
showing what the matching command shows and writing what it writes."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable

import pytest

from backbeat.catalog.loader import builtin
from backbeat.catalog.vocabulary import PLACES
from backbeat.motion.svg import DRAWN
from backbeat.plan.builder import make_plan
from backbeat.plan.profile import ONSETS
from backbeat.plan.profile_file import read_profile
from backbeat.safety import wording
from tests.cli.test_plan import DESK, write_profile
from tests.conftest import Result
from tests.history import kept_records
from tests.web.conftest import MONDAY_10_40, Web
from tests.web.forms import form_fields

Cli = Callable[..., Result]
CATALOGUE = builtin()


@pytest.fixture
def journal_environ(on_every_database: dict[str, str]) -> dict[str, str]:
    return on_every_database


def card_names(page: str) -> list[str]:
    return [
        html.unescape(n)
        for n in re.findall(r'<li class="move-card card">.*?<h2>(.*?)</h2>', page, re.S)
    ]


@pytest.mark.parametrize("place", PLACES)
def test_the_catalogue_filters_as_moves_does(web: Web, cli: Cli, place: str) -> None:
    listed = json.loads(cli("moves", "--place", place, "--json").out)
    assert card_names(web.get(f"/moves?place={place}").text) == [m["name"] for m in listed]


def test_filters_combine_and_unknown_values_are_named(web: Web) -> None:
    expected = CATALOGUE.select(place="floor", kind="stretch", region="lower-back")
    page = web.get("/moves?place=floor&kind=stretch&region=lower-back").text
    assert card_names(page) == [m.name for m in expected]
    wrong = web.get("/moves?kind=dance")
    assert wrong.status_code == 400 and "kind: &#39;dance&#39; is not one of micro" in wrong.text
    assert len(card_names(web.get("/moves").text)) == len(CATALOGUE)


def test_a_movement_page_says_everything_moves_show_says(web: Web) -> None:
    movement = CATALOGUE.movements["knee-rolls"]
    page = web.read("/moves/knee-rolls")
    for text in (*movement.cues, *movement.cautions, *movement.sources, movement.summary):
        assert text in page
    assert 'href="/moves/knee-sway"' in page and 'href="/moves/knee-rolls-lifted"' in page
    assert 'href="/session?move=knee-rolls"' in page
    assert "<svg" in page and "<style>" not in page  # the page's stylesheet colours it


def test_a_movement_that_does_not_exist_suggests_the_nearest(web: Web) -> None:
    response = web.get("/moves/knee-roll")
    assert response.status_code == 404 and "Did you mean knee-rolls" in response.text


def test_motion_frames_are_the_pose_math_as_data(web: Web) -> None:
    data = web.get("/api/v1/moves/cat-cow/motion").json()
    keys = len(CATALOGUE.movements["cat-cow"].motion.keyframes)
    frames = data["left"]
    assert len(frames["t"]) == len(frames["p"]) == len(frames["o"]) == 1 + 6 * (keys - 1)
    assert all(len(p) == 2 * len(DRAWN) for p in frames["p"])
    assert frames["t"][0] == 0 and frames["t"] == sorted(frames["t"])


def test_the_plan_page_shows_the_week_and_why(web: Web) -> None:
    profile = write_profile(web.home)
    page = web.read("/plan")
    loaded, _ = read_profile(profile, CATALOGUE)
    assert loaded is not None
    plan = make_plan(loaded, CATALOGUE, [], MONDAY_10_40.date(), 7)
    assert page.count('class="plan-day card"') == 7
    for item in plan.days[0].slots[0].items:
        assert item.why in page
    assert "Nothing yet: your plan grows once you have a week of check-ins." in page


def test_a_movement_logged_on_the_journal_page_is_in_the_history(web: Web, cli: Cli) -> None:
    saved = web.post(
        "/journal/log",
        {
            "move": "knee-rolls",
            "pain_during": "2",
            "pain_after": "1",
            "difficulty": "ok",
            "sharp": "yes",
            "at": "2026-11-23T08:15",
        },
    )
    assert saved.status_code == 303 and saved.headers["location"].startswith("/journal?saved=")
    records = kept_records(cli("history", "--json").out)
    assert records == [
        {
            "at": "2026-11-23T08:15:00+01:00",
            "move": "knee-rolls",
            "pain_during": 2,
            "pain_after": 1,
            "sharp": True,
            "difficulty": "ok",
            "hurt": False,
        }
    ]
    page = web.read("/journal?saved=move")
    assert "Saved to your journal" in page
    assert "Knee rolls, pain 2/10 during, 1/10 after, ok, sharp" in page


def test_the_morning_check_in_is_saved_now(web: Web, cli: Cli) -> None:
    assert web.post("/journal/checkin", {"morning_pain": "4", "stiffness": ""}).status_code == 303
    records = kept_records(cli("history", "--json").out)
    assert records == [{"at": MONDAY_10_40.isoformat(), "morning_pain": 4}]
    assert "morning: pain 4/10" in web.read("/journal")


@pytest.mark.parametrize(
    ("form", "says"),
    [
        ({"move": "moonwalk", "pain_during": "2"}, "movement: 'moonwalk' is not a movement"),
        ({"move": "knee-rolls", "pain_during": "12"}, "pain during: '12' is not a pain score"),
        ({"move": "knee-rolls"}, "pain during: please give a number from 0 to 10"),
        ({"move": "knee-rolls", "pain_during": "2", "at": "yesterday"}, "when: 'yesterday'"),
        ({"move": "knee-rolls", "pain_during": "2", "difficulty": "x"}, "(allowed: easy, ok"),
    ],
)
def test_a_bad_log_saves_nothing_and_says_why(
    web: Web, cli: Cli, form: dict[str, str], says: str
) -> None:
    response = web.post("/journal/log", form)
    assert response.status_code == 400 and says in html.unescape(response.text)
    assert kept_records(cli("history", "--json").out) == []


def test_settings_show_and_save_the_profile(web: Web, cli: Cli) -> None:
    write_profile(web.home)
    page = web.read("/settings")
    assert 'value="09:00"' in page and 'value="TV"' in page and 'name="avoid"' in page
    form = _answer_all(_settings_form(page))
    form.update({"minutes_per_day": "12", "avoid": ["knee-rolls", "prone"], "age": ""})
    saved = web.post("/settings", form)
    assert saved.status_code == 303 and saved.headers["location"] == "/settings?saved=1"
    text = (web.home / "profile.toml").read_text()
    assert "minutes_per_day = 12" in text and 'avoid = ["knee-rolls", "prone"]' in text
    assert "age" not in text and 'name = "TV"' in text and 'start = "09:00"' in text
    plan = json.loads(cli("plan", "--json").out)
    assert plan["days"][0]["minutes"] <= 12
    assert all(i["move"] != "knee-rolls" for s in plan["days"][0]["slots"] for i in s["items"])


def test_settings_name_a_wrong_value_and_what_is_allowed(web: Web) -> None:
    write_profile(web.home)
    form = _answer_all(_settings_form(web.read("/settings")))
    form.update({"break_every": "5", "avoid": ["moonwalk"]})
    response = web.post("/settings", form)
    assert response.status_code == 400
    page = html.unescape(response.text)
    assert "prefs.break_every" in page and "5" in page and "(allowed: 10 to 240)" in page
    assert (web.home / "profile.toml").read_text() == DESK
    form.update({"break_every": "30"})
    response = web.post("/settings", form)
    assert "prefs.avoid[0]: 'moonwalk' is not a movement id, position or kind" in html.unescape(
        response.text
    )


def test_a_safety_answer_changed_in_settings_turns_the_plan_into_a_referral(web: Web) -> None:
    write_profile(web.home)
    form = _answer_all(_settings_form(web.read("/settings")))
    form["screen-leg_weakness"] = "yes"
    assert web.post("/settings", form).status_code == 303
    assert "Please get help now" in web.read("/")


def _settings_form(page: str) -> dict[str, object]:
    form = form_fields(page, "/settings")
    form.pop("csrf")
    return form


def _answer_all(form: dict[str, object]) -> dict[str, object]:
    """The form with a "no" for each safety question the profile file left unanswered."""
    return {**{f"screen-{key}": "no" for key in wording.QUESTIONS}, **form}


def test_settings_without_a_profile_send_the_person_to_the_welcome(web: Web) -> None:
    response = web.get("/settings")
    assert response.status_code == 303 and response.headers["location"] == "/welcome"


def test_settings_tick_only_the_safety_answers_the_file_gives(web: Web) -> None:
    write_profile(web.home, DESK + "fever = true\n")
    form = _settings_form(web.read("/settings"))
    screen = {k: v for k, v in form.items() if k.startswith("screen-")}
    assert screen == {"screen-bladder_bowel": "no", "screen-fever": "yes"}
    response = web.post("/settings", {**form, "screen-fever": "no", "pain": "12"})
    assert response.status_code == 400
    page = html.unescape(response.text)
    for key, question in wording.QUESTIONS.items():
        named = f"safety: please answer yes or no: {question}" in page
        assert named == (key not in ("bladder_bowel", "fever")), key
    assert (
        "pain: '12' is out of range (allowed: 0 to 10)" in page
    )  # the other problems are named beside them
    assert (web.home / "profile.toml").read_text() == DESK + "fever = true\n"
    again = form_fields(response.text, "/settings")
    assert {k: v for k, v in again.items() if k.startswith("screen-")} == {
        "screen-bladder_bowel": "no",
        "screen-fever": "no",
    }


def test_settings_ask_age_and_how_long_as_init_does(web: Web, cli: Cli) -> None:
    write_profile(web.home)
    page = web.read("/settings")
    for onset, words in ONSETS.items():
        assert f'<option value="{onset}">{onset.capitalize()} ({words})</option>' in page
    form = _answer_all(_settings_form(page))
    assert form["age"] == "41" and form["onset"] == ""
    form.update({"age": "67", "onset": "days"})
    assert web.post("/settings", form).status_code == 303
    text = (web.home / "profile.toml").read_text()
    assert 'pain = 4\nage = 67\nonset = "days"\n' in text
    assert '<option value="days" selected>' in web.read("/settings")
    plan = json.loads(cli("plan", "--json").out)
    assert any("new at 67" in line for line in plan["advice"])
    response = web.post("/settings", {**form, "onset": "years", "age": "130"})
    assert response.status_code == 400
    page = html.unescape(response.text)
    assert "onset: unknown value 'years' (allowed: days, weeks, months)" in page
    assert "age: '130' is out of range (allowed: 12 to 120)" in page


def test_the_handout_lists_the_day_once_per_run_with_figures(web: Web) -> None:
    write_profile(web.home)
    page = web.read("/handout")
    assert "09:30\u201317:00" in page and "16 times" in page  # the desk breaks, once
    moves = re.findall(r'<article class="handout-move">.*?<h3>(.*?)</h3>', page, re.S)
    assert len(moves) == len(set(moves)) > 0  # each movement once
    assert page.count("<figure>") == 2 * len(moves)  # its start and its move
    assert "print-a4.css" in page
    assert "print-letter.css" in web.read("/handout?paper=letter")
    assert web.get("/handout?paper=a3").status_code == 400


def test_about_safety_lists_every_red_flag(web: Web) -> None:
    page = web.read("/safety")
    for reason in wording.RED_FLAGS.values():
        assert reason in page
    assert wording.NOT_TREATMENT in page and wording.STOP_RULE in page


def test_static_files_are_fingerprinted_and_kept(web: Web) -> None:
    page = web.get("/safety").text
    css = re.search(r'href="(/static/[0-9a-f]{12}/app\.css)"', page)
    assert css is not None
    response = web.get(css.group(1))
    assert response.status_code == 200 and "immutable" in response.headers["cache-control"]
    assert web.get("/favicon.ico").headers["content-type"].startswith("image/svg+xml")


def test_a_broken_profile_is_named_not_hidden(web: Web) -> None:
    write_profile(web.home, DESK.replace("break_every = 30", "break_every = 3"))
    response = web.get("/")
    assert response.status_code == 409  # the request was fine; the file is not
    assert "prefs.break_every" in html.unescape(response.text)


def test_unknown_addresses_get_a_calm_page(web: Web) -> None:
    response = web.get("/nowhere")
    assert response.status_code == 404 and "There is no page at this address." in response.text
