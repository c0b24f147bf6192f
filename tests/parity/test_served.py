"""The command line and the JSON API, served for real, give one answer: at the same instant, for
the same person, the same plan day, the same slots with the same ids, the same referral, and the
same session gate (the same timeline when a session may start, the same refusal in the same
words when it may not).

The API is ``backbeat.web.app.create_app`` served by uvicorn on a free loopback port, one
server per time zone for the whole module, moved from instant to instant by its clock; the
commands run in-process on the same home at the same instant. The instants are 00:30, 03:00,
07:05 and 21:00 on the Sundays the clocks change in Berlin and New York; the people a desk
worker, a night-shift worker, one with a red-flag answer, one with a value out of range, one
with both, and one with no profile yet."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from backbeat.session.gate import MISSING
from tests.cli.test_plan import DESK
from tests.conftest import Result, run_cli
from tests.parity.faces import NIGHT, woken_on
from tests.parity.test_faces import CHANGES, TIMES
from tests.web.conftest import Clock, live, make_app

FEVER = DESK.replace("[screen]\n", "[screen]\nfever = true\n")
SLIP = DESK.replace("break_every = 30", "break_every = 3")
PEOPLE: dict[str, tuple[str | None, int]] = {  # the profile, and what ``plan`` exits with
    "desk": (DESK, 0),
    "night": (NIGHT, 0),
    "red-flag": (FEVER, 3),
    "invalid": (SLIP, 1),
    "red-flag-and-invalid": (FEVER.replace("break_every = 30", "break_every = 3"), 3),
    "no-profile": (None, 2),
}
WAKES = {"night": time(15)}  # the others wake at 07:00, the usual wake for a profile unread
STATUS = {0: 200, 1: 409, 2: 404, 3: 403}  # an exit code, and the API's status for the same
MEANT = re.compile(r"did you mean ([^?]+)\?")


@dataclass
class Served:
    """One person's home, served on a real port, and the command line on the same home."""

    zone: str
    home: Path
    clock: Clock
    http: httpx.Client

    @property
    def profile(self) -> Path:
        return self.home / "profile.toml"

    def wear(self, text: str | None) -> None:
        """This person's profile, written as a new file (the app sees the change at once)."""
        if text is None:
            self.profile.unlink(missing_ok=True)
        elif not self.profile.exists() or self.profile.read_text() != text:
            written = self.home / "profile.toml.new"
            written.write_text(text)
            written.replace(self.profile)

    def cli(self, *argv: str) -> Result:
        environ = {"BACKBEAT_HOME": str(self.home), "TZ": self.zone}
        return run_cli(environ, *argv, at=self.clock.now)

    def get(self, path: str, params: dict[str, Any] | None = None) -> httpx.Response:
        response = self.http.get(path, params=params)
        assert response.headers["content-type"].startswith("application/json"), response.text
        return response


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str], Served]]:
    """The server of a time zone, started the first time it is asked for."""
    made: dict[str, Served] = {}
    with ExitStack() as stack:

        def server(zone: str) -> Served:
            if zone not in made:
                home = tmp_path_factory.mktemp(zone.replace("/", "-"))
                clock = Clock(datetime(2027, 1, 4, 12, tzinfo=ZoneInfo(zone)))
                base = stack.enter_context(live(make_app(home, {"TZ": zone}, clock)))
                http = stack.enter_context(httpx.Client(base_url=f"{base}/api/v1", timeout=30))
                made[zone] = Served(zone, home, clock, http)
            return made[zone]

        yield server


def said(result: Result) -> list[str]:
    return result.err.splitlines()


def nearest(text: str) -> list[str]:
    """The movement ids a refusal suggests."""
    found = MEANT.search(text)
    assert found is not None, text
    return found.group(1).split(" or ")


def agree(
    served: Served,
    printed: Result,
    answer: httpx.Response,
    referral: object,
    slot_ids: list[str],
) -> None:
    """A command's ``--dry-run --json`` and the API's answer to the same request agree: the
    same timeline, byte for byte, or the same refusal in the same words."""
    assert answer.status_code == STATUS[printed.status], (printed, answer.text)
    if answer.status_code == 200:
        assert answer.text == printed.out
        return
    body = answer.json()
    problems = body["problems"]
    if answer.status_code == 403:  # the referral: the gate's words, and the referral itself
        assert problems == [{"field": "screen", "message": printed.out.removesuffix("\n")}]
        assert body["referral"] == referral
        return
    assert printed.out == ""
    if answer.status_code == 409:  # the profile's problems, then the gate's words
        *listed, last = problems
        assert last["field"] == "(profile)"
        named = [f"{served.profile}: {p['field']}: {p['message']}" for p in listed]
        assert said(printed) == [*named, last["message"]]
        return
    (problem,) = problems
    if problem["field"] == "(profile)":  # a slot with no profile
        assert problem["message"] == MISSING and said(printed) == [MISSING]
    elif problem["field"] == "move":
        assert "unknown movement" in printed.err
        assert nearest(problem["message"]) == nearest(printed.err)
    else:
        assert problem["field"] == "slot", problem
        assert "today's plan has no" in printed.err
        assert problem["message"].endswith(f"(today's slots: {', '.join(slot_ids)})")


@pytest.mark.parametrize("clock_time", TIMES, ids=lambda t: f"{t:%H%M}")
@pytest.mark.parametrize(("zone", "sunday"), CHANGES, ids=lambda v: str(v).split("/")[-1])
@pytest.mark.parametrize("person", list(PEOPLE))
def test_the_command_line_and_the_served_api_agree(
    servers: Callable[[str], Served], person: str, zone: str, sunday: date, clock_time: time
) -> None:
    served = servers(zone)
    text, status = PEOPLE[person]
    served.wear(text)
    now = datetime.combine(sunday, clock_time, tzinfo=ZoneInfo(zone))
    served.clock.now = now
    day = woken_on(now, WAKES.get(person, time(7)))

    planned = served.cli("plan", "--json")
    assert planned.status == status, planned.err
    plan, today = served.get("/plan"), served.get("/today")
    for answer in (plan, today):  # a referral is 200, with no slots, where ``plan`` exits 3
        assert answer.status_code == {3: 200}.get(status, STATUS[status]), answer.text
    referral: object = None
    slots: list[dict[str, Any]] = []
    if status == 1:  # each problem of the file, by its key
        for answer in (plan, today):
            named = [
                f"{served.profile}: {p['field']}: {p['message']}" for p in answer.json()["problems"]
            ]
            assert named == said(planned)
    elif status in (0, 3):  # the plan day, its slots and ids, the referral
        assert plan.text == planned.out
        shown = plan.json()
        (first,) = shown["days"]
        assert shown["start"] == first["date"] == today.json()["date"] == day.isoformat()
        slots = first["slots"]
        assert [s["id"] for s in today.json()["slots"]] == [s["id"] for s in slots]
        assert all(s["id"].startswith(f"{day}/") for s in slots)
        assert len({s["id"] for s in slots}) == len(slots)
        referral = shown["referral"]
        assert today.json()["referral"] == referral
        assert (referral is not None) == (status == 3)
        assert bool(slots) == (status == 0)
    ids = [s["id"] for s in slots]
    due = today.json()["due"] if today.status_code == 200 else None

    asked: list[tuple[tuple[str, ...], dict[str, Any]]] = [
        (("session", "--slot", "lunch"), {"slot": "lunch"}),
        (
            ("session", "knee-rolls", "cat-cow", "--speed", "3"),
            {"move": ["knee-rolls", "cat-cow"], "speed": 3},
        ),
        (("session", "knee-rols"), {"move": "knee-rols"}),
        (("now", "--place", "car"), {"place": "car"}),
    ]
    for slot_id in dict.fromkeys([due, *ids[:1], *ids[-1:]] if slots else [f"{day}/bedtime"]):
        assert slot_id is not None
        asked.append((("session", "--slot", slot_id), {"slot": slot_id}))
    moment = slots[-1]["moment"].upper() if slots else "BEDTIME"
    asked.append((("session", "--slot", moment), {"slot": moment}))
    asked.append((("now",), {"slot": due} if due is not None else {}))
    for argv, params in asked:
        printed = served.cli(*argv, "--dry-run", "--json")
        agree(served, printed, served.get("/session", params=params), referral, ids)
        if argv[0] == "now" and printed.status == 0:  # the slot it plays is the one due
            slot = next((s for s in slots if s["id"] == params.get("slot")), None)
            if slot is not None:
                assert said(printed) == [
                    f"Your {slot['time']} {slot['moment']} slot ({slot['place']})."
                ]
            elif status == 0:
                assert "here is" in printed.err and "micro-break" in printed.err
            else:
                assert printed.err.startswith("No profile yet")
