"""The web app in a real browser: Debian's Chromium driven by Playwright, as a person would use
it, at phone and desktop sizes. Any console error fails a test. Screenshots of every page go to
$BACKBEAT_ARTIFACTS (default build/screenshots) for a person to look at; axe-core (pinned in
tools/package.json) checks accessibility, and a missing axe-core fails in CI."""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from backbeat.catalog.loader import builtin
from backbeat.safety import wording
from backbeat.session import checkin, cues
from tests.cli.test_plan import write_profile
from tests.conftest import REPO, need
from tests.tools import need_npm
from tests.web.conftest import Served
from tests.web.test_progress import a_fortnight

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect  # waits by querying the page: no eval, which the page's CSP refuses

ARTIFACTS = Path(os.environ.get("BACKBEAT_ARTIFACTS") or REPO / "build" / "screenshots")
SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
CATALOGUE = builtin()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    executable = need("chromium")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def axe() -> str:
    """axe-core's script, as tools/package.json pins it (``npm ci`` in tools/, which .ci/run
    does). Missing, the accessibility checks are skipped here, and fail in CI."""
    return (need_npm("axe-core") / "axe.min.js").read_text(encoding="utf-8")


class Page:
    """A browser tab that fails the test on any console error, and takes screenshots."""

    def __init__(self, tab: object, base: str, axe: str) -> None:
        self.tab = tab
        self.base = base
        self.axe = axe
        self.errors: list[str] = []
        tab.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)  # type: ignore[attr-defined]
        tab.on("pageerror", lambda e: self.errors.append(str(e)))  # type: ignore[attr-defined]

    def __getattr__(self, name: str) -> object:
        return getattr(self.tab, name)

    def open(self, path: str) -> None:
        response = self.tab.goto(self.base + path)  # type: ignore[attr-defined]
        assert response is not None and response.status < 400, (path, response and response.status)

    def shoot(self, name: str) -> None:
        """Screenshots at both sizes (the tab returns to desktop size after)."""
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        for size, viewport in SIZES.items():
            self.tab.set_viewport_size(viewport)  # type: ignore[attr-defined]
            self.tab.wait_for_timeout(150)  # type: ignore[attr-defined]
            self.tab.screenshot(path=str(ARTIFACTS / f"{name}-{size}.png"), full_page=True)  # type: ignore[attr-defined]
        self.tab.set_viewport_size(SIZES["desktop"])  # type: ignore[attr-defined]

    def accessible(self) -> None:
        """No WCAG 2 A or AA violation that axe-core finds."""
        self.tab.evaluate(self.axe)  # type: ignore[attr-defined]
        found = self.tab.evaluate(  # type: ignore[attr-defined]
            "async () => (await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa']}))"
            ".violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))"
        )
        assert found == [], found


@pytest.fixture
def page(browser: object, served: Served, axe: str) -> Iterator[Page]:
    context = browser.new_context(viewport=SIZES["desktop"])  # type: ignore[attr-defined]
    tab = Page(context.new_page(), served.base, axe)
    yield tab
    context.close()
    assert tab.errors == [], tab.errors


def test_axe_core_is_there(axe: str) -> None:
    assert "axe" in axe[:2000]


def test_onboarding_safety_first_then_the_day_then_today(page: Page, served: Served) -> None:
    page.open("/")
    assert page.url.endswith("/welcome")  # type: ignore[attr-defined]
    page.accessible()
    page.shoot("welcome")
    page.get_by_role("link", name="Begin").click()  # type: ignore[attr-defined]
    for question in wording.QUESTIONS.values():
        group = page.get_by_role("group", name=question)  # type: ignore[attr-defined]
        group.get_by_label("No").check()
    page.accessible()
    page.shoot("onboarding-safety")
    page.get_by_role("button", name="Next").click()  # type: ignore[attr-defined]
    page.get_by_label("You usually wake up at").fill("06:45")  # type: ignore[attr-defined]
    page.get_by_label("Moment 1").fill("Cooking")  # type: ignore[attr-defined]
    page.get_by_label("How many minutes a day").fill("15")  # type: ignore[attr-defined]
    page.accessible()
    page.shoot("onboarding-day")
    page.get_by_role("button", name="Make my plan").click()  # type: ignore[attr-defined]
    page.get_by_text("Your plan is ready").wait_for()  # type: ignore[attr-defined]
    profile = (served.home / "profile.toml").read_text()
    assert 'wake = "06:45"' in profile and 'name = "Cooking"' in profile
    assert "minutes_per_day = 15" in profile


def test_a_red_flag_in_onboarding_ends_at_the_referral(page: Page, served: Served) -> None:
    page.open("/start")
    for key, question in wording.QUESTIONS.items():
        answer = "Yes" if key == "saddle_numbness" else "No"
        page.get_by_role("group", name=question).get_by_label(answer).check()  # type: ignore[attr-defined]
    page.get_by_role("button", name="Next").click()  # type: ignore[attr-defined]
    page.get_by_role("heading", name="Please get help now").wait_for()  # type: ignore[attr-defined]
    assert page.url.endswith("/referral")  # type: ignore[attr-defined]
    assert wording.RED_FLAGS["saddle_numbness"] in page.content()  # type: ignore[attr-defined]
    page.accessible()
    page.shoot("referral")
    page.open("/")
    assert page.get_by_role("link", name="Start").count() == 0  # type: ignore[attr-defined]


def test_today_starts_the_slot_that_is_due(page: Page, served: Served) -> None:
    write_profile(served.home)
    page.open("/")
    page.accessible()
    page.shoot("today")
    page.locator(".due").get_by_role("link", name="Start").click()  # type: ignore[attr-defined]
    assert page.url.endswith("/session?slot=2026-11-23/desk-1030")  # type: ignore[attr-defined]
    first = _due_items(served)[0]  # what the plan puts in the slot, as the API says it
    assert CATALOGUE.movements[first].name in page.locator("#ready").inner_text()  # type: ignore[attr-defined]
    page.accessible()
    page.shoot("session-ready")


def _due_items(served: Served) -> list[str]:
    """The movements of the slot due now, from the served API."""
    from urllib.request import Request, urlopen

    asked = Request(f"{served.base}/api/v1/today", headers={"X-Backbeat": "1"})
    with urlopen(asked, timeout=30) as answer:
        today = json.load(answer)
    (due,) = [s for s in today["slots"] if s["id"] == today["due"]]
    return [item["move"] for item in due["items"]]


def test_a_whole_session_at_high_speed_then_the_check_in_in_the_journal(
    page: Page, served: Served
) -> None:
    page.open("/session?move=knee-hugs&move=pelvic-tilt&speed=25")
    page.get_by_role("button", name="Start").click()  # type: ignore[attr-defined]
    expect(page.locator("#player")).to_have_attribute("data-state", "playing")  # type: ignore[attr-defined]
    expect(page.locator("#move-name")).to_have_text("Knee hugs")  # type: ignore[attr-defined]
    first = _figure(page)
    # The get-ready pose holds still; the movement itself must not. Asked until it has moved
    # (a busy machine draws fewer frames), or until the session is over without its moving.
    deadline = time.monotonic() + 30
    while _figure(page) == first and time.monotonic() < deadline:
        if page.locator("#checkin").is_visible():  # type: ignore[attr-defined]
            break
        page.wait_for_timeout(50)
    assert _figure(page) != first, "the figure should move"
    page.shoot("session-playing")
    page.locator("#checkin").wait_for(timeout=30_000)  # type: ignore[attr-defined]
    page.accessible()
    page.shoot("session-checkin")
    for question, score in ((checkin.PAIN, "2"), (checkin.AFTER, "1")):
        scale = page.get_by_role("group", name=question)  # type: ignore[attr-defined]
        scale.locator("label").filter(has_text=re.compile(f"^{score}$")).click()
    page.get_by_role("group", name="sharp").get_by_label("No").check()  # type: ignore[attr-defined]
    page.get_by_role("group", name="How hard did it feel?").get_by_label("Easy").check()  # type: ignore[attr-defined]
    page.get_by_role("button", name="Save").click()  # type: ignore[attr-defined]
    page.get_by_text("Saved 2 check-in records to your journal.").wait_for()  # type: ignore[attr-defined]
    page.shoot("session-saved")
    page.get_by_role("link", name="See your journal").click()  # type: ignore[attr-defined]
    history = page.locator(".history").inner_text()  # type: ignore[attr-defined]
    assert "Knee hugs, pain 2/10 during, 1/10 after, easy" in history
    assert "Pelvic tilt, pain 2/10 during, 1/10 after, easy" in history
    page.get_by_role("link", name="Progress").click()  # type: ignore[attr-defined]
    moves = page.locator(".tolerance").inner_text()  # type: ignore[attr-defined]
    assert "Knee hugs" in moves and "Once, pain during 2.0 on average, worst 2" in moves
    expect(page.locator(".heat-map rect.all")).to_have_count(1)  # type: ignore[attr-defined]
    page.accessible()
    review = page.locator("#review")  # type: ignore[attr-defined]
    review.get_by_label(re.compile("how bad was your back pain")).select_option("4")
    review.get_by_label(re.compile("get in the way of daily life")).select_option("3")
    review.get_by_label(re.compile("Name one activity")).fill("a long drive")
    review.get_by_label(re.compile("How well could you manage it")).select_option("5")
    safety = review.get_by_role("group", name=re.compile("^Since your last review"))
    safety.get_by_label("No").check()
    review.get_by_role("button", name="Save this week's review").click()
    page.get_by_text("This is your first weekly review.").wait_for()  # type: ignore[attr-defined]
    assert "a long drive: 5" in review.inner_text()


def _figure(page: Page) -> str:
    return str(page.evaluate("document.querySelector('#figure .body').innerHTML"))  # type: ignore[attr-defined]


def _cues_of(move: str) -> re.Pattern[str]:
    """Any spoken cue of ``move`` while it is played (its own words, on either side)."""
    say = CATALOGUE.movements[move].say
    assert say is not None
    words = [
        c.replace("{side}", side)
        for c in (*say.move, *say.release, *say.hold)
        for side in ("left", "right")
    ]
    return re.compile("|".join(re.escape(w) for w in dict.fromkeys(words)))


def test_keys_pause_and_this_hurts_offers_the_gentler_one(page: Page, served: Served) -> None:
    page.open("/session?move=knee-rolls&move=knees-to-chest&speed=8")
    page.get_by_role("button", name="Start").focus()  # type: ignore[attr-defined]
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    # Any cue of the knee rolls themselves (each lasts under a second at this speed, so a busy
    # machine may miss any one of them; it cannot miss them all).
    expect(page.locator("#cue")).to_have_text(_cues_of("knee-rolls"), timeout=20_000)  # type: ignore[attr-defined]
    page.keyboard.press(" ")  # type: ignore[attr-defined]
    expect(page.locator("#player")).to_have_attribute("data-state", "paused")  # type: ignore[attr-defined]
    held = page.locator("#time").inner_text()  # type: ignore[attr-defined]
    page.wait_for_timeout(700)
    assert page.locator("#time").inner_text() == held  # type: ignore[attr-defined]
    page.keyboard.press(" ")  # type: ignore[attr-defined]
    page.keyboard.press("h")  # type: ignore[attr-defined]
    offer = page.locator("#offer")  # type: ignore[attr-defined]
    offer.wait_for()
    assert "Press e to try the gentler Knee sway instead" in offer.inner_text()
    page.shoot("session-this-hurts")
    page.keyboard.press("e")  # type: ignore[attr-defined]
    page.get_by_text("Instead, Knee sway.").wait_for()  # type: ignore[attr-defined]
    page.keyboard.press("q")  # type: ignore[attr-defined]
    page.locator("#checkin").wait_for()  # type: ignore[attr-defined]
    page.get_by_role("button", name="Skip the questions").click()  # type: ignore[attr-defined]
    page.get_by_text("Saved 1 check-in record to your journal.").wait_for()  # type: ignore[attr-defined]
    assert "You stopped a movement because it hurt" in page.content()  # type: ignore[attr-defined]
    page.open("/journal")
    assert "Knee rolls, stopped: it hurt" in page.locator(".history").inner_text()  # type: ignore[attr-defined]


NAMES = {m.id: m.name for m in CATALOGUE.movements.values()}


@pytest.mark.parametrize("end", ["key", "button"])
def test_after_two_movements_that_hurt_the_session_offers_to_end(
    page: Page, served: Served, end: str
) -> None:
    page.open("/session?move=cat-cow&move=knee-sway&move=seated-march&speed=2")
    page.get_by_role("button", name="Start").click()  # type: ignore[attr-defined]
    expect(page.locator("#move-name")).to_have_text(NAMES["cat-cow"])  # type: ignore[attr-defined]
    page.keyboard.press("h")  # type: ignore[attr-defined]
    expect(page.locator("#move-name")).to_have_text(NAMES["knee-sway"])  # type: ignore[attr-defined]
    assert page.locator("#offer").is_hidden()  # type: ignore[attr-defined]  # no gentler one
    page.keyboard.press("h")  # type: ignore[attr-defined]
    offer = page.locator("#enough")  # type: ignore[attr-defined]
    offer.wait_for()
    said = cues.ENOUGH.format(name=NAMES["knee-sway"], count="two")
    expect(page.locator("#enough-text")).to_have_text(said)  # type: ignore[attr-defined]
    expect(page.locator("#player")).to_have_attribute("data-state", "enough")  # type: ignore[attr-defined]
    expect(page.get_by_role("button", name="End the session now")).to_be_focused()  # type: ignore[attr-defined]
    page.accessible()
    page.shoot("session-enough")
    if end == "key":
        page.keyboard.press("q")  # type: ignore[attr-defined]
    else:
        page.get_by_role("button", name="End the session now").click()  # type: ignore[attr-defined]
    page.locator("#checkin").wait_for()  # type: ignore[attr-defined]
    expect(page.locator("#checkin-stopped")).to_have_text(  # type: ignore[attr-defined]
        f"Stopped because it hurt: {NAMES['cat-cow']}, {NAMES['knee-sway']}."
    )
    assert page.locator("#out-hurt").input_value() == "cat-cow knee-sway"  # type: ignore[attr-defined]
    assert page.locator("#out-ended_early").input_value() == "yes"  # type: ignore[attr-defined]
    page.accessible()
    page.get_by_role("button", name="Skip the questions").click()  # type: ignore[attr-defined]
    page.get_by_text("Saved 2 check-in records to your journal.").wait_for()  # type: ignore[attr-defined]
    page.open("/journal")
    history = page.locator(".history").inner_text()  # type: ignore[attr-defined]
    assert "Cat and cow, stopped: it hurt" in history and "Knee sway, stopped: it hurt" in history


def test_going_on_after_the_offer_to_end_plays_the_rest(page: Page, served: Served) -> None:
    page.open("/session?move=cat-cow&move=knee-sway&move=seated-march&speed=4")
    page.get_by_role("button", name="Start").click()  # type: ignore[attr-defined]
    expect(page.locator("#move-name")).to_have_text(NAMES["cat-cow"])  # type: ignore[attr-defined]
    page.keyboard.press("h")  # type: ignore[attr-defined]
    expect(page.locator("#move-name")).to_have_text(NAMES["knee-sway"])  # type: ignore[attr-defined]
    page.keyboard.press("h")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Go on gently").click()  # type: ignore[attr-defined]
    expect(page.locator("#enough")).to_be_hidden()  # type: ignore[attr-defined]
    expect(page.locator("#move-name")).to_have_text(NAMES["seated-march"])  # type: ignore[attr-defined]
    page.locator("#checkin").wait_for(timeout=30_000)  # type: ignore[attr-defined]
    assert page.locator("#out-ended_early").input_value() == "no"  # type: ignore[attr-defined]
    assert page.locator("#out-completed").input_value() == "seated-march"  # type: ignore[attr-defined]


def test_the_catalogue_filters_and_its_figures_move(page: Page, served: Served) -> None:
    page.open("/moves")
    page.accessible()
    page.shoot("moves")
    page.get_by_label("Place").select_option("car")  # type: ignore[attr-defined]
    assert "place=car" not in page.url  # type: ignore[attr-defined]  # a choice alone sends nothing
    page.get_by_role("button", name="Show").click()  # type: ignore[attr-defined]
    page.wait_for_url(re.compile(r"place=car"))  # type: ignore[attr-defined]
    expected = [m.name for m in CATALOGUE.select(place="car")]
    names = page.locator(".move-card h2").all_inner_texts()  # type: ignore[attr-defined]
    assert names == expected
    page.get_by_label("Kind").select_option("micro")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Show").click()  # type: ignore[attr-defined]
    page.wait_for_url(re.compile(r"kind=micro"))  # type: ignore[attr-defined]
    names = page.locator(".move-card h2").all_inner_texts()  # type: ignore[attr-defined]
    assert names == [m.name for m in CATALOGUE.select(place="car", kind="micro")]
    page.shoot("moves-filtered")
    figure = page.locator(".card-figure svg").first  # type: ignore[attr-defined]
    assert page.locator(".card-figure svg .body").count() == 0  # type: ignore[attr-defined]  # still until asked
    page.locator(".move-card").first.hover()  # type: ignore[attr-defined]
    page.locator(".card-figure svg .body").first.wait_for(state="attached")  # type: ignore[attr-defined]
    before = figure.inner_html()
    for _ in range(50):  # it holds its start pose for half a second, then moves
        page.wait_for_timeout(100)
        if figure.inner_html() != before:
            break
    assert figure.inner_html() != before, "the card's figure should loop"
    page.locator(".move-card a").first.click()  # type: ignore[attr-defined]
    page.get_by_role("link", name="Try it now").wait_for()  # type: ignore[attr-defined]
    page.accessible()
    page.shoot("move")


def test_with_reduced_motion_the_pictures_keep_still(
    browser: object, served: Served, axe: str
) -> None:
    context = browser.new_context(reduced_motion="reduce")  # type: ignore[attr-defined]
    tab = Page(context.new_page(), served.base, axe)
    tab.open("/moves")
    tab.wait_for_timeout(500)  # type: ignore[attr-defined]
    assert tab.locator(".card-figure svg .body").count() == 0  # type: ignore[attr-defined]
    assert tab.locator(".card-figure svg title").count() > 0  # type: ignore[attr-defined]
    context.close()
    assert tab.errors == []


@pytest.mark.parametrize(("paper", "pdf_format"), [("a4", "A4"), ("letter", "Letter")])
def test_the_handout_prints_on_at_most_two_pages(
    page: Page, served: Served, paper: str, pdf_format: str
) -> None:
    write_profile(served.home)
    page.open(f"/handout?paper={paper}")
    page.accessible()
    page.shoot(f"handout-{paper}")
    page.emulate_media(media="print")  # type: ignore[attr-defined]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf = page.pdf(format=pdf_format, prefer_css_page_size=True)  # type: ignore[attr-defined]
    (ARTIFACTS / f"handout-{paper}.pdf").write_bytes(pdf)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 2, pages
    page.emulate_media(media="screen")  # type: ignore[attr-defined]


def test_every_page_reads_well_at_both_sizes(
    page: Page, served: Served, journal_environ: dict[str, str]
) -> None:
    write_profile(served.home)
    a_fortnight(served.home, journal_environ)
    page.open("/journal")
    page.get_by_label("How much does your back hurt, 0 to 10?").select_option("3")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Save this morning").click()  # type: ignore[attr-defined]
    page.get_by_text("Saved to your journal").wait_for()  # type: ignore[attr-defined]
    for path, name in [
        ("/plan", "plan"),
        ("/journal", "journal"),
        ("/progress", "progress"),
        ("/settings", "settings"),
        ("/safety", "safety"),
        ("/session?place=desk", "micro-break"),
        ("/nowhere", None),
    ]:
        if name is None:
            response = page.tab.goto(served.base + path)  # type: ignore[attr-defined]
            assert response.status == 404
            page.errors.clear()  # the browser reports the 404 itself
            page.shoot("not-found")
            continue
        page.open(path)
        page.accessible()
        page.shoot(name)
    assert json.loads(page.evaluate("JSON.stringify(document.documentElement.lang)")) == "en"  # type: ignore[attr-defined]
