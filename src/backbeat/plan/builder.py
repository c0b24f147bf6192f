"""The plan: profile + catalogue + history + dates in, a deterministic plan out.

Safety first: any red flag returns a referral with empty days; pain 8/10 or more narrows every
choice to the gentlest movements.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from backbeat.catalog.catalogue import Catalogue
from backbeat.plan import reasons
from backbeat.plan.budget import fit
from backbeat.plan.choose import Chooser
from backbeat.plan.day import DayBuilder
from backbeat.plan.model import DayPlan, Plan
from backbeat.plan.profile import Profile
from backbeat.plan.progression import Progress, Progression
from backbeat.records import Record
from backbeat.safety.screen import refer


def make_plan(
    profile: Profile,
    catalogue: Catalogue,
    history: Sequence[Record],
    start: date,
    days: int = 1,
) -> Plan:
    """``days`` days of plan from ``start``; the same inputs always give the same plan.

    Each day is planned with the programme of its own week, from the check-ins before it, so a
    day of a week's plan is exactly the plan of that day alone."""
    dates = [start + timedelta(days=n) for n in range(days)]
    line = Progression(history, catalogue, profile.pain)
    first = line.at(start)
    referral = refer(profile.screen)
    if referral is not None:
        return Plan(start, first.week, referral, tuple(DayPlan(d, ()) for d in dates), ())
    plans = [
        _day(profile, catalogue, line.at(day) if day != start else first, day) for day in dates
    ]
    return Plan(start, first.week, None, tuple(plans), first.changes)


def _day(profile: Profile, catalogue: Catalogue, state: Progress, day: date) -> DayPlan:
    chooser = Chooser(catalogue, profile, state)
    slots, notes = DayBuilder(chooser, day).build()
    slots, cuts = fit(slots, catalogue, profile.prefs.minutes_per_day)
    notes += cuts
    if chooser.severe:
        notes.insert(0, reasons.SEVERE.format(pain=profile.pain))
    elif not chooser.backbends_ok:
        notes.append(reasons.BACKBENDS_LATER)
    return DayPlan(day, tuple(slots), tuple(notes), state.week)
