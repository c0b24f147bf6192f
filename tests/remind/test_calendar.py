"""`backbeat calendar`: the file is read back with vobject, a parser independent of the
icalendar library that wrote it, and checked against the plan."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import vobject

from tests.cli.test_plan import DESK, write_profile
from tests.conftest import Result
from tests.plan.strategies import CATALOGUE

Cli = Callable[..., Result]
PARIS = ZoneInfo("Europe/Paris")
SUNDAY_NOON = datetime(2026, 11, 22, 12, tzinfo=PARIS)


def read(path: Path) -> Any:
    return vobject.readOne(path.read_text(encoding="utf-8"))


def export(cli: Cli, path: Path, *argv: str, at: datetime = SUNDAY_NOON) -> Any:
    result = cli("calendar", str(path), *argv, at=at)
    assert result.status == 0, result.err
    return read(path)


def test_one_event_per_slot_with_what_to_do_and_an_alarm(
    cli: Cli, home: Path, tmp_path: Path
) -> None:
    write_profile(home)
    calendar = export(cli, tmp_path / "plan.ics", "--start", "2026-11-23", "--days", "2")
    plan = json.loads(cli("plan", "--json", "--start", "2026-11-23", "--days", "2").out)
    slots = [(d["date"], s) for d in plan["days"] for s in d["slots"]]
    events = calendar.vevent_list
    assert len(events) == len(slots)
    assert calendar.version.value == "2.0" and calendar.prodid.value.startswith("-//backbeat//")
    for event, (day, slot) in zip(events, slots, strict=True):
        start = event.dtstart.value
        assert start.tzinfo is not None and start.utcoffset() == timedelta(hours=1)
        assert f"{start:%Y-%m-%d %H:%M}" == f"{day} {slot['time']}"
        assert event.dtend.value > start
        names = [CATALOGUE.movements[i["move"]].name for i in slot["items"]]
        description = event.description.value
        for name in names:
            assert f"{name}: " in description
        assert "backbeat session --slot " + slot["id"] in description
        assert "not a diagnosis or a treatment" in description
        assert names[0].lower() in event.summary.value.lower()
        (alarm,) = event.valarm_list
        assert alarm.action.value == "DISPLAY"
        assert alarm.trigger.value == timedelta(0) and alarm.description.value
    uids = [e.uid.value for e in events]
    assert len(set(uids)) == len(uids)


def test_times_are_in_the_persons_named_zone_across_a_daylight_saving_change(
    cli: Cli, home: Path, tmp_path: Path
) -> None:
    write_profile(home, DESK.replace('"mon", "tue", "wed", "thu", "fri"', '"sat", "sun"'))
    path = tmp_path / "spring.ics"
    calendar = export(cli, path, "--start", "2026-03-28", "--days", "2")
    text = path.read_text()
    assert "BEGIN:VTIMEZONE" in text and "TZID:Europe/Paris" in text
    assert "DTSTART;TZID=Europe/Paris:20260329T093000" in text
    by_day: dict[str, list[datetime]] = {}
    for event in calendar.vevent_list:
        start = event.dtstart.value
        by_day.setdefault(f"{start:%d}", []).append(start)
    saturday, sunday = by_day["28"], by_day["29"]
    assert [f"{s:%H:%M}" for s in saturday] == [f"{s:%H:%M}" for s in sunday]
    assert {s.utcoffset() for s in saturday} == {timedelta(hours=1)}
    assert {s.utcoffset() for s in sunday if s.hour >= 3} == {timedelta(hours=2)}


def test_exporting_again_keeps_each_events_uid_so_a_reimport_updates_it(
    cli: Cli, home: Path, tmp_path: Path
) -> None:
    write_profile(home)
    first = export(cli, tmp_path / "a.ics", "--start", "2026-11-23")
    later = SUNDAY_NOON + timedelta(hours=3)
    write_profile(home, DESK.replace('wake = "07:00"', 'wake = "06:30"'))
    second = export(cli, tmp_path / "b.ics", "--start", "2026-11-23", at=later)
    assert [e.uid.value for e in first.vevent_list] == [e.uid.value for e in second.vevent_list]
    assert first.vevent_list[0].dtstart.value != second.vevent_list[0].dtstart.value
    stamps = {e.dtstamp.value for e in second.vevent_list}
    assert stamps == {later.astimezone(UTC)}
    days = {e.dtstart.value.date() for e in first.vevent_list}
    assert len(days) == 7  # a week unless --days says otherwise


def test_with_only_an_offset_known_times_are_written_in_utc(
    cli: Cli, home: Path, tmp_path: Path
) -> None:
    write_profile(home)
    offset = datetime(2026, 11, 22, 12, tzinfo=timezone(timedelta(hours=5, minutes=45)))
    path = tmp_path / "utc.ics"
    calendar = export(cli, path, "--start", "2026-11-23", "--days", "1", at=offset)
    first = calendar.vevent_list[0].dtstart.value
    assert first.utcoffset() == timedelta(0) and "VTIMEZONE" not in path.read_text()
    assert first.astimezone(offset.tzinfo).strftime("%H:%M") == "07:00"


def test_a_referral_writes_no_calendar(cli: Cli, home: Path, tmp_path: Path) -> None:
    write_profile(home, DESK.replace("bladder_bowel = false", "bladder_bowel = true"))
    path = tmp_path / "plan.ics"
    result = cli("calendar", str(path), at=SUNDAY_NOON)
    assert result.status == 3 and "No calendar was written." in result.out
    assert not path.exists()


@pytest.mark.parametrize(
    ("argv", "status", "said"),
    [
        (("--days", "0"), 2, "'0' is not a number of days"),
        (("--start", "soon"), 2, "'soon' is not a date"),
    ],
)
def test_bad_flags_are_named(
    cli: Cli, home: Path, tmp_path: Path, argv: tuple[str, ...], status: int, said: str
) -> None:
    write_profile(home)
    result = cli("calendar", str(tmp_path / "x.ics"), *argv, at=SUNDAY_NOON)
    assert result.status == status and said in result.err


def test_a_file_that_cannot_be_written_exits_1(cli: Cli, home: Path, tmp_path: Path) -> None:
    write_profile(home)
    result = cli("calendar", str(tmp_path / "no" / "such" / "x.ics"), at=SUNDAY_NOON)
    assert result.status == 1 and "cannot be written" in result.err
