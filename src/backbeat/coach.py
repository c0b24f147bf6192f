"""The one step that gives a person a plan, whichever face shows it.

``backbeat plan``, the web's Today and Plan pages and the API all give plans through here: the
core makes the plan, and the journal keeps it (with the profile it came from) when it differs
from what was kept, so progress counts the same planned movements whatever face was used.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from backbeat.catalog.catalogue import Catalogue
from backbeat.plan.builder import make_plan
from backbeat.plan.model import Plan
from backbeat.plan.profile import Profile
from backbeat.plan.profile_file import ProfileState
from backbeat.plan.today import Today, plan_day, today, withheld_today
from backbeat.records import ProfileRecord, Record
from backbeat.safety.screen import LEVELS, Referral, Screen, refer

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


def plan_for(
    journal: Journal | None,
    state: ProfileState,
    catalogue: Catalogue,
    history: Sequence[Record],
    now: datetime,
    start: date | None = None,
    days: int = 1,
) -> Plan | None:
    """What ``backbeat plan`` and ``GET /api/v1/plan`` give for the profile as it stands: the
    referral in place of any plan when a red-flag answer needs a clinician (even when another
    key of the file is wrong), else the plan given as ``give_plan`` gives it; None when there
    is no usable profile (``state`` says whether it is missing or what is wrong with it)."""
    if state.referral is not None and state.profile is None:
        return Plan.withheld(state.referral, start or plan_day(now, state.wake), days)
    if state.profile is None:
        return None
    return give_plan(journal, state.profile, catalogue, history, now, start, days)


def today_for(
    journal: Journal | None,
    state: ProfileState,
    catalogue: Catalogue,
    history: Sequence[Record],
    now: datetime,
) -> Today | None:
    """Where the person stands today, for the profile as it stands: with a referral, a day with
    no slots and the referral (even when another key of the file is wrong); None when there is
    no usable profile."""
    if state.referral is not None and state.profile is None:
        return withheld_today(state.referral, now, state.wake)
    if state.profile is None:
        return None
    return give_today(journal, state.profile, catalogue, history, now)


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
    *,
    main: bool = False,
) -> tuple[Plan, bytes]:
    """The plan from ``start`` (today's plan day by default) as an iCalendar file in ``zone``,
    for ``backbeat calendar`` and the web's download alike; ``main``: see ``plan_calendar``."""
    from backbeat.remind.calendar import plan_calendar

    plan = give_plan(None, profile, catalogue, history, now, start, days)
    stamp = now.astimezone(UTC)
    content = plan_calendar(plan, profile, catalogue, zone, stamp, main=main).to_ical()
    return plan, content


def rescreen(
    journal: Journal, state: ProfileState, flags: Sequence[str], now: datetime
) -> tuple[Referral | None, bool]:
    """Safety answers that are new since the last review, put into the profile as a new version
    (a person without a profile gets one holding just these answers): from then on every face
    gives the referral they call for. Returns that referral and whether the profile took them;
    a profile file with problems of its own is left as it is, and the referral still given.
    A profile that cannot be written raises ``OSError`` and keeps no version (``rescreened``
    still tells the referral)."""
    from backbeat.journal.versions import keep_versions
    from backbeat.plan.profile_file import saving_profile

    referral, profile = rescreened(state, flags)
    if profile is None:
        return referral, False
    with saving_profile(state.path, profile):  # both or neither: the file and its version
        keep_versions(journal, now, profile)
    return referral, True


def rescreened(state: ProfileState, flags: Sequence[str]) -> tuple[Referral | None, Profile | None]:
    """The referral the new safety answers give with the profile as it stands, and the profile
    that holds them (None when the file has problems of its own and cannot take them)."""
    news = dict.fromkeys(flags, True)
    if state.exists and state.profile is None:
        found = [r for r in (state.referral, refer(Screen(**news))) if r is not None]
        return min(found, key=lambda r: LEVELS.index(r.level), default=None), None
    profile = state.profile or Profile()
    profile = profile.model_copy(update={"screen": profile.screen.model_copy(update=news)})
    return refer(profile.screen), profile


def restore_profile(path: Path, records: Sequence[Record]) -> Profile | None:
    """On a new machine, the profile too: when there is no profile yet and an import holds one
    (the latest kept, if it is still valid), it is written where every face reads it. An
    existing profile is never replaced by an import."""
    from pydantic import ValidationError

    from backbeat.plan.profile_file import write_profile

    if path.exists():
        return None
    kept = [r for r in records if isinstance(r, ProfileRecord)]
    for record in sorted(kept, key=lambda r: _utc(r.at), reverse=True):
        try:
            profile = Profile.model_validate(record.profile)
        except ValidationError:
            continue
        write_profile(path, profile)
        return profile
    return None


def _utc(at: datetime) -> datetime:
    """A record's instant, comparable whether it was kept with a zone or without."""
    return at.astimezone(UTC) if at.tzinfo else at.replace(tzinfo=UTC)
