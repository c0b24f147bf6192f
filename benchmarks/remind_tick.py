"""What one look of the reminder daemon costs, with a year of journal behind it: reading the last
14 days of records (which every look does, by the index on time: ``journal.summary.recent``)
alone, beside every record of those days read as the journal's own ``records(since=...)`` reads
them, and beside the whole look (that read, the pause file and the rules), in the same run. The
daemon looks every 20 seconds, so a look of a few milliseconds is nothing to a laptop's battery.

Beside the look without them, the look with the busy calendar (``[prefs] busy``: a year of
meetings, two weekly recurring ones among them) and the attention checks of this desktop (do
not disturb, a locked screen, a full-screen window: those this session can make, named): once
with the calendar read and expanded at every look, once as the daemon does it (read again only
when the file changes).

Run: ``.venv/bin/python benchmarks/remind_tick.py [--looks N]``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
import time as clock
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from backbeat.catalog.catalogue import Catalogue
from backbeat.catalog.loader import builtin
from backbeat.journal import summary
from backbeat.journal.db import open_database
from backbeat.journal.store import Journal
from backbeat.plan.builder import make_plan
from backbeat.plan.profile import WEEKDAYS, Day, Prefs, Profile, WorkBlock
from backbeat.records import MoveRecord, Record, ReminderEvent, ReminderRecord
from backbeat.remind.attention import Attention
from backbeat.remind.busy import calendar_blocks
from backbeat.remind.daemon import MEMORY, REMINDING
from backbeat.remind.due import dues
from backbeat.remind.hold import Block
from backbeat.remind.hold import look as decide
from backbeat.remind.pause import read_pause
from backbeat.remind.rules import Known, Settings, due_now

ZONE = ZoneInfo("Europe/Paris")
PROFILE = Profile(
    day=Day(work=(WorkBlock(start=time(9), end=time(17, 30), days=WEEKDAYS),)),
    prefs=Prefs(minutes_per_day=40),
)


def a_year(catalogue: Catalogue, names: dict[str, str], today: date) -> list[Record]:
    """Every slot of every day for a year reminded and answered; every other one done."""
    records: list[Record] = []
    for back in range(365, 0, -1):
        day = today - timedelta(days=back)
        plan = make_plan(PROFILE, catalogue, [], day)
        for n, due in enumerate(dues(plan.days[0], PROFILE, names, ZONE)):
            answer: ReminderEvent = "done" if n % 2 else "skipped"
            steps: tuple[tuple[ReminderEvent, int], ...] = (("sent", 0), (answer, 2))
            for event, after in steps:
                at = due.at + timedelta(minutes=after)
                moves = [*due.moves]
                records.append(
                    ReminderRecord(at=at, reminder=event, slot=due.moment, due=due.at, moves=moves)
                )
            if n % 2:
                at = due.at + timedelta(minutes=3)
                records.append(MoveRecord(at=at, move=due.moves[0], pain_during=2))
    return records


def a_calendar(today: date) -> str:
    """A year of a desk worker's calendar: a meeting most working days, two weekly meetings."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//backbeat//benchmark//EN"]
    for n, back in enumerate(range(-180, 180)):
        day = today + timedelta(days=back)
        if day.weekday() < 5:
            lines += [
                "BEGIN:VEVENT",
                f"UID:m{n}@b",
                "DTSTAMP:20260101T000000Z",
                f"DTSTART;TZID=Europe/Paris:{day:%Y%m%d}T1400{n % 6}0",
                "DURATION:PT45M",
                f"SUMMARY:Meeting {n}",
                "END:VEVENT",
            ]
    for uid, hour, rule in (
        ("standup", "0930", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
        ("review", "1600", "FREQ=WEEKLY;BYDAY=FR"),
    ):
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid}@b",
            "DTSTAMP:20260101T000000Z",
            f"DTSTART;TZID=Europe/Paris:20250106T{hour}00",
            "DURATION:PT30M",
            f"RRULE:{rule}",
            f"SUMMARY:{uid}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


async def _attention_looks(
    count: int, attention: Attention, step: Callable[[list[Block]], None]
) -> float:
    began = clock.perf_counter()
    for _ in range(count):
        seen = await attention.blocks()
        step(seen)
    return (clock.perf_counter() - began) / count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--looks", type=int, default=300)
    count = parser.parse_args().looks
    catalogue = builtin()
    names = {m.id: m.name for m in catalogue.movements.values()}
    today = date(2026, 11, 23)
    now = datetime(2026, 11, 23, 10, 31, tzinfo=ZONE)
    history = a_year(catalogue, names, today)
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        journal = Journal(open_database(f"sqlite:///{home / 'backbeat.db'}"))
        journal.add(history)
        plan = make_plan(PROFILE, catalogue, journal.records(), today)
        found = dues(plan.days[0], PROFILE, names, ZONE)
        settings = Settings.of(PROFILE)
        recent = len(journal.records(since=now - MEMORY))

        began = clock.perf_counter()
        for _ in range(count):
            journal.records(since=now - MEMORY)
        every = (clock.perf_counter() - began) / count

        began = clock.perf_counter()
        for _ in range(count):
            summary.recent(journal, now - MEMORY, REMINDING)
        read = (clock.perf_counter() - began) / count

        began = clock.perf_counter()
        for _ in range(count):
            paused, _problem = read_pause(home)
            records = summary.recent(journal, now - MEMORY, REMINDING)[::-1]
            known = Known(records, paused_until=paused)
            due_now(found, known, settings, now)
        look = (clock.perf_counter() - began) / count

        calendar = home / "busy.ics"
        calendar.write_text(a_calendar(today))
        attention = asyncio.run(Attention.open(os.environ))

        def fresh(seen: list[Block]) -> None:
            paused, _problem = read_pause(home)
            records = summary.recent(journal, now - MEMORY, REMINDING)[::-1]
            blocks, _said = calendar_blocks(str(calendar), home, now, ZONE)
            decide(found, Known(records, paused_until=paused), settings, now, [*seen, *blocks])

        kept, _said = calendar_blocks(str(calendar), home, now, ZONE)

        def cached(seen: list[Block]) -> None:
            paused, _problem = read_pause(home)
            records = summary.recent(journal, now - MEMORY, REMINDING)[::-1]
            calendar.stat()  # the daemon's one look at the file: has it changed?
            decide(found, Known(records, paused_until=paused), settings, now, [*seen, *kept])

        async def both() -> tuple[float, float]:
            try:
                first = await _attention_looks(max(1, count // 10), attention, fresh)
                second = await _attention_looks(count, attention, cached)
            finally:
                await attention.close()
            return first, second

        uncached, daemon_look = asyncio.run(both())
        journal.engine.dispose()
    print(f"journal: {len(history)} records over a year, {recent} of them in the last 14 days")
    print(f"reading the last 14 days: {read * 1000:.2f} ms")
    print(f"  every kind of record, as Journal.records reads them: {every * 1000:.2f} ms")
    print(f"a whole look (that read, the pause file, the rules): {look * 1000:.2f} ms")
    print(f"ratio, a look to the read alone: {look / read:.2f}")
    print(f"share of one core at a look every 20 s: {look / 20 * 100:.3f} %")
    print(f"busy calendar: {len(kept)} busy events around today, from a year's file")
    cannot = "; ".join(attention.cannot) or "none"
    print(f"attention checks this session cannot make: {cannot}")
    print(
        "a look with the calendar and the attention checks, as the daemon does it: "
        f"{daemon_look * 1000:.2f} ms"
    )
    print(f"  the same, reading and expanding the calendar at every look: {uncached * 1000:.2f} ms")
    print(f"ratio, that look to the look without them: {daemon_look / look:.2f}")


if __name__ == "__main__":
    main()
