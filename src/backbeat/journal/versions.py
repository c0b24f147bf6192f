"""Keeping each version of the profile, and each plan given from it, in the journal: whatever
face saved the profile or gave the plan, so its history can be told later."""

from __future__ import annotations

from datetime import datetime

from backbeat.journal.store import Journal
from backbeat.plan.history import PlanRecord, ProfileRecord
from backbeat.plan.model import Plan
from backbeat.plan.profile import Profile


def keep_versions(
    journal: Journal, at: datetime, profile: Profile, plan: Plan | None = None
) -> int:
    """Keep the profile (and the plan) when they differ from the last ones kept; returns how
    many were new."""
    kept = int(
        journal.add_if_changed(ProfileRecord(at=at, profile=profile.model_dump(mode="json")))
    )
    if plan is not None:
        kept += journal.add_if_changed(PlanRecord(at=at, plan=plan.as_json()))
    return kept
