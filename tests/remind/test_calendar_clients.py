"""The calendar file as people's own calendar apps read it: three parsers independent of the code
that wrote it (the icalendar library reading the file's VTIMEZONE rather than its own zone data,
Mozilla's ical.js as Thunderbird and other web calendars use it, and libical as Evolution and
many servers use it, with its RFC 5545/5546 restriction check) must place every event at the
UTC instant Python's zoneinfo gives for its slot, across both changes of the clocks in 2027."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar, Event

from backbeat.remind.calendar import local_start, vtimezone
from tests.cli.test_plan import DESK, write_profile
from tests.conftest import Result
from tests.tools import NODE_MODULES, need_libical, need_npm

Cli = Callable[..., Result]
Starts = dict[str, datetime]
HERE = Path(__file__).parent

# Each zone with the days of its 2027 changes (Kolkata and UTC have none: Berlin's days).
ZONES = {
    "Europe/Berlin": [date(2027, 3, 28), date(2027, 10, 31)],
    "America/New_York": [date(2027, 3, 14), date(2027, 11, 7)],
    "Asia/Kolkata": [date(2027, 3, 28), date(2027, 10, 31)],  # no DST, half-hour offset
    "Australia/Lord_Howe": [date(2027, 4, 4), date(2027, 10, 3)],  # a half-hour DST
    "UTC": [date(2027, 3, 28), date(2027, 10, 31)],
}
CASES = [(zone, day) for zone, days in ZONES.items() for day in days]
# An early riser whose first slots fall in the hours the clocks change, every day of the week.
EVERY_DAY = (
    DESK.replace('wake = "07:00"', 'wake = "01:45"')
    .replace('sleep = "23:00"', 'sleep = "18:00"')
    .replace('"mon", "tue", "wed", "thu", "fri"', '"mon", "tue", "wed", "thu", "fri", "sat", "sun"')
)


def by_icalendar(path: Path) -> Starts:
    """UTC starts as the icalendar library reads them, through the file's VTIMEZONEs (not the
    zone data it would look up by TZID)."""
    calendar = Calendar.from_ical(path.read_bytes())
    zones = {str(tz["TZID"]): tz.to_tz(lookup_tzid=False) for tz in calendar.timezones}
    starts = {}
    for event in calendar.events:
        start = event["DTSTART"]
        tzid = start.params.get("TZID")
        value = start.dt
        if tzid is not None:
            value = value.replace(tzinfo=None).replace(tzinfo=zones[tzid])
        else:
            assert value.utcoffset() == timedelta(0), f"{event['UID']}: a floating time"
        starts[str(event["UID"])] = value.astimezone(UTC)
    return starts


def by_ical_js(path: Path) -> Starts:
    need_npm("ical.js")
    done = subprocess.run(
        ["node", str(HERE / "ical_js_starts.cjs"), str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        env={"NODE_PATH": str(NODE_MODULES), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr
    return {uid: datetime.fromisoformat(at) for uid, at in json.loads(done.stdout)}


def by_libical(path: Path) -> tuple[Starts, list[str]]:
    """UTC starts as libical reads them, and the problems it finds."""
    python = need_libical()
    done = subprocess.run(
        [python, str(HERE / "libical_starts.py"), str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    read = json.loads(done.stdout)
    return {uid: datetime.fromisoformat(at) for uid, at in read["starts"]}, read["problems"]


def agree(path: Path, expected: Starts) -> None:
    """Every parser places every event where zoneinfo does, and libical finds no fault."""
    starts, problems = by_libical(path)
    assert problems == []
    for name, read in [
        ("icalendar", by_icalendar(path)),
        ("ical.js", by_ical_js(path)),
        ("libical", starts),
    ]:
        wrong = {
            uid: f"{read.get(uid)} != {at}" for uid, at in expected.items() if read.get(uid) != at
        }
        assert wrong == {}, f"{name} places {len(wrong)} of {len(expected)} events elsewhere"
        assert read.keys() == expected.keys(), name


def planned(cli: Cli, start: date, at: datetime, zone: ZoneInfo) -> Starts:
    """Each slot's UID and its UTC start, from the plan (not the file) and zoneinfo."""
    result = cli("plan", "--json", "--start", f"{start}", "--days", "5", at=at)
    assert result.status == 0, result.err
    plan = json.loads(result.out)
    return {
        f"{slot['id']}@backbeat.invalid": datetime.combine(
            date.fromisoformat(day["date"]), time.fromisoformat(slot["time"]), zone
        ).astimezone(UTC)
        for day in plan["days"]
        for slot in day["slots"]
    }


@pytest.mark.parametrize(("name", "day"), CASES, ids=[f"{z}-{d:%b}" for z, d in CASES])
def test_every_parser_places_every_event_as_zoneinfo_does(
    cli: Cli, home: Path, tmp_path: Path, name: str, day: date
) -> None:
    zone = ZoneInfo(name)
    write_profile(home, EVERY_DAY)
    start = day - timedelta(days=2)
    at = datetime.combine(start - timedelta(days=1), time(12), zone)
    path = tmp_path / "plan.ics"
    result = cli("calendar", str(path), "--start", f"{start}", "--days", "5", at=at)
    assert result.status == 0, result.err
    expected = planned(cli, start, at, zone)
    before, after = (
        datetime.combine(d, time(12), zone).utcoffset() for d in (start, start + timedelta(days=4))
    )
    assert (before != after) == (name not in ("Asia/Kolkata", "UTC")), "the file spans a change"
    assert len(expected) > 40
    text = path.read_text(encoding="utf-8")
    assert "METHOD" not in text and "RDATE" not in text
    agree(path, expected)


def probe(zone: ZoneInfo, day: date) -> tuple[bytes, Starts]:
    """A file with an event every quarter hour for two days around ``day``, the hours the clocks
    change included, each written as the app writes a slot's start."""
    calendar = Calendar.new(prodid="-//backbeat tests//probe//EN")
    del calendar["UID"]
    calendar.add("calscale", "GREGORIAN")
    expected = {}
    at = datetime.combine(day - timedelta(days=1), time(0), zone).astimezone(UTC)
    for _ in range(48 * 4):
        uid = f"{at:%Y%m%dT%H%MZ}@probe"
        start = local_start(at, zone)
        stamp = datetime(2027, 1, 1, tzinfo=UTC)
        calendar.add_component(Event.new(uid=uid, stamp=stamp, start=start, summary="probe"))
        expected[uid] = at
        at += timedelta(minutes=15)
    if str(zone) != "UTC":
        span = day - timedelta(days=366), day + timedelta(days=366)
        calendar.add_component(vtimezone(zone, *span))
    return calendar.to_ical(), expected


@pytest.mark.parametrize(("name", "day"), CASES, ids=[f"{z}-{d:%b}" for z, d in CASES])
def test_every_quarter_hour_around_the_change_is_read_alike(
    tmp_path: Path, name: str, day: date
) -> None:
    content, expected = probe(ZoneInfo(name), day)
    path = tmp_path / "probe.ics"
    path.write_bytes(content)
    agree(path, expected)


def test_a_change_of_the_clocks_on_the_wrong_day_is_caught(tmp_path: Path) -> None:
    """The check has teeth: autumn's change written a day late puts that day's events an hour
    off, and every parser says so."""
    content, expected = probe(ZoneInfo("Europe/Berlin"), date(2027, 10, 31))
    wrong = content.replace(b"DTSTART:20271031T030000", b"DTSTART:20271101T030000")
    assert wrong != content
    path = tmp_path / "late.ics"
    path.write_bytes(wrong)
    with pytest.raises(AssertionError, match="places"):
        agree(path, expected)


# What icalendar's own VTIMEZONE for Europe/Berlin looked like: one block per kind of time with
# RDATEs for the later changes. RFC 5545 counts the DTSTART as a change too, but ical.js does not
# when RDATEs are there, so it missed the change of 31 October 2027 (and the DTSTART of spring's
# change was an hour late besides).
RDATE_STYLE = b"""BEGIN:VTIMEZONE\r
TZID:Europe/Berlin\r
BEGIN:STANDARD\r
DTSTART:20261028T000000\r
TZNAME:CET\r
TZOFFSETFROM:+0100\r
TZOFFSETTO:+0100\r
END:STANDARD\r
BEGIN:DAYLIGHT\r
DTSTART:20270328T030000\r
RDATE:20280326T030000\r
TZNAME:CEST\r
TZOFFSETFROM:+0100\r
TZOFFSETTO:+0200\r
END:DAYLIGHT\r
BEGIN:STANDARD\r
DTSTART:20271031T030000\r
RDATE:20281029T030000\r
TZNAME:CET\r
TZOFFSETFROM:+0200\r
TZOFFSETTO:+0100\r
END:STANDARD\r
END:VTIMEZONE\r
"""


def test_ical_js_misreads_the_rdate_style_the_files_no_longer_use(tmp_path: Path) -> None:
    content, expected = probe(ZoneInfo("Europe/Berlin"), date(2027, 10, 31))
    begin = content.index(b"BEGIN:VTIMEZONE")
    end = content.index(b"END:VTIMEZONE\r\n") + len(b"END:VTIMEZONE\r\n")
    path = tmp_path / "rdates.ics"
    path.write_bytes(content[:begin] + RDATE_STYLE + content[end:])
    read = by_ical_js(path)
    assert sum(read[uid] != at for uid, at in expected.items()) > 0


def test_libical_names_a_method_without_an_organizer_and_a_comment_in_a_vtimezone(
    tmp_path: Path,
) -> None:
    content, _ = probe(ZoneInfo("Europe/Berlin"), date(2027, 3, 28))
    path = tmp_path / "faults.ics"
    path.write_bytes(
        content.replace(b"CALSCALE:GREGORIAN", b"CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH").replace(
            b"TZID:Europe/Berlin\r\n", b"TZID:Europe/Berlin\r\nCOMMENT:a note\r\n", 1
        )
    )
    _, problems = by_libical(path)
    assert any("ORGANIZER" in p for p in problems), problems


def test_each_event_lists_its_movements_and_their_cautions(
    cli: Cli, home: Path, tmp_path: Path
) -> None:
    write_profile(home, EVERY_DAY)
    zone = ZoneInfo("Europe/Berlin")
    path = tmp_path / "plan.ics"
    at = datetime(2027, 3, 26, 12, tzinfo=zone)
    assert cli("calendar", str(path), "--start", "2027-03-27", "--days", "2", at=at).status == 0
    from tests.plan.strategies import CATALOGUE

    for event in Calendar.from_ical(path.read_bytes()).events:
        description = str(event["DESCRIPTION"])
        summary = str(event["SUMMARY"])
        named = [m for m in CATALOGUE.movements.values() if f"{m.name}: " in description]
        assert named, summary
        for movement in named:
            for caution in movement.cautions:
                assert f"- {caution}" in description, (summary, caution)
