"""What one look of the reminder daemon costs, with a year of journal behind it: reading the last
14 days of records (which every look does) alone, beside the whole look (that read, the pause
file and the rules), in the same run. The daemon looks every 20 seconds, so a look of a few
milliseconds is nothing to a laptop's battery.

Run: ``.venv/bin/python benchmarks/remind_tick.py [--looks N]``.
"""

from __future__ import annotations

import argparse
import tempfile
import time as clock
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from backbeat.catalog.catalogue import Catalogue
from backbeat.catalog.loader import builtin
from backbeat.journal.db import open_database
from backbeat.journal.store import Journal
from backbeat.plan.builder import make_plan
from backbeat.plan.profile import WEEKDAYS, Day, Prefs, Profile, WorkBlock
from backbeat.records import MoveRecord, Record, ReminderEvent, ReminderRecord
from backbeat.remind.daemon import MEMORY
from backbeat.remind.due import dues
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
            for event, after in (("sent", 0), (answer, 2)):
                at = due.at + timedelta(minutes=after)
                moves = [*due.moves]
                records.append(
                    ReminderRecord(at=at, reminder=event, slot=due.moment, due=due.at, moves=moves)
                )
            if n % 2:
                at = due.at + timedelta(minutes=3)
                records.append(MoveRecord(at=at, move=due.moves[0], pain_during=2))
    return records


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
        read = (clock.perf_counter() - began) / count

        began = clock.perf_counter()
        for _ in range(count):
            paused, _problem = read_pause(home)
            known = Known(journal.records(since=now - MEMORY)[::-1], paused_until=paused)
            due_now(found, known, settings, now)
        look = (clock.perf_counter() - began) / count
        journal.engine.dispose()
    print(f"journal: {len(history)} records over a year, {recent} of them in the last 14 days")
    print(f"reading the last 14 days: {read * 1000:.2f} ms")
    print(f"a whole look (that read, the pause file, the rules): {look * 1000:.2f} ms")
    print(f"ratio, a look to the read alone: {look / read:.2f}")
    print(f"share of one core at a look every 20 s: {look / 20 * 100:.3f} %")


if __name__ == "__main__":
    main()
