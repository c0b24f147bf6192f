"""Where the faces used to disagree, one reproduction each: a week's plan against its days, a
red flag beside a typing slip, two slots at one minute, the plans the web gives, the weekly
review's blank activity, a time typed across a clock change, and the night before waking."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx

from backbeat.safety import wording
from tests.cli.test_plan import DESK, write_profile
from tests.conftest import Result
from tests.parity.faces import due_on_today, slot_classes, today_date
from tests.web.conftest import MONDAY_10_40, Web
from tests.web.test_progress import REVIEW, days_ago
from tests.web.test_sessions import page_data

Cli = Callable[..., Result]
BERLIN = ZoneInfo("Europe/Berlin")


def history(cli: Cli) -> list[dict[str, Any]]:
    """The journal as ``backbeat history --json`` gives it, newest first."""
    records: list[dict[str, Any]] = json.loads(cli("history", "--json").out)
    return records


def refused(response: httpx.Response) -> list[str]:
    """What a form's page says was wrong with it."""
    return re.findall(
        r"\b(?:activity|when|movement|pain during): [^<]+", html.unescape(response.text)
    )


def moves_of(day: dict[str, object]) -> set[str]:
    slots = day["slots"]
    assert isinstance(slots, list)
    return {item["move"] for slot in slots for item in slot["items"]}


def test_each_day_of_a_weeks_plan_is_planned_with_its_own_week(cli: Cli, home: Path) -> None:
    write_profile(home)
    now = datetime(2026, 12, 3, 12, tzinfo=BERLIN)
    for move, pain, at, *sharp in [
        ("knee-rolls", "2", "2026-11-17T21:10"),  # week 1 begins on Monday 16 November
        ("knee-rolls", "1", "2026-11-24T21:10", "--sharp"),  # week 2: left out in week 3
        ("single-knee-to-chest", "7", "2026-11-25T21:05"),  # week 2: stepped back in week 3
    ]:
        logged = cli("log", move, "--pain-during", pain, "--at", at, *sharp, at=now)
        assert logged.status == 0, logged.err
    week = json.loads(cli("plan", "--start", "2026-11-26", "--days", "7", "--json", at=now).out)
    days = week["days"]
    for day in days:  # Thursday to Wednesday
        alone = cli("plan", "--start", day["date"], "--days", "1", "--json", at=now)
        assert json.loads(alone.out)["days"] == [day]
    assert [d["week"] for d in days] == [2, 2, 2, 2, 3, 3, 3]
    assert any("knee-rolls" in moves_of(d) for d in days[:4])
    assert all(not {"knee-rolls", "single-knee-to-chest"} & moves_of(d) for d in days[4:])


FEVER = DESK.replace("[screen]\n", "[screen]\nfever = true\n")
FEVER_AND_A_SLIP = FEVER.replace("break_every = 30", "break_every = 3")


def test_a_red_flag_wins_over_an_invalid_value_on_every_face(
    cli: Cli, web: Web, tmp_path: Path
) -> None:
    slip = cli("plan", "--profile", str(write_profile(tmp_path, DESK.replace("= 30", "= 3"))))
    assert slip.status == 1 and "prefs.break_every" in slip.err  # the slip alone is refused
    told = json.loads(cli("plan", "--json", "--profile", str(write_profile(tmp_path, FEVER))).out)
    referral = told["referral"]["message"]
    write_profile(web.home, FEVER_AND_A_SLIP)
    for argv in [
        ("session", "knees-to-chest", "--dry-run"),
        ("session", "knees-to-chest"),
        ("now", "--dry-run"),
        ("now",),
        ("plan",),
        ("plan", "--json"),
    ]:
        result = cli(*argv, at=MONDAY_10_40)
        assert result.status == 3, (argv, result.out, result.err)
        assert referral in result.out, argv
    for path in ["/session?move=knees-to-chest", "/session?place=desk", "/", "/plan"]:
        response = web.get(path)
        page = html.unescape(response.text)
        assert response.status_code == 200 and referral in page, path
        assert wording.HEADINGS["urgent"] in page and 'id="session-data"' not in page, path


def test_two_slots_due_at_one_minute_are_moved_apart_and_keep_their_ids_and_check_ins(
    cli: Cli, web: Web
) -> None:
    """Issue 18: a TV moment at 21:00 and the evening stretches due at 21:00 do not fire
    together: the stretches come at 20:55; and with TV done, the day is not over while the
    stretches are not."""
    write_profile(web.home)
    plan = json.loads(cli("plan", "--json", at=MONDAY_10_40).out)
    at_nine = {s["moment"]: s for s in plan["days"][0]["slots"] if s["time"] in ("20:55", "21:00")}
    assert {s["time"] for s in at_nine.values()} == {"20:55", "21:00"}
    assert at_nine["TV"]["time"] == "21:00" and at_nine["evening"]["time"] == "20:55"
    tv, evening = at_nine["TV"], at_nine["evening"]
    assert (tv["id"], evening["id"]) == ("2026-11-23/tv", "2026-11-23/evening")
    page = web.get("/").text
    for slot in (tv, evening):
        assert f'href="/session?slot={slot["id"]}"' in page
        played = page_data(web.get("/session", params={"slot": slot["id"]}).text)
        steps = played["steps"]
        assert isinstance(steps, list)
        assert [s["move"] for s in steps] == [i["move"] for i in slot["items"]]
    web.clock.now = MONDAY_10_40.replace(hour=21, minute=5)
    moves = " ".join(i["move"] for i in tv["items"])
    saved = web.post(
        "/session/checkin",
        {
            "started": moves,
            "completed": moves,
            "planned": moves,
            "slot": tv["id"],
            "seconds": "30",
            "answered": "yes",
            "pain": "1",
            "sharp": "no",
            "difficulty": "easy",
        },
    )
    assert saved.status_code == 200, saved.text
    (kept,) = [r for r in history(cli) if "session" in r]
    assert kept["slot"] == tv["id"]
    states = slot_classes(web.get("/").text)
    assert "is-done" in states[tv["id"]]
    assert "is-done" not in states[evening["id"]]
    page = web.get("/").text
    assert "That's everything for today" not in page and "20:55 evening" in page
    today = web.get("/api/v1/today").json()
    assert today["finished"] is False


def plans_kept(cli: Cli) -> list[dict[str, Any]]:
    return [r["plan"] for r in history(cli) if "plan" in r]


def test_the_plan_page_keeps_the_plan_it_shows(cli: Cli, web: Web) -> None:
    write_profile(web.home)
    assert web.get("/plan").status_code == 200
    (kept,) = plans_kept(cli)
    shown = json.loads(cli("plan", "--days", "7", "--json", at=MONDAY_10_40).out)
    assert kept == shown  # what the command gives for the same week, so nothing new is kept
    assert len(plans_kept(cli)) == 1


def test_looking_again_and_again_keeps_each_plan_once(cli: Cli, web: Web) -> None:
    write_profile(web.home)
    web.get("/")
    assert [len(p["days"]) for p in plans_kept(cli)] == [1]
    for _ in range(3):
        for path in ["/plan", "/"]:
            assert web.get(path).status_code == 200
            web.clock.now += timedelta(minutes=1)  # a new minute: the page is made again
    assert [len(p["days"]) for p in plans_kept(cli)] == [7, 1]  # the week, then today
    cli("plan", at=web.clock.now)
    assert len(plans_kept(cli)) == 2


def test_a_blank_activity_on_the_web_review_is_last_weeks_as_on_the_command_line(
    cli: Cli, web: Web
) -> None:
    first = cli(
        "review", "--pain", "6", "--interference", "5", "--activity", "gardening",
        "--ability", "4", "--at", days_ago(7, 19).isoformat(), at=MONDAY_10_40,
    )  # fmt: skip
    assert first.status == 0, first.err
    saved = web.post("/progress/review", {**REVIEW, "activity": ""})
    assert saved.status_code == 303, refused(saved)
    later = MONDAY_10_40 + timedelta(hours=1)
    asked = cli(
        "review", "--pain", "4", "--interference", "3", "--ability", "7", stdin="\nn\n", at=later
    )
    assert asked.status == 0, asked.err
    reviews = [r for r in history(cli) if "weekly_pain" in r]
    assert [(r["at"], r["activity"]) for r in reviews] == [
        (later.isoformat(), "gardening"),
        (MONDAY_10_40.isoformat(), "gardening"),
        (days_ago(7, 19).isoformat(), "gardening"),
    ]


def test_a_time_typed_keeps_the_offset_of_its_own_day(cli: Cli, web: Web) -> None:
    now = datetime(2027, 3, 29, 10, tzinfo=timezone(timedelta(hours=2)))  # as the system gives
    web.clock.now = now
    typed = {"2027-03-27T23:30": "+01:00", "2027-03-28T12:00": "+02:00"}  # clocks went forward
    for at in typed:
        logged = cli("log", "knee-rolls", "--pain-during", "2", "--at", at, at=now)
        assert logged.status == 0, logged.err
        sent = web.post("/journal/log", {"move": "pelvic-rocking", "pain_during": "3", "at": at})
        assert sent.status_code == 303, refused(sent)
    stored = {(r["move"], r["at"]) for r in history(cli) if "move" in r}
    assert stored == {
        (move, f"{at}:00{offset}")
        for move in ("knee-rolls", "pelvic-rocking")
        for at, offset in typed.items()
    }


def test_three_in_the_morning_is_still_the_day_before_on_every_face(cli: Cli, web: Web) -> None:
    write_profile(web.home)  # wakes at 07:00
    now = datetime(2026, 11, 24, 3, tzinfo=BERLIN)
    web.clock.now = now
    day = date(2026, 11, 23)
    planned = json.loads(cli("plan", "--json", at=now).out)
    assert planned["start"] == day.isoformat()
    assert "Monday 23 November 2026" in cli("plan", at=now).out
    assert "Your 22:50 bedtime slot (bed)." in cli("now", "--dry-run", at=now).err
    page = web.get("/").text
    assert today_date(page) == day.isoformat()
    assert due_on_today(page) == f"{day}/bedtime"
    assert list(slot_classes(page)) == [s["id"] for s in planned["days"][0]["slots"]]
