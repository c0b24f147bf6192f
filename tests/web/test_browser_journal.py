"""The journal a person can trust, in a real browser: a double click saves once, a tab closed
after "this hurts" keeps it, and a record deleted from the Journal page leaves Progress until
Undo brings it back."""

# ruff: noqa: F811  (the browser fixtures are imported from test_browser by name)
from __future__ import annotations

import re
import time

import pytest

from tests.web.conftest import Served
from tests.web.test_browser import Page, _cues_of, axe, browser, page  # noqa: F401 (fixtures)

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect


def _entries(page: Page) -> object:
    return page.locator(".history .entry")  # type: ignore[attr-defined]


def test_a_double_click_on_save_stores_the_movement_once(page: Page, served: Served) -> None:
    page.open("/journal")
    form = page.locator("#log")  # type: ignore[attr-defined]
    form.get_by_label("Movement").select_option("knee-rolls")
    form.get_by_label("Pain during, 0 to 10").select_option("2")
    form.get_by_role("button", name="Save this movement").dblclick()
    page.get_by_text("Saved to your journal.").wait_for()  # type: ignore[attr-defined]
    expect(_entries(page)).to_have_count(1)
    expect(_entries(page)).to_have_text(re.compile("^Knee rolls, pain 2/10 during"))


def test_this_hurts_then_closing_the_tab_keeps_it(
    browser: object,
    page: Page,
    served: Served,
) -> None:
    page.open("/session?move=knee-rolls&move=knees-to-chest&speed=8")
    page.get_by_role("button", name="Start").click()  # type: ignore[attr-defined]
    expect(page.locator("#cue")).to_have_text(_cues_of("knee-rolls"), timeout=20_000)  # type: ignore[attr-defined]
    page.get_by_role("button", name=re.compile("This hurts")).click()  # type: ignore[attr-defined]
    page.locator("#offer").wait_for()  # type: ignore[attr-defined]
    page.tab.close(run_before_unload=True)  # type: ignore[attr-defined]
    other = page.context.new_page()  # type: ignore[attr-defined]
    # Wait for the state, not for a time: the saves (after "this hurts", then the last one as
    # the tab closes) may still be on their way, and the page shows what was kept when it was
    # asked for, so it is asked again until it holds all of it.
    kept = (
        "Knee rolls, stopped: it hurt",
        "stopped because it hurt: Knee rolls",
        "left unfinished (no check-in)",
    )
    deadline = time.monotonic() + 20
    history = ""
    while time.monotonic() < deadline:
        other.goto(served.base + "/journal")
        history = other.locator(".history").inner_text()
        if all(text in history for text in kept):
            break
    assert all(text in history for text in kept), history


def test_a_deleted_record_leaves_progress_and_undo_brings_it_back(
    page: Page, served: Served
) -> None:
    page.open("/journal")
    form = page.locator("#log")  # type: ignore[attr-defined]
    form.get_by_label("Movement").select_option("pelvic-tilt")
    form.get_by_label("Pain during, 0 to 10").select_option("3")
    form.get_by_role("button", name="Save this movement").click()
    page.get_by_text("Saved to your journal.").wait_for()  # type: ignore[attr-defined]
    page.open("/progress")
    expect(page.locator(".tolerance")).to_contain_text("Pelvic tilt")  # type: ignore[attr-defined]
    page.open("/journal")
    page.get_by_role("button", name=re.compile("^Delete")).first.click()  # type: ignore[attr-defined]
    page.get_by_text("Deleted from your journal.").wait_for()  # type: ignore[attr-defined]
    expect(_entries(page)).to_have_count(0)
    page.accessible()
    page.open("/progress")
    expect(page.locator("body")).not_to_contain_text("Pelvic tilt")  # type: ignore[attr-defined]
    page.open("/journal?done=deleted")
    page.get_by_role("button", name="Undo").click()  # type: ignore[attr-defined]
    page.get_by_text("Put back in your journal.").wait_for()  # type: ignore[attr-defined]
    expect(_entries(page)).to_have_text(re.compile("^Pelvic tilt, pain 3/10 during"))
    page.open("/progress")
    expect(page.locator(".tolerance")).to_contain_text("Pelvic tilt")  # type: ignore[attr-defined]
