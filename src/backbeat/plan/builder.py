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
from backbeat.plan.history import Record
from backbeat.plan.model import DayPlan, Plan
from backbeat.plan.profile import Profile
from backbeat.plan.progression import progress
from backbeat.safety.screen import refer


def make_plan(
    profile: Profile,
    catalogue: Catalogue,
    history: Sequence[Record],
    start: date,
    days: int = 1,
) -> Plan:
    """``days`` days of plan from ``start``; the same inputs always give the same plan."""
    dates = [start + timedelta(days=n) for n in range(days)]
    state = progress(history, catalogue, start, profile.pain)
    referral = refer(profile.screen)
    if referral is not None:
        return Plan(start, state.week, referral, tuple(DayPlan(d, ()) for d in dates), ())
    chooser = Chooser(catalogue, profile, state)
    plans: list[DayPlan] = []
    for day in dates:
        slots, notes = DayBuilder(chooser, day).build()
        slots, cuts = fit(slots, catalogue, profile.prefs.minutes_per_day)
        notes += cuts
        if chooser.severe:
            notes.insert(0, reasons.SEVERE.format(pain=profile.pain))
        elif not chooser.backbends_ok:
            notes.append(reasons.BACKBENDS_LATER)
        plans.append(DayPlan(day, tuple(slots), tuple(notes)))
    return Plan(start, state.week, None, tuple(plans), state.changes)
