"""How many movement items were planned on each day, for progress to measure against: from the
plans a person was given (kept in the journal), else from the plan their profile makes for the
same weekday. The CLI and the web app both ask here, so both count a day alike.

Pure: the records, the profile and the catalogue come in; the caller reads them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta

from backbeat.catalog.catalogue import Catalogue
from backbeat.plan.model import DayPlan, Slot
from backbeat.plan.profile import Profile
from backbeat.progress.report import PlannedSlot, ProgressReport, progress_report
from backbeat.records import PlanRecord, Record


def progress_for(
    records: Sequence[Record],
    today: date,
    weeks: int,
    catalogue: Catalogue | None,
    profile: Callable[[], Profile | None],
) -> ProgressReport:
    """The report ``backbeat progress`` prints, the Progress page draws and
    ``GET /api/v1/progress`` gives: the ``weeks`` weeks ending ``today``, measured against the
    plans given, else the plan ``profile()`` makes (asked only when a day needs it; None when
    there is no usable profile). ``records`` come oldest first."""
    made: list[dict[int, DayPlan]] = []

    def week_plan() -> dict[int, DayPlan]:
        if not made:
            found = profile() if catalogue is not None else None
            week: dict[int, DayPlan] = {}
            if found is not None and catalogue is not None:
                week = profile_days(found, catalogue, records, today)
            made.append(week)
        return made[0]

    def weekly() -> dict[int, int]:
        return {n: sum(len(s.items) for s in d.slots) for n, d in week_plan().items()}

    planned = planned_in_window(records, today, weeks, weekly)
    window = [today - timedelta(days=n) for n in range(7 * weeks)]
    given = slots_given(records)
    slots = {
        day: given[day] if day in given else _slots(week_plan()[day.weekday()].slots, day)
        for day in window
        if day in given or (day in planned and week_plan())
    }
    return progress_report(records, planned, today, weeks, slots)


def planned_in_window(
    records: Sequence[Record], today: date, weeks: int, weekly: Callable[[], Mapping[int, int]]
) -> dict[date, int]:
    """Items planned on each day of the ``weeks`` weeks ending ``today``; ``weekly`` (items
    per weekday from the profile) is asked only when the plans given leave a day out, since
    making a week's plan costs more than reading the journal. ``records`` come oldest first."""
    window = [today - timedelta(days=n) for n in range(7 * weeks)]
    given = plans_given(records)
    return planned_per_day(given, window, {} if given.keys() >= set(window) else weekly())


def plans_given(records: Sequence[Record]) -> dict[date, int]:
    """Movement items per date in the plans given; ``records`` come oldest first (as the journal
    gives them), so the latest plan holding a date wins."""
    given: dict[date, int] = {}
    for record in records:
        if isinstance(record, PlanRecord):
            given.update(_plan_items(record.plan))
    return given


def planned_per_day(
    given: Mapping[date, int], dates: Sequence[date], weekly: Mapping[int, int]
) -> dict[date, int]:
    """Movement items planned on each of ``dates``: from the plans given, else from the
    profile's plan for the same weekday (``weekly``, 0 is Monday), else unknown (left out)."""
    planned: dict[date, int] = {}
    for day in dates:
        count = given.get(day, weekly.get(day.weekday()))
        if count is not None:
            planned[day] = count
    return planned


def profile_week(
    profile: Profile, catalogue: Catalogue, records: Sequence[Record], today: date
) -> dict[int, int]:
    """Items per weekday (0 is Monday) in this week's plan from the profile; none when its
    answers need a clinician (then there is no plan to keep to)."""
    days = profile_days(profile, catalogue, records, today)
    return {n: sum(len(s.items) for s in d.slots) for n, d in days.items()}


def profile_days(
    profile: Profile, catalogue: Catalogue, records: Sequence[Record], today: date
) -> dict[int, DayPlan]:
    """This week's plan from the profile by weekday (0 is Monday); none when its answers need
    a clinician."""
    from backbeat.plan.builder import make_plan

    monday = today - timedelta(days=today.weekday())
    week = make_plan(profile, catalogue, records, monday, 7)
    if week.referral is not None:
        return {}
    return {d.date.weekday(): d for d in week.days}


def _slots(slots: Sequence[Slot], day: date) -> tuple[PlannedSlot, ...]:
    """A plan's slots as progress counts them, their ids dated ``day`` (the plan of the same
    weekday stands in for a day no plan was kept for)."""
    return tuple(
        PlannedSlot(
            f"{day.isoformat()}/{s.id.partition('/')[2]}",
            s.time,
            frozenset(i.move for i in s.items),
        )
        for s in slots
    )


def slots_given(records: Sequence[Record]) -> dict[date, tuple[PlannedSlot, ...]]:
    """The moments of each date in the plans given (the latest plan holding a date wins)."""
    given: dict[date, tuple[PlannedSlot, ...]] = {}
    for record in records:
        if not isinstance(record, PlanRecord):
            continue
        days = record.plan.get("days")
        for day in days if isinstance(days, list) else ():
            found = _day_slots(day)
            if found is not None:
                given[found[0]] = found[1]
    return given


def _day_slots(day: object) -> tuple[date, tuple[PlannedSlot, ...]] | None:
    if not isinstance(day, dict) or not isinstance(day.get("slots"), list):
        return None
    try:
        when = date.fromisoformat(str(day.get("date")))
    except ValueError:
        return None
    found = []
    for n, slot in enumerate(day["slots"]):
        if not isinstance(slot, dict) or not isinstance(slot.get("items"), list):
            continue
        moves = frozenset(
            str(i.get("move")) for i in slot["items"] if isinstance(i, dict) and i.get("move")
        )
        ident = str(slot.get("id") or f"{when.isoformat()}/{n}")
        found.append(PlannedSlot(ident, str(slot.get("time", "")), moves))
    return when, tuple(found)


def _plan_items(plan: Mapping[str, object]) -> dict[date, int]:
    """Items per date in a plan's JSON; a day that is not shaped like one is passed over."""
    found: dict[date, int] = {}
    days = plan.get("days")
    for day in days if isinstance(days, list) else ():
        if not isinstance(day, dict) or not isinstance(day.get("slots"), list):
            continue
        try:
            when = date.fromisoformat(str(day.get("date")))
        except ValueError:
            continue
        found[when] = sum(
            len(slot["items"])
            for slot in day["slots"]
            if isinstance(slot, dict) and isinstance(slot.get("items"), list)
        )
    return found
