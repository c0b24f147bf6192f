"""The one step that gives a person a plan, whichever face shows it.

``backbeat plan``, the web's Today and Plan pages and the API all give plans through here: the
core makes the plan, and the journal keeps it (with the profile it came from) when it differs
from what was kept, so progress counts the same planned movements whatever face was used.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, tzinfo
from typing import TYPE_CHECKING

from backbeat.catalog.catalogue import Catalogue
from backbeat.plan.builder import make_plan
from backbeat.plan.model import Plan
from backbeat.plan.profile import Profile
from backbeat.plan.today import Today, plan_day, today
from backbeat.records import Record

if TYPE_CHECKING:
    from backbeat.journal.store import Journal


def give_plan(
    journal: Journal | None,
    profile: Profile,
    catalogue: Catalogue,
    history: Sequence[Record],
    now: datetime,
    start: date | None = None,
    days: int = 1,
) -> Plan:
    """``days`` days of plan from ``start`` (by default the plan day ``now`` falls in), kept in
    ``journal`` when it is given one."""
    first = start if start is not None else plan_day(now, profile.day.wake)
    plan = make_plan(profile, catalogue, history, first, days)
    _keep(journal, now, profile, plan)
    return plan


def give_today(
    journal: Journal | None,
    profile: Profile,
    catalogue: Catalogue,
    history: Sequence[Record],
    now: datetime,
) -> Today:
    """Where the person stands in today's plan, its plan kept as ``give_plan`` keeps one."""
    found = today(profile, catalogue, history, now)
    _keep(journal, now, profile, found.plan)
    return found


def _keep(journal: Journal | None, now: datetime, profile: Profile, plan: Plan) -> None:
    if journal is not None:
        from backbeat.journal.versions import keep_versions

        keep_versions(journal, now, profile, None if plan.referral else plan)


def calendar_file(
    profile: Profile,
    catalogue: Catalogue,
    history: Sequence[Record],
    now: datetime,
    zone: tzinfo,
    start: date | None = None,
    days: int = 7,
) -> tuple[Plan, bytes]:
    """The plan from ``start`` (today's plan day by default) as an iCalendar file in ``zone``,
    for ``backbeat calendar`` and the web's download alike."""
    from backbeat.remind.calendar import plan_calendar

    first = start if start is not None else plan_day(now, profile.day.wake)
    plan = make_plan(profile, catalogue, history, first, days)
    content = plan_calendar(plan, profile, catalogue, zone, now.astimezone(UTC)).to_ical()
    return plan, content
