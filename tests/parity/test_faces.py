"""One core, one truth: at the same instant, every face shows the same plan day, the same slots
with the same ids, and the same slot due, for a desk worker and a night-shift worker, after
midnight, before and after waking, and on the Sundays the clocks change in Berlin and New York.

The clocks carry the zone (a ``ZoneInfo``) and ``TZ`` names it, as on a person's machine."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from backbeat.web.site import long_date
from tests.cli.test_plan import DESK, write_profile
from tests.conftest import Result
from tests.parity.faces import (
    NIGHT,
    due_on_today,
    first_plan_day,
    slot_classes,
    today_date,
    uids,
    woken_on,
)
from tests.web.conftest import Web
from tests.web.test_sessions import page_data

Cli = Callable[..., Result]

PEOPLE = {"desk": (DESK, time(7)), "night": (NIGHT, time(15))}
CHANGES = [  # the Sundays the clocks go forward and back
    ("Europe/Berlin", date(2027, 3, 28)),
    ("Europe/Berlin", date(2027, 10, 31)),
    ("America/New_York", date(2027, 3, 14)),
    ("America/New_York", date(2027, 11, 7)),
]
TIMES = [time(0, 30), time(3, 0), time(7, 5), time(21, 0)]


def events(timeline: dict[str, object]) -> list[object]:
    """A timeline's cues as ``session --dry-run --json`` prints them (the page adds ``step``)."""
    listed = timeline["events"]
    assert isinstance(listed, list)
    return [{k: v for k, v in e.items() if k != "step"} for e in listed]


@pytest.mark.parametrize("clock_time", TIMES, ids=lambda t: f"{t:%H%M}")
@pytest.mark.parametrize(("zone", "sunday"), CHANGES, ids=lambda v: str(v).split("/")[-1])
@pytest.mark.parametrize("person", sorted(PEOPLE))
def test_every_face_shows_the_same_day_slots_and_due_slot(
    cli: Cli,
    web: Web,
    tmp_path: Path,
    person: str,
    zone: str,
    sunday: date,
    clock_time: time,
) -> None:
    text, wake = PEOPLE[person]
    write_profile(web.home, text)
    now = datetime.combine(sunday, clock_time, tzinfo=ZoneInfo(zone))
    web.clock.now = now
    day = woken_on(now, wake)

    def run(*argv: str) -> Result:
        result = cli(*argv, at=now)
        assert result.status == 0, (argv, result.err)
        return result

    plan = json.loads(run("plan", "--json").out)
    assert plan["start"] == day.isoformat()
    (planned,) = plan["days"]
    slots = planned["slots"]
    ids = [s["id"] for s in slots]
    assert ids and all(i.startswith(f"{day}/") for i in ids)
    assert len(set(ids)) == len(ids)

    assert f"Reminders for {day:%A %d %B %Y}" in run("remind", "--dry-run").out
    reminded = json.loads(run("remind", "--dry-run", "--json").out)
    assert reminded
    for reminder in reminded:  # each the plan's slot of that id, at its time, with its moves
        slot = slots[ids.index(reminder["id"])]
        moves = [i["move"] for i in slot["items"]]
        want = {"time": slot["time"], "slot": slot["moment"], "moves": moves}
        assert {k: reminder[k] for k in want} == want

    page = web.get("/").text
    assert today_date(page) == day.isoformat()
    assert list(slot_classes(page)) == ids
    due = due_on_today(page)
    assert due is not None
    slot = slots[ids.index(due)]
    now_played = run("now", "--dry-run", "--json")
    assert f"Your {slot['time']} {slot['moment']} slot ({slot['place']})." in now_played.err
    played = json.loads(run("session", "--slot", due, "--dry-run", "--json").out)
    assert json.loads(now_played.out) == played
    assert events(page_data(web.get("/session", params={"slot": due}).text)) == played["events"]
    for other in {ids[0], ids[-1]}:
        run("session", "--slot", other, "--dry-run")

    assert first_plan_day(web.get("/plan").text) == long_date(day)
    exported = tmp_path / "plan.ics"
    run("calendar", str(exported))
    in_file = uids(exported.read_text())
    assert in_file[: len(ids)] == [f"{i}@backbeat.invalid" for i in ids]
    assert uids(web.get("/settings/plan.ics").text) == in_file
    week = {(day + timedelta(days=n)).isoformat() for n in range(7)}
    assert {u.split("/")[0] for u in in_file} == week
