"""A clinic in a real browser (Debian's Chromium, driven by Playwright), on a real PostgreSQL,
as its people would use it: a clinician set up from the link ``backbeat clinic add-clinician``
printed invites a patient; the patient signs up, answers the safety questions and their day,
and does a session; the clinician sees it on their dashboard and the patient's page, and
prescribes a programme from a template after previewing it; the patient's next plan follows
it, and their Settings say who looked at their record. Any console error fails the test, and
axe-core checks the clinic's pages."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from sqlalchemy import Engine

from backbeat.catalog.loader import builtin
from backbeat.clinic.app import create_app
from backbeat.safety import wording
from backbeat.session import checkin
from tests.clinic.conftest import Clock
from tests.clinic.people import PASSWORD
from tests.conftest import REPO
from tests.web.conftest import live
from tests.web.test_browser import SIZES, Page, axe, browser

__all__ = ["axe", "browser"]  # the browser test's fixtures, used here too
sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect
DESK = "desk-worker"


@pytest.fixture
def served(engine: Engine, clock: Clock) -> Iterator[str]:
    with live(create_app(engine, clock=clock, catalogue=builtin())) as base:
        yield base


@pytest.fixture
def person(browser: Any, served: str, axe: str) -> Iterator[Any]:
    """A new browser (its own cookies) for each person of the clinic."""
    opened: list[tuple[Any, Page]] = []

    def open_one(zone: str | None = None) -> Page:
        context = browser.new_context(viewport=SIZES["phone"], timezone_id=zone)
        tab = Page(context.new_page(), served, axe)
        opened.append((context, tab))
        return tab

    yield open_one
    for context, tab in opened:
        context.close()
        assert tab.errors == [], tab.errors


def _printed_link(clinic_url: str) -> str:
    done = subprocess.run(
        [str(Path(sys.executable).parent / "backbeat"), "clinic", "add-clinician",
         "north@example.org", "--clinic", "North Physio", "--db", clinic_url],
        capture_output=True, text=True, timeout=120, cwd=REPO,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    found = re.search(r"^/setup/\S+$", done.stdout, re.MULTILINE)
    assert found, done.stdout
    return found.group(0)


def _set_password(tab: Page, link: str) -> None:
    tab.open(link)
    tab.get_by_label("New password").fill(PASSWORD)  # type: ignore[attr-defined]
    tab.get_by_role("button", name="Save and sign in").click()  # type: ignore[attr-defined]


def test_a_clinic_from_the_printed_link_to_a_plan_that_follows_the_programme(
    person: Any, clinic_url: str, served: str
) -> None:
    north = person()
    _set_password(north, _printed_link(clinic_url))
    expect(north.get_by_role("heading", name="Your patients")).to_be_visible()  # type: ignore[attr-defined]
    north.accessible()
    north.get_by_label("Their e-mail").fill("alice@example.org")  # type: ignore[attr-defined]
    north.get_by_role("button", name="Make their sign-up link").click()  # type: ignore[attr-defined]
    invite = north.get_by_label("Sign-up link for alice@example.org").input_value()  # type: ignore[attr-defined]
    assert invite.startswith(f"{served}/setup/")  # the whole address, to send as it is
    invite = invite.removeprefix(served)

    alice = person("Pacific/Auckland")  # the server's clock is UTC: her plan follows her zone
    _set_password(alice, invite)
    alice.get_by_role("link", name="Begin").click()  # type: ignore[attr-defined]
    for question in wording.QUESTIONS.values():
        alice.get_by_role("group", name=question).get_by_label("No").check()  # type: ignore[attr-defined]
    alice.get_by_role("button", name="Next").click()  # type: ignore[attr-defined]
    alice.get_by_label("Moment 1").fill("Cooking")  # type: ignore[attr-defined]
    alice.get_by_role("button", name="Make my plan").click()  # type: ignore[attr-defined]
    alice.get_by_text("Your plan is ready").wait_for()  # type: ignore[attr-defined]
    start = alice.get_by_role("link", name="Start").first  # type: ignore[attr-defined]
    alice.open(f"{start.get_attribute('href')}&speed=25")
    alice.get_by_role("button", name="Start").click()  # type: ignore[attr-defined]
    alice.locator("#checkin").wait_for(timeout=60_000)  # type: ignore[attr-defined]
    for question, score in ((checkin.PAIN, "2"), (checkin.AFTER, "1")):
        scale = alice.get_by_role("group", name=question)  # type: ignore[attr-defined]
        scale.locator("label").filter(has_text=re.compile(f"^{score}$")).click()
    alice.get_by_role("group", name="sharp").get_by_label("No").check()  # type: ignore[attr-defined]
    alice.get_by_role("group", name="How hard did it feel?").get_by_label("Easy").check()  # type: ignore[attr-defined]
    alice.get_by_role("button", name="Save").click()  # type: ignore[attr-defined]
    alice.get_by_text(re.compile(r"Saved \d+ check-in records? to your journal\.")).wait_for()  # type: ignore[attr-defined]

    north.open("/clinic")
    row = north.locator("tr", has_text="alice@example.org")  # type: ignore[attr-defined]
    expect(row).not_to_contain_text("none in 2 weeks")
    row.get_by_role("link", name="alice@example.org").click()
    expect(north.get_by_role("heading", name=re.compile("alice@example.org"))).to_be_visible()  # type: ignore[attr-defined]
    north.accessible()
    north.get_by_role("link", name=re.compile("programme", re.IGNORECASE)).first.click()  # type: ignore[attr-defined]
    north.get_by_label("Start from a template").select_option(DESK)  # type: ignore[attr-defined]
    north.get_by_role("button", name="Use this template").click()  # type: ignore[attr-defined]
    north.get_by_role("button", name="Preview their plan").click()  # type: ignore[attr-defined]
    expect(north.get_by_role("heading", name=re.compile("^Preview"))).to_be_visible()  # type: ignore[attr-defined]
    north.get_by_role("button", name="Save the programme").click()  # type: ignore[attr-defined]
    expect(north.get_by_text("Desk worker").first).to_be_visible()  # type: ignore[attr-defined]

    zone = {c["name"]: c["value"] for c in alice.context.cookies()}["backbeat_zone"]  # type: ignore[attr-defined]
    assert unquote(zone) == "Pacific/Auckland"
    today = alice.context.request.get(f"{served}/api/v1/today")  # type: ignore[attr-defined]
    assert today.json()["now"].endswith("+13:00"), today.text()  # NZ's summer time
    answer = alice.context.request.get(  # type: ignore[attr-defined]
        f"{served}/api/v1/plan?days=2", headers={"X-Backbeat": "1"}
    )
    assert answer.ok, answer.text()
    planned = {
        item["move"]
        for day in answer.json()["days"]
        for slot in day["slots"]
        for item in slot["items"]
    }
    prescribed = {
        "seated-pelvic-tilt", "seated-twist", "seated-rotation", "shoulder-rolls",
        "standing-back-extension", "cat-cow", "knee-sway", "walk",
    }  # fmt: skip
    assert planned and planned <= prescribed, planned - prescribed
    alice.open("/settings")
    readers = alice.locator("#account").inner_text()  # type: ignore[attr-defined]
    assert "north@example.org (clinic admin) looked at your progress" in readers
    assert "changed your programme" in readers
