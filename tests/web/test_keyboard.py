"""The app with the keyboard alone (WCAG 2.1 AA): Tab reaches every control on each page, in
order, and each shows where the focus is; the session player's single-key shortcuts act only
while the player has focus, and a visible switch turns them off; no choice in a list sends its
form by itself."""
# ruff: noqa: F811  (the browser fixtures are imported from test_browser by name)

from __future__ import annotations

import pytest

from tests.cli.test_plan import write_profile
from tests.web.conftest import Served
from tests.web.test_browser import Page, axe, browser, page  # noqa: F401 (fixtures)
from tests.web.test_progress import a_fortnight

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

PAGES = [
    "/",
    "/plan",
    "/moves",
    "/moves/knee-rolls",
    "/journal",
    "/progress",
    "/settings",
    "/handout",
    "/safety",
    "/session?slot=2026-11-23/desk-1030",
    "/welcome",
    "/start",
]

# Marks each control that Tab should reach (one per group of radio buttons), in document order,
# and gives how many there are.
MARK = """() => {
  const shown = (e) => e.checkVisibility({ visibilityProperty: true, contentVisibilityAuto: true });
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, '
    + '[tabindex]:not([tabindex="-1"])';
  const groups = new Set();
  let n = 0;
  for (const e of document.querySelectorAll(selector)) {
    if (e.disabled || e.closest("[hidden], [inert]")) continue;
    if (!shown(e) && e.type !== "radio") continue;
    if (e.tabIndex < 0) continue;
    if (e.type === "radio") {
      if (!shown(e.closest("label") || e)) continue;
      if (groups.has(e.form?.id + e.name)) continue;
      groups.add(e.form?.id + e.name);
      e.closest("fieldset, form, body").dataset.kbGroup = String(n);
    }
    e.dataset.kb = String(n++);
  }
  return n;
}"""

# What has the focus now: its mark (or its radio group's), and whether the focus shows (an
# outline or a shadow on it, on the span drawn for it, or on its label).
FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const group = e.type === "radio" ? e.closest("[data-kb-group]") : null;
  const mark = e.dataset.kb ?? group?.dataset.kbGroup;
  const shows = (x) => {
    if (!x) return false;
    const s = getComputedStyle(x);
    return (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== "none";
  };
  const visible = shows(e) || shows(e.nextElementSibling) || shows(e.closest("label"));
  return { mark: mark ?? null, visible, what: e.outerHTML.slice(0, 120) };
}"""


def tab_through(page: Page) -> None:
    """Tab from the top of the page to its end: every marked control is reached, in order, and
    shows its focus."""
    count = page.evaluate(MARK)  # type: ignore[attr-defined]
    assert count > 0
    page.evaluate("() => document.activeElement && document.activeElement.blur()")  # type: ignore[attr-defined]
    reached: list[str] = []
    unseen: list[str] = []
    for _ in range(count * 2 + 10):
        page.keyboard.press("Tab")  # type: ignore[attr-defined]
        now = page.evaluate(FOCUSED)  # type: ignore[attr-defined]
        if now is None:
            break  # past the last control, out of the page
        if now["mark"] is None:
            continue  # an element the page focuses for its own reasons (none so far)
        if reached and now["mark"] == reached[0]:
            break  # round again
        if now["mark"] not in reached:
            reached.append(now["mark"])
        if not now["visible"]:
            unseen.append(now["what"])
    missing = sorted(set(map(str, range(count))) - set(reached), key=int)
    assert missing == [], f"{len(missing)} of {count} controls never reached by Tab: {missing}"
    assert reached == sorted(reached, key=int), "Tab goes out of document order"
    assert unseen == [], f"focus not shown on: {unseen}"


@pytest.mark.parametrize("path", PAGES)
def test_tab_reaches_every_control_and_shows_the_focus(
    page: Page, served: Served, journal_environ: dict[str, str], path: str
) -> None:
    write_profile(served.home)
    a_fortnight(served.home, journal_environ)
    page.open(path)
    tab_through(page)


def test_the_players_keys_act_only_while_it_has_focus(page: Page, served: Served) -> None:
    page.open("/session?move=knee-rolls&move=knees-to-chest&speed=2")
    page.get_by_role("button", name="Start").click()  # type: ignore[attr-defined]
    expect(page.locator("#player")).to_have_attribute("data-state", "playing")  # type: ignore[attr-defined]
    page.get_by_role("link", name="Moves").focus()  # type: ignore[attr-defined]
    for key in ("s", "h", "q", " "):
        page.keyboard.press(key)  # type: ignore[attr-defined]
    expect(page.locator("#player")).to_have_attribute("data-state", "playing")  # type: ignore[attr-defined]
    expect(page.locator("#move-name")).to_have_text("Knee rolls")  # type: ignore[attr-defined]
    page.locator("#player").focus()  # type: ignore[attr-defined]
    page.keyboard.press(" ")  # type: ignore[attr-defined]
    expect(page.locator("#player")).to_have_attribute("data-state", "paused")  # type: ignore[attr-defined]


def test_a_visible_switch_turns_the_keys_off(page: Page, served: Served) -> None:
    page.open("/session?move=knee-rolls&speed=2")
    switch = page.get_by_label("Single-key shortcuts while the player has focus")  # type: ignore[attr-defined]
    expect(switch).to_be_visible()
    expect(switch).to_be_checked()
    switch.uncheck()
    page.get_by_role("button", name="Start").click()  # type: ignore[attr-defined]
    expect(page.locator("#player")).to_be_focused()  # type: ignore[attr-defined]
    page.keyboard.press("q")  # type: ignore[attr-defined]
    page.keyboard.press(" ")  # type: ignore[attr-defined]
    expect(page.locator("#player")).to_have_attribute("data-state", "playing")  # type: ignore[attr-defined]
    assert page.locator("#keys-now").is_hidden()  # type: ignore[attr-defined]
    assert page.locator("#pause").get_attribute("aria-keyshortcuts") is None  # type: ignore[attr-defined]
    page.get_by_role("button", name="Pause").click()  # type: ignore[attr-defined]
    expect(page.locator("#player")).to_have_attribute("data-state", "paused")  # type: ignore[attr-defined]


@pytest.mark.parametrize(("path", "label"), [("/moves", "Place"), ("/handout", "Paper")])
def test_a_choice_in_a_list_sends_nothing_until_its_button(
    page: Page, served: Served, path: str, label: str
) -> None:
    write_profile(served.home)
    page.open(path)
    choice = page.get_by_label(label)  # type: ignore[attr-defined]
    values = choice.locator("option").evaluate_all("(options) => options.map((o) => o.value)")
    choice.select_option(values[-1])
    page.wait_for_load_state()  # type: ignore[attr-defined]
    assert page.url == served.base + path  # type: ignore[attr-defined]
    assert page.locator("form[data-autosubmit]").count() == 0  # type: ignore[attr-defined]
