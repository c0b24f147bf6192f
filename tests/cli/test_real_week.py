"""Issue 18 through the command line: a commuter's week in ``plan --json``, ``--slot tv`` in any
case, and ``now`` in the middle of the night."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

from tests.cli.test_plan import write_profile
from tests.cli.test_session import dry

HERE = timezone(timedelta(hours=1))
COMMUTER = """\
pain = 3
age = 45
[day]
wake = "07:00"
sleep = "23:00"
[[day.work]]
start = "09:00"
end = "17:30"
place = "desk"
[[day.moments]]
name = "Drive to work"
at = "08:15"
place = "car"
minutes = 40
days = ["mon", "tue", "wed", "thu", "fri"]
[[day.moments]]
name = "TV"
at = "21:00"
place = "sofa"
"""


def test_the_commuters_week_in_plan_json(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    write_profile(home, COMMUTER)
    result = cli("plan", "--start", "2026-11-30", "--days", "7", "--json")
    assert result.status == 0, result.err
    for day in json.loads(result.out)["days"]:
        drives = [s for s in day["slots"] if s["moment"] == "Drive to work"]
        weekend = day["date"] in ("2026-12-05", "2026-12-06")
        assert (drives == []) == weekend
        if drives:
            assert drives[0]["time"] == "08:55" and drives[0]["place"] == "car"
            assert all("parked" in i["why"] for i in drives[0]["items"])
        times = [s["time"] for s in day["slots"]]
        assert len(times) == len(set(times))  # TV and the evening at 21:00 do not fire together
        desk = [s["items"][0]["move"] for s in day["slots"] if s["moment"] == "desk"]
        for n, move in enumerate(desk):
            assert move not in desk[n + 1 : n + 3]


def test_slot_names_are_matched_in_any_case(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    write_profile(home, COMMUTER)
    at = datetime(2026, 11, 30, 20, 0, tzinfo=HERE)
    lower = dry(cli, "session", "--slot", "tv", at=at)
    upper = dry(cli, "session", "--slot", "TV", at=at)
    assert lower == upper and lower["events"]
    drive = dry(cli, "session", "--slot", "drive to work", at=at)
    assert drive["events"]


def test_the_plan_json_keeps_the_profile_keys_it_was_given(home: Path) -> None:
    from backbeat.catalog.loader import builtin
    from backbeat.plan.profile_file import read_profile
    from backbeat.plan.profile_toml import profile_toml

    path = write_profile(home, COMMUTER)
    profile, problems = read_profile(path, builtin())
    assert profile is not None and not problems
    text = profile_toml(profile)
    assert "minutes = 40" in text and 'days = ["mon", "tue", "wed", "thu", "fri"]' in text
    assert text.count("days =") == 2  # the work block's and the drive's; TV is every day


def test_calendar_main_keeps_the_main_slots_and_folds_breaks_into_a_daily_note(
    cli,
    home: Path,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    from datetime import date

    from icalendar import Calendar

    from tests.remind.test_calendar_clients import by_libical

    write_profile(home, COMMUTER)
    path = tmp_path / "main.ics"
    at = datetime(2026, 11, 30, 6, 0, tzinfo=HERE)
    result = cli("calendar", str(path), "--main", "--start", "2026-11-30", "--days", "7", at=at)
    assert result.status == 0, result.err
    assert "as 5 all-day notes" in result.out
    events = Calendar.from_ical(path.read_bytes()).events
    notes = [e for e in events if type(e["DTSTART"].dt) is date]
    timed = [e for e in events if type(e["DTSTART"].dt) is not date]
    assert len(notes) == 5 and all(not e.subcomponents for e in notes)  # no alarm on a note
    assert all("Desk breaks today" in str(e["SUMMARY"]) for e in notes)
    assert all(e.subcomponents for e in timed)  # each main slot keeps its alarm
    assert not any("/desk" in str(e["UID"]) for e in timed)
    moments = {str(e["UID"]).split("/")[1].split("@")[0] for e in timed}
    assert {"waking", "morning", "evening", "bedtime", "walk", "tv", "drive-to-work"} == moments
    full = tmp_path / "full.ics"
    assert cli("calendar", str(full), "--start", "2026-11-30", "--days", "7", at=at).status == 0
    assert len(Calendar.from_ical(full.read_bytes()).events) > 2 * len(events)
    starts, problems = by_libical(path)
    # an all-day note has a date, not a time: the helper names it floating, as it is meant to be
    note = "/breaks@backbeat.invalid: a floating time"
    assert [p for p in problems if not p.endswith(note)] == []
    assert len(starts) >= len(timed)


def test_init_asks_for_age_and_a_commute(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    answers = (
        "n\n" * 15
        + "45\n\n"  # age, onset skipped
        + "4\n07:00\n23:00\ndesk\n09:00\n17:30\nmon tue wed thu fri\n\n20\ny\n"
        + "40\n08:15\nmon tue wed thu fri\n"  # the drive to work
    )
    result = cli("init", stdin=answers)
    assert result.status == 0, result.err
    text = (home / "profile.toml").read_text()
    assert "age = 45" in text and 'name = "Drive to work"' in text and "minutes = 40" in text
    plan = json.loads(cli("plan", "--start", "2026-11-30", "--json").out)
    there = next(s for s in plan["days"][0]["slots"] if s["moment"] == "Drive to work")
    assert there["time"] == "08:55"
    home_again = next(s for s in plan["days"][0]["slots"] if s["moment"] == "Drive home")
    assert home_again["time"] == "18:10"
