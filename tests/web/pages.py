"""Every page the app can show, gathered by going through it as people do: the first visit, the
welcome's answers (right and wrong), a plan with two weeks of history and every link from there,
what each form answers (saved, refused, not found), a broken profile and a referral."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape
from pathlib import Path

import httpx

from backbeat.safety import wording
from tests.cli.test_plan import DESK, write_profile
from tests.web.conftest import Web
from tests.web.test_progress import a_fortnight

ALL_NO = {f"screen-{key}": "no" for key in wording.QUESTIONS}
LINK = re.compile(r'<a [^>]*href="(/[^"#]*)"')
NOT_PAGES = ("/static/", "/api/", "/favicon", ".ics", ".json", ".png")
MOST_PAGES = 400


class Pages:
    """The HTML answers seen, one per address and status (each named for a file)."""

    def __init__(self, web: Web) -> None:
        self.web = web
        self.found: dict[str, str] = {}
        self.stage = "first"  # the same address shows other things at each stage

    def keep(self, name: str, response: httpx.Response) -> None:
        if response.headers.get("content-type", "").startswith("text/html"):
            key = f"{response.status_code}-{self.stage}-{name}"
            self.found.setdefault(key, response.text)

    def get(self, path: str) -> httpx.Response:
        response = self.web.get(path)
        self.keep(path, response)
        return response

    def post(self, path: str, data: dict[str, str], name: str = "") -> httpx.Response:
        response = self.web.post(path, data)
        self.keep(f"{path} {name}".strip(), response)
        return response

    def crawl(self, start: str = "/") -> None:
        """Every page reachable by links from ``start``."""
        queue, seen = [start], {start}
        while queue and len(seen) < MOST_PAGES:
            path = queue.pop(0)
            response = self.get(path)
            if response.status_code in (301, 302, 303, 307) and "location" in response.headers:
                found = [response.headers["location"]]
            else:
                found = [unescape(h) for h in LINK.findall(response.text)]
            for href in found:
                page = href.startswith("/") and not any(n in href for n in NOT_PAGES)
                if page and href not in seen:
                    seen.add(href)
                    queue.append(href)

    def written(self, folder: Path) -> list[Path]:
        """The pages as files, named for where they came from."""
        folder.mkdir(parents=True, exist_ok=True)
        paths = []
        for n, (key, text) in enumerate(sorted(self.found.items())):
            slug = re.sub(r"[^A-Za-z0-9]+", "-", key).strip("-")[:80]
            path = folder / f"{n:03d}-{slug}.html"
            path.write_text(text, encoding="utf-8")
            paths.append(path)
        return paths


def every_page(web: Web, fill: Callable[[Path], None] | None = None) -> Pages:
    """Go through the whole app; ``fill`` adds the history (two weeks of it by default)."""
    pages = Pages(web)
    # Times as a real clock gives them, to the microsecond (which <time datetime> must not show).
    web.clock.now = web.clock.now.replace(microsecond=123456)
    # A first visit: the welcome, the safety questions, answers left open or wrong.
    pages.crawl("/")
    pages.get("/start")
    pages.post("/start", {}, "nothing answered")
    pages.post("/start", ALL_NO, "all no")
    pages.post("/start/day", {**ALL_NO, "wake": "25:00", "minutes_per_day": "x"}, "wrong day")
    pages.get("/session?move=knee-rolls")
    pages.get("/session?place=desk")
    # A plan, two weeks of history and every page linked from there.
    write_profile(web.home, DESK)
    pages.stage = "plan"
    (fill or (lambda home: a_fortnight(home, {})))(web.home)
    pages.crawl("/")
    for path in (
        "/progress?weeks=1",
        "/progress?weeks=12",
        "/progress?weeks=0",
        "/moves?kind=dance",
        "/moves?place=floor&kind=stretch",
        "/handout?paper=letter",
        "/session?slot=9999",
        "/session?move=nothing-such",
        "/journal?day=2026-11-20",
        "/journal/correct?id=999999",
        "/there-is-no-such-page",
        "/safety",
        "/referral",
        "/welcome",
        "/offline",
        "/offline/kept",
        "/session?slot=2026-11-24/waking",
    ):
        pages.get(path)
    # What the forms answer: saved, and refused with the fields named.
    pages.post(
        "/session/checkin",
        {
            "started": "knee-rolls pelvic-tilt",
            "completed": "knee-rolls",
            "hurt": "pelvic-tilt",
            "answered": "yes",
            "pain": "3",
            "pain_after": "2",
            "sharp": "no",
            "difficulty": "ok",
        },
        "saved",
    )
    pages.post("/session/checkin", {"answered": "yes", "pain": "12"}, "wrong")
    pages.post("/session/checkin", {"started": "knee-rolls", "answered": "no"}, "skipped")
    pages.post("/journal/log", {"kind": "morning", "morning_pain": "3"}, "morning")
    pages.post("/journal/log", {"kind": "move", "move": "nothing-such"}, "wrong move")
    pages.post("/journal/checkin", {"morning_pain": "11"}, "wrong")
    pages.post("/progress/review", {"weekly_pain": "5", "interference": "4"}, "partial")
    pages.post(
        "/progress/review",
        {
            "weekly_pain": "5",
            "interference": "4",
            "activity": "gardening",
            "activity_ability": "6",
            "rescreen": "no",
        },
        "saved",
    )
    pages.post("/settings", {"wake": "7 o'clock"}, "wrong")
    response = web.client.post(
        "/settings/import",
        data={"csrf": web.csrf},
        files={"file": ("m.json", b"{}", "application/json")},
    )
    pages.keep("/settings/import wrong", response)
    pages.crawl("/journal")
    # A profile that cannot be read, then a referral.
    pages.stage = "broken"
    (web.home / "profile.toml").write_text(DESK.replace("pain = 4", "pain = 14"))
    pages.get("/")
    pages.get("/settings")
    pages.stage = "referral"
    (web.home / "profile.toml").unlink()
    pages.post("/start", {**ALL_NO, "screen-bladder_bowel": "yes"}, "red flag")
    for path in ("/referral", "/", "/plan", "/handout", "/session?place=desk", "/progress"):
        pages.get(path)
    return pages
