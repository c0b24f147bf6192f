"""Keeping each version of the profile, and each plan given from it, in the journal: whatever
face saved the profile or gave the plan, so its history can be told later."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Protocol, TypeVar

from backbeat.journal.access import KEEP_WAIT_S, Busy
from backbeat.records import PlanRecord, ProfileRecord, Record

if TYPE_CHECKING:
    from backbeat.plan.model import Plan
    from backbeat.plan.profile import Profile

KEPT_DAYS = 7
"""Days of a plan kept: the week a person is given. Later days will be planned again by then,
and a plan of a year asked for each day would otherwise fill the journal."""


R = TypeVar("R", bound=Record)


class Keeper(Protocol):
    """Where versions are kept: ``Journal``, or ``PlainJournal`` for a quick command."""

    def add(
        self, records: Sequence[Record], *, wait: float | None = ..., added: datetime | None = ...
    ) -> int: ...

    def add_if_changed(
        self, record: ProfileRecord | PlanRecord, *, wait: float | None = ...
    ) -> bool: ...

    def latest(self, model: type[R]) -> R | None: ...


def keep_versions(journal: Keeper, at: datetime, profile: Profile, plan: Plan | None = None) -> int:
    """Keep the profile (and the plan) when they differ from the last ones kept; returns how
    many were new. Of a plan, its first week is kept; it counts as kept already when the last
    plan kept holds each of those days as it is now, so looking at today and then at the week,
    again and again, keeps each day once until it changes.

    Keeping is a side effect of showing a plan, which is a read: it never waits for another
    program's write (``KEEP_WAIT_S``). When the journal is busy, what was not kept is kept the
    next time the plan is shown."""
    kept = 0
    try:
        record = ProfileRecord(at=at, profile=profile.model_dump(mode="json"))
        kept += journal.add_if_changed(record, wait=KEEP_WAIT_S)
        if plan is not None:
            given = plan.as_json()
            days = given["days"]
            assert isinstance(days, list)
            given["days"] = days[:KEPT_DAYS]
            last = journal.latest(PlanRecord)
            if last is None or not _holds(last.plan, given):
                kept += journal.add([PlanRecord(at=at, plan=given)], wait=KEEP_WAIT_S)
    except Busy:
        pass
    return kept


def _holds(kept: Mapping[str, object], given: Mapping[str, object]) -> bool:
    """Whether the plan ``kept`` has every day of ``given``, unchanged."""
    days = kept.get("days")
    by_date = {
        d.get("date"): d for d in (days if isinstance(days, list) else []) if isinstance(d, dict)
    }
    wanted = given.get("days")
    return isinstance(wanted, list) and all(
        isinstance(d, dict) and by_date.get(d.get("date")) == d for d in wanted
    )
