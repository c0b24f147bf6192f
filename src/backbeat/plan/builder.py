"""The plan: profile + catalogue + history + dates in, a deterministic plan out.

Safety first: any red flag returns a referral with empty days; pain 8/10 or more narrows every
choice to the gentlest movements.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from backbeat.catalog.catalogue import Catalogue
from backbeat.plan import reasons
from backbeat.plan.budget import fit
from backbeat.plan.choose import SEVERE_PAIN, Chooser, Shared
from backbeat.plan.day import DayBuilder
from backbeat.plan.history import History, window
from backbeat.plan.model import DayPlan, Plan
from backbeat.plan.profile import Profile
from backbeat.plan.progression import Progress, Progression
from backbeat.records import MorningRecord
from backbeat.safety import wording
from backbeat.safety.screen import refer

MORNING_DAYS = 3  # a morning check-in speaks for the plan of its day and the two after
FRAGILE_BONES_TAGS = ("loaded-flexion", "end-range-twist")


def make_plan(
    profile: Profile,
    catalogue: Catalogue,
    history: History,
    start: date,
    days: int = 1,
) -> Plan:
    """``days`` days of plan from ``start``; the same inputs always give the same plan.

    Each day is planned with the programme of its own week, from the check-ins before it, so a
    day of a week's plan is exactly the plan of that day alone."""
    dates = [start + timedelta(days=n) for n in range(days)]
    found = window(history, catalogue, profile.pain, start)
    line = Progression(found.records, catalogue, profile.pain, found.resume)
    first = line.at(start)
    referral = refer(profile.screen)
    if referral is not None:
        return Plan(start, first.week, referral, tuple(DayPlan(d, ()) for d in dates), ())
    if profile.screen.fragile_bones:  # NICE NG59; the Royal Osteoporosis Society's guidance
        catalogue = catalogue.without(FRAGILE_BONES_TAGS)
    mornings = sorted(  # by local time: a journal may hold times with a zone and without
        (r.at.replace(tzinfo=None), r.morning_pain)
        for r in found.records
        if isinstance(r, MorningRecord)
    )
    plans = []
    shared: Shared = {}
    for day in dates:
        pain = max(profile.pain, _morning_pain(mornings, day))
        today = profile if pain == profile.pain else profile.model_copy(update={"pain": pain})
        state = first if day == start else line.at(day)
        plans.append(_day(today, catalogue, state, day, shared))
    return Plan(start, first.week, None, tuple(plans), first.changes, _advice(profile, plans))


def _morning_pain(mornings: Sequence[tuple[datetime, int]], day: date) -> int:
    """The latest morning pain of the last few days up to ``day`` (0 when none): a very bad
    morning narrows the plan to the gentlest movements until a better one is reported."""
    recent = [
        pain for at, pain in mornings if day - timedelta(days=MORNING_DAYS) < at.date() <= day
    ]
    return recent[-1] if recent else 0


def _advice(profile: Profile, days: Sequence[DayPlan]) -> tuple[str, ...]:
    """What the plan asks of the person beyond moving: when to see a clinician."""
    advice: list[str] = []
    if any(d.severe for d in days) or profile.pain >= SEVERE_PAIN:
        advice.append(wording.SEVERE_PAIN_ADVICE)
    new = profile.onset in ("days", "weeks")
    if new and profile.age is not None and (profile.age >= 50 or profile.age < 20):
        advice.append(wording.NEW_PAIN_AT_AGE.format(age=profile.age))
    return tuple(advice)


def _day(
    profile: Profile, catalogue: Catalogue, state: Progress, day: date, shared: Shared
) -> DayPlan:
    chooser = Chooser(catalogue, profile, state, shared)
    prescribed = getattr(profile, "programme", None)  # a ``Prescribed`` profile's (a clinician's)
    if prescribed is not None:  # the programme, in place of backbeat's choice
        from backbeat.plan.programme import programme_day  # its models, only when there is one

        return programme_day(prescribed, chooser, day)
    builder = DayBuilder(chooser, day)
    slots, notes = builder.build()
    slots, cuts = fit(slots, catalogue, profile.prefs.minutes_per_day)
    slots = builder.vary(slots, profile.prefs.minutes_per_day * 60)
    notes += cuts
    if chooser.severe:
        notes.insert(0, reasons.SEVERE.format(pain=profile.pain))
    elif not chooser.backbends_ok:
        notes.append(reasons.BACKBENDS_LATER)
    if profile.screen.fragile_bones:
        notes.append(wording.FRAGILE_BONES)
    return DayPlan(day, tuple(slots), tuple(notes), state.week, chooser.severe)
