"""Every page the app can show is valid HTML as the W3C's Nu checker (npm's vnu-jar, run with
Java) reads it: the pages a person reaches by links and forms, the error pages, and each state
the session player shows in a real browser."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import need
from tests.tools import need_npm
from tests.web.conftest import Web
from tests.web.pages import every_page
from tests.web.test_browser import axe, browser, page  # noqa: F401 (the browser fixtures)


def vnu(paths: list[Path]) -> list[str]:
    """The errors the Nu checker finds in ``paths``, one line each (warnings are not errors)."""
    java = need("java")
    jar = need_npm("vnu-jar") / "build" / "dist" / "vnu.jar"
    done = subprocess.run(
        [java, "-Xss2m", "-jar", str(jar), "--errors-only", "--format", "json", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = json.loads(done.stderr or done.stdout or '{"messages": []}')["messages"]
    assert done.returncode in (0, 1), done.stderr[-2000:]
    return [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine', '?')}: {m['message']}"
        f" [{m.get('extract', '').strip()[:80]}]"
        for m in messages
        if m.get("type") == "error" or m.get("subType") == "fatal"
    ]


def test_every_page_of_the_app_is_valid_html(web: Web, tmp_path: Path) -> None:
    pages = every_page(web)
    statuses = {key.split("-", 1)[0] for key in pages.found}
    assert {"200", "400", "404"} <= statuses, statuses  # error pages are in
    assert len(pages.found) > 60
    errors = vnu(pages.written(tmp_path / "pages"))
    assert errors == [], f"{len(errors)} errors:\n" + "\n".join(errors[:40])


def test_the_check_finds_what_is_wrong(tmp_path: Path) -> None:
    """The check has teeth: the faults the pages once had are errors. One of them is the checker's
    own: ``pathLength`` on ``<circle>`` is valid SVG 2, but the Nu checker knows SVG 1.1's rule
    only, so the session's pacer ring gives its dash the circle's own length instead."""
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<!doctype html><html lang="en"><head><title>t</title></head><body><main>'
        '<time datetime="2026-11-23T10:40:00.123456+01:00">now</time>'
        '<svg viewBox="0 0 10 10"><circle cx="5" cy="5" r="4" pathLength="100"/></svg>'
        "</main></body></html>"
    )
    errors = vnu([bad])
    assert any("datetime" in e for e in errors), errors
    assert any("pathLength" in e for e in errors), errors


@pytest.fixture
def journal_environ() -> dict[str, str]:
    return {}


def test_each_state_of_the_session_player_is_valid_html(
    page: object,  # noqa: F811 (the fixture imported above)
    served: object,
    tmp_path: Path,
) -> None:
    """The DOM the player's script builds, read from the browser in each state: ready,
    playing, paused, the offer after "this hurts", and the check-in."""
    from tests.web.test_browser import _cues_of

    sync_api = pytest.importorskip("playwright.sync_api")
    tab: Any = page
    tab.open("/session?move=knee-rolls&move=knees-to-chest&speed=8")
    states: dict[str, str] = {"ready": tab.content()}
    tab.get_by_role("button", name="Start").click()
    sync_api.expect(tab.locator("#cue")).to_have_text(_cues_of("knee-rolls"), timeout=20_000)
    states["playing"] = tab.content()
    tab.locator("#pause").click()
    sync_api.expect(tab.locator("#player")).to_have_attribute("data-state", "paused")
    states["paused"] = tab.content()
    tab.locator("#pause").click()
    tab.locator("#hurt").click()
    tab.locator("#offer").wait_for()
    states["offer"] = tab.content()
    tab.locator("#quit").click()
    tab.locator("#checkin").wait_for()
    states["checkin"] = tab.content()
    folder = tmp_path / "states"
    folder.mkdir()
    paths = []
    for name, html in states.items():
        path = folder / f"session-{name}.html"
        path.write_text("<!doctype html>\n" + html.removeprefix("<!DOCTYPE html>"))
        paths.append(path)
    errors = vnu(paths)
    assert errors == [], f"{len(errors)} errors:\n" + "\n".join(errors[:40])
