"""The progress page as a person reads it: the charts carry the report's own numbers, the
weekly review saves what ``backbeat review`` saves (and refuses what it refuses), on SQLite and
on PostgreSQL."""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from backbeat.progress.review import RESCREEN_QUESTION
from backbeat.records import MorningRecord, MoveRecord, Record
from backbeat.safety import wording
from tests.cli.test_plan import DESK, write_profile
from tests.cli.test_progress import add
from tests.conftest import Result, run_cli
from tests.history import kept_records
from tests.web.conftest import MONDAY_10_40, Web
from tests.web.forms import form_fields

Cli = Callable[..., Result]
REVIEW = {
    "weekly_pain": "5",
    "interference": "4",
    "activity": "gardening",
    "activity_ability": "6",
    "rescreen": "no",
}


@pytest.fixture
def journal_environ(on_every_database: dict[str, str]) -> dict[str, str]:
    return on_every_database


def days_ago(n: int, hour: int) -> datetime:
    return (MONDAY_10_40 - timedelta(days=n)).replace(hour=hour, minute=0)


def a_fortnight(home: Path, environ: dict[str, str]) -> None:
    """Two weeks of mornings (pain easing from 6 to 3) and knee rolls on all but two days."""
    records: list[Record] = []
    for back in range(13, -1, -1):
        records.append(MorningRecord(at=days_ago(back, 7), morning_pain=6 if back > 6 else 3))
        if back not in (4, 5):
            records.append(MoveRecord(at=days_ago(back, 9), move="knee-rolls", pain_during=2))
    records.append(MoveRecord(at=days_ago(1, 18), move="pelvic-tilt", pain_during=6, sharp=True))
    add(home, environ, records)


def svg(page: str, kind: str) -> list[ET.Element]:
    """Every chart of one kind on the page, parsed (so each is well-formed SVG)."""
    found = re.findall(
        rf'<svg xmlns="http://www.w3.org/2000/svg" class="chart {kind}[ "].*?</svg>', page, re.S
    )
    return [ET.fromstring(s) for s in found]


def test_an_empty_journal_says_what_will_show_and_how_to_begin(web: Web) -> None:
    page = web.read("/progress")
    assert "Nothing to show yet" in page
    assert "a calendar of the days you moved" in page and 'href="/journal"' in page
    assert 'class="chart ' not in page
    assert 'id="review"' in page  # the review can be the first thing written


def test_the_charts_carry_the_reports_numbers(
    web: Web, cli: Cli, home: Path, journal_environ: dict[str, str]
) -> None:
    a_fortnight(home, journal_environ)
    page = web.read("/progress?weeks=2")
    report = json.loads(cli("progress", "--weeks", "2", "--json", at=MONDAY_10_40).out)
    ns = "{http://www.w3.org/2000/svg}"

    (pain,) = svg(page, "pain-chart")
    assert pain.get("role") == "img" and "14 days shown (14 with a score)" in pain.get(
        "aria-label", ""
    )
    points = pain.findall(f"{ns}circle")
    assert [float(p.findtext(f"{ns}title", "").rsplit(": ", 1)[1]) for p in points] == [
        d["morning"] for d in report["days"]
    ]
    assert len(pain.findall(f"{ns}polyline")) == 1
    # the 7-day average in the table is the report's, day by day (newest first)
    table = re.search(r'<table class="numbers">.*?</table>', page, re.S)
    assert table is not None
    averages = re.findall(r"<tr><th[^>]*>[^<]*</th><td>[^<]*</td><td>([^<]*)</td>", table.group(0))
    assert averages == [f"{d['morning_7day']:.1f}" for d in reversed(report["days"])]
    assert report["morning"]["words"].split(":")[0] in page  # the morning trend in words

    (heat,) = svg(page, "heat-map")
    cells = heat.findall(f"{ns}rect")
    assert len(cells) == 3 * 7  # Mon 9 Nov to Sun 29 Nov, Monday to Sunday
    shaded = {c.findtext(f"{ns}title", "").split(":")[0]: c.get("class") for c in cells}
    assert shaded["Thu 19 Nov"] == "day none" and shaded["Wed 18 Nov"] == "day none"
    assert shaded["Sun 22 Nov"] == "day all" and shaded["Tue 24 Nov"] == "day outside"
    a = report["adherence"]
    assert f"<strong>{a['current_streak']}</strong> days in a row now" in page
    assert f"<strong>{a['longest_streak']}</strong> longest" in page
    assert (a["current_streak"], a["longest_streak"]) == (4, 8)  # 10-17 Nov, then 20-23 Nov

    bars = svg(page, "tolerance-bar")
    assert [b.get("class") for b in bars] == [
        "chart tolerance-bar tolerated",
        "chart tolerance-bar painful",
    ]
    assert "12 times, pain during 2.0 on average, worst 2: suits you" in bars[0].get(
        "aria-label", ""
    )
    assert "Once, pain during 6.0 on average, worst 6" in page
    assert "ease off" in page and "sharp 1 time" in page


@pytest.mark.parametrize("weeks", ["0", "521", "four"])
def test_weeks_outside_1_to_520_is_named_and_the_default_shown(web: Web, weeks: str) -> None:
    response = web.get(f"/progress?weeks={weeks}")
    assert response.status_code == 400
    assert f"weeks: '{weeks}' is not a number of weeks (allowed: 1 to 520)" in html.unescape(
        response.text
    )


def test_a_weekly_review_is_saved_as_the_command_saves_it_and_compared(web: Web, cli: Cli) -> None:
    assert cli(
        "review", "--pain", "6", "--interference", "5", "--activity", "gardening",
        "--ability", "4", "--at", days_ago(7, 19).isoformat(), at=MONDAY_10_40,
    ).status == 0  # fmt: skip
    form = form_fields(web.read("/progress"), "/progress/review")
    assert form["activity"] == "gardening"  # last week's activity, ready to keep
    saved = web.post("/progress/review", REVIEW)
    assert saved.status_code == 303 and saved.headers["location"] == "/progress?saved=review#review"
    reviews = [r for r in kept_records(cli("history", "--json").out) if "weekly_pain" in r]
    assert reviews[0] == {
        "at": MONDAY_10_40.isoformat(),
        "weekly_pain": 5,
        "interference": 4,
        "activity": "gardening",
        "activity_ability": 6,
    }
    page = web.read("/progress?saved=review")
    assert "Saved your weekly review." in page
    assert "usual pain 6 -> 5, in the way of daily life 5 -> 4, gardening 4 -> 6." in page
    assert "That is a step in a good direction." in page
    assert page.count("<td>gardening: ") == 2  # both reviews, in the window


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"weekly_pain": "11"}, "usual pain: '11' is not a pain score (allowed: a whole number"),
        ({"interference": ""}, "in the way of daily life: please answer 0 to 10"),
        ({"activity": "  "}, "activity: please name one activity"),
        ({"activity": "x" * 81}, "activity: that is 81 characters (allowed: up to 80)"),
    ],
)
def test_a_bad_review_saves_nothing_and_says_why(
    web: Web, cli: Cli, change: dict[str, str], says: str
) -> None:
    response = web.post("/progress/review", {**REVIEW, **change})
    assert response.status_code == 400
    assert says in html.unescape(response.text) and "Nothing was saved" in response.text
    assert kept_records(cli("history", "--json").out) == []


def test_a_review_without_the_csrf_field_is_refused(web: Web, cli: Cli) -> None:
    response = web.client.post("/progress/review", data=REVIEW)
    assert response.status_code == 403
    assert kept_records(cli("history", "--json").out) == []


def test_the_page_follows_the_journal_when_another_program_writes(web: Web, cli: Cli) -> None:
    assert "Nothing to show yet" in web.read("/progress")
    assert cli("checkin", "--pain", "3", at=MONDAY_10_40).status == 0
    assert "Nothing to show yet" not in web.read("/progress")


def test_the_picture_is_drawn_by_the_chart_library_once_there_is_something_to_draw(
    web: Web, journal_environ: dict[str, str]
) -> None:
    assert web.get("/progress/chart.png").status_code == 404
    a_fortnight(web.home, journal_environ)
    page = web.get("/progress?weeks=2").text
    assert 'src="/progress/chart.png?weeks=2"' in page
    image = web.get("/progress/chart.png?weeks=2")
    assert image.status_code == 200 and image.headers["content-type"] == "image/png"
    assert image.content.startswith(b"\x89PNG\r\n\x1a\n") and len(image.content) > 20_000


def test_the_review_asks_whether_anything_on_the_safety_list_is_new(web: Web) -> None:
    page = web.read("/progress")
    assert RESCREEN_QUESTION.removesuffix(" (y/n): ") in page
    for question in wording.QUESTIONS.values():
        assert question in page
    form = form_fields(web.get("/progress").text, "/progress/review")
    assert "rescreen" not in form and "flag" not in form  # nothing answered for the person


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"rescreen": ""}, "safety list: please answer yes or no: Since your last review"),
        ({"rescreen": "yes"}, "safety list: you said something is new; please tick which"),
        ({"flag": "fever"}, "safety list: you said nothing is new but ticked some"),
        ({"rescreen": "yes", "flag": "gout"}, "safety list: gout is not a safety question"),
    ],
)
def test_an_unclear_safety_answer_in_the_review_saves_nothing(
    web: Web, cli: Cli, change: dict[str, str], says: str
) -> None:
    write_profile(web.home)
    response = web.post("/progress/review", {**REVIEW, **change})
    assert response.status_code == 400 and says in html.unescape(response.text)
    assert kept_records(cli("history", "--json").out) == []
    assert (web.home / "profile.toml").read_text() == DESK
    again = form_fields(response.text, "/progress/review")
    assert again.get("rescreen") == (change.get("rescreen", "no") or None)


def test_a_new_red_flag_in_the_review_refers_as_review_red_flag_does(
    web: Web, cli: Cli, tmp_path: Path
) -> None:
    write_profile(web.home)
    by_cli = tmp_path / "by-cli"
    by_cli.mkdir()
    write_profile(by_cli)
    done = run_cli(
        {"BACKBEAT_HOME": str(by_cli)},
        "review", "--pain", "5", "--interference", "4", "--activity", "gardening",
        "--ability", "6", "--red-flag", "leg_weakness", "--red-flag", "fever",
        at=MONDAY_10_40,
    )  # fmt: skip
    assert done.status == 3, done.err
    flags = {**REVIEW, "rescreen": "yes", "flag": ["fever", "leg_weakness"]}
    response = web.post("/progress/review", flags)
    assert response.status_code == 200
    page = html.unescape(response.text)
    assert wording.HEADINGS["emergency"] in page and "Saved your weekly review." in page
    for line in done.out.splitlines():
        if line.startswith(("You told us", wording.HEADINGS["emergency"], "Saved your weekly")):
            assert line in page
    assert (web.home / "profile.toml").read_text() == (by_cli / "profile.toml").read_text()
    reviews = [r for r in kept_records(cli("history", "--json").out) if "weekly_pain" in r]
    assert len(reviews) == 1  # the review itself was saved first
    plan = json.loads(cli("plan", "--json").out)
    assert plan["referral"]["level"] == "emergency"
    assert wording.HEADINGS["emergency"] in web.read("/")  # and every face now refers


def test_osteoporosis_new_in_the_review_adapts_the_plan_and_says_so(web: Web, cli: Cli) -> None:
    write_profile(web.home)
    response = web.post(
        "/progress/review", {**REVIEW, "rescreen": "yes", "flag": "osteoporosis_steroids"}
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/progress?saved=review&rescreen=bones#review"
    assert wording.FRAGILE_BONES in web.read(response.headers["location"])
    assert "osteoporosis_steroids = true" in (web.home / "profile.toml").read_text()
    plan = json.loads(cli("plan", "--json").out)
    assert plan["referral"] is None and plan["days"][0]["slots"]


def test_a_red_flag_in_the_review_refers_even_when_the_profile_cannot_take_it(
    web: Web, cli: Cli
) -> None:
    broken = DESK.replace("break_every = 30", "break_every = 3")
    write_profile(web.home, broken)
    response = web.post("/progress/review", {**REVIEW, "rescreen": "yes", "flag": "weight_loss"})
    assert response.status_code == 200
    page = html.unescape(response.text)
    assert wording.HEADINGS["soon"] in page and wording.RED_FLAGS["weight_loss"] in page
    assert "could not take the new safety answers" in page
    assert (web.home / "profile.toml").read_text() == broken
    assert len([r for r in kept_records(cli("history", "--json").out) if "weekly_pain" in r]) == 1
