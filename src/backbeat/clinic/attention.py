"""Who needs a clinician's attention first, and why, in one line each.

The rules, highest first (a patient is placed by the highest that holds; within one rule, the
larger concern first):

1. ``red-flag``: their latest safety answers name a red flag (the same referral the plan gives
   them instead of a plan); an emergency before a same-day one before a "soon".
2. ``hurt``: they said "this hurts", stopped a movement because it hurt, or felt sharp pain, in
   the last ``WEEK`` days (today included); more such times first.
3. ``morning``: their morning pain rose: the mean of this week's morning check-ins is
   ``MORNING_RISE`` points or more (0-10) above the week before's, with at least
   ``MORNING_MIN`` check-ins in each week.
4. ``adherence``: of the movements their plans held on the 7 days before today, they did
   ``ADHERENCE_DROP`` percentage points or more fewer than on the 7 days before those (each
   day counted up to its plan, as progress counts it), with at least ``ADHERENCE_MIN_PLANNED``
   planned in each week.
5. ``inactive``: nothing recorded (a movement, a morning check-in, a session, a review) for
   ``INACTIVE_DAYS`` days or more (a patient invited more recently is left alone).

Pure: what the dashboard read of each patient (``Recent``), today and the movements' names
come in. ``recent_of`` makes a ``Recent`` from journal records, as the dashboard's query makes
it from the journal's rows (a test holds the two to the same answer).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from statistics import fmean
from typing import Literal, TypeVar

from backbeat.progress.planned import plans_given
from backbeat.records import (
    MorningRecord,
    MoveRecord,
    PlanRecord,
    ProfileRecord,
    Record,
    ReviewRecord,
    SessionRecord,
)
from backbeat.safety.screen import LEVELS, refer_answers

P = TypeVar("P")
WEEK = 7
WINDOW_DAYS = 2 * WEEK + 1  # the days read: the 7 before today, the 7 before those, and today
MORNING_RISE = 2.0
MORNING_MIN = 2
ADHERENCE_DROP = 30
ADHERENCE_MIN_PLANNED = 5
INACTIVE_DAYS = 5

Rule = Literal["red-flag", "hurt", "morning", "adherence", "inactive"]
RULES: tuple[Rule, ...] = ("red-flag", "hurt", "morning", "adherence", "inactive")
Activity = Literal["move", "morning", "session", "review"]
ACTIVITY_WORDS: dict[Activity, str] = {
    "move": "a movement check-in",
    "morning": "a morning check-in",
    "session": "a session",
    "review": "a weekly review",
}
LEVEL_WORDS = {"emergency": "needs a doctor now", "urgent": "needs a doctor today", "soon": ""}


@dataclass(frozen=True, slots=True)
class Hurt:
    """A movement that hurt: ``sharp`` pain noted at its check-in, else "this hurts" (stopped)."""

    at: datetime  # the patient's local time
    move: str
    sharp: bool


@dataclass(frozen=True)
class Recent:
    """What the dashboard knows of one patient: their last ``WINDOW_DAYS`` days, by their own
    local dates, and their latest safety answers (whenever given)."""

    hurts: tuple[Hurt, ...] = ()
    mornings: tuple[tuple[date, int], ...] = ()  # each morning check-in's day and pain
    done: Mapping[date, int] = field(default_factory=dict)  # movement check-ins per day
    planned: Mapping[date, int] = field(default_factory=dict)  # movements the plans held
    last: datetime | None = None  # the latest thing they recorded, in their local time
    last_what: Activity | None = None
    screen: object = None  # the latest profile's ``screen`` answers, as kept
    joined: date | None = None  # when they were invited


@dataclass(frozen=True, slots=True)
class Concern:
    rule: Rule
    words: str
    weight: float = 0.0  # within a rule: larger comes first


@dataclass(frozen=True)
class Attention:
    """A patient's concerns, the highest first, and when they last recorded anything."""

    concerns: tuple[Concern, ...]
    last: datetime | None = None

    @property
    def needed(self) -> bool:
        return bool(self.concerns)

    @property
    def reason(self) -> str | None:
        return self.concerns[0].words if self.concerns else None

    def rank(self) -> tuple[int, float]:
        """Where this patient goes: by their highest rule, then its weight; none last."""
        if not self.concerns:
            return (len(RULES), 0.0)
        top = self.concerns[0]
        return (RULES.index(top.rule), -top.weight)


def assess(recent: Recent, today: date, names: Mapping[str, str]) -> Attention:
    """The patient's concerns today, highest first (see the module's rules)."""
    found = [
        concern
        for concern in (
            _red_flag(recent),
            _hurt(recent, today, names),
            _morning(recent, today),
            _adherence(recent, today),
            _inactive(recent, today),
        )
        if concern is not None
    ]
    return Attention(tuple(found), recent.last)


def ordered(patients: Iterable[tuple[str, P, Attention]]) -> list[tuple[str, P, Attention]]:
    """Patients who need attention first (by rule, then weight), then by their name: the
    first element of each triple, which also settles ties, so the order is total."""
    return sorted(patients, key=lambda p: (p[2].rank(), p[0]))


def _red_flag(recent: Recent) -> Concern | None:
    referral = refer_answers(recent.screen)
    if referral is None:
        return None
    first = referral.reasons[0]
    more = len(referral.reasons) - 1
    also = f" and {more} more" if more else ""
    how = LEVEL_WORDS[referral.level]
    words = f'Red flag in their safety answers: "{first}"{also}' + (f" ({how})" if how else "")
    return Concern("red-flag", words, float(len(LEVELS) - LEVELS.index(referral.level)))


def _hurt(recent: Recent, today: date, names: Mapping[str, str]) -> Concern | None:
    start = today - timedelta(days=WEEK - 1)
    once: dict[tuple[date, str, bool], Hurt] = {}  # a stopped movement and its check-in: once
    for hurt in sorted(recent.hurts, key=lambda h: _wall(h.at)):
        if start <= hurt.at.date() <= today:
            once[(hurt.at.date(), hurt.move, hurt.sharp)] = hurt
    week = sorted(once.values(), key=lambda h: _wall(h.at))
    if not week:
        return None
    latest = week[-1]
    name = _lower(names.get(latest.move, latest.move))
    said = f"Felt sharp pain during {name}" if latest.sharp else f'Said "this hurts" during {name}'
    more = f" ({len(week)} times this week)" if len(week) > 1 else ""
    return Concern("hurt", f"{said} {_when(latest.at.date(), today)}{more}", float(len(week)))


def _morning(recent: Recent, today: date) -> Concern | None:
    this_start = today - timedelta(days=WEEK - 1)
    before_start = this_start - timedelta(days=WEEK)
    now = [p for d, p in recent.mornings if this_start <= d <= today]
    before = [p for d, p in recent.mornings if before_start <= d < this_start]
    if len(now) < MORNING_MIN or len(before) < MORNING_MIN:
        return None
    first, last = fmean(before), fmean(now)
    if last - first < MORNING_RISE:
        return None
    words = (
        f"Morning pain up from {first:.1f} to {last:.1f} out of 10 "
        "(this week's check-ins against the week before)"
    )
    return Concern("morning", words, last - first)


def _adherence(recent: Recent, today: date) -> Concern | None:
    def share(first: date) -> tuple[int, int]:
        days = [first + timedelta(days=n) for n in range(WEEK)]
        known = [(recent.planned[d], recent.done.get(d, 0)) for d in days if d in recent.planned]
        return sum(min(done, planned) for planned, done in known), sum(p for p, _ in known)

    now_met, now_planned = share(today - timedelta(days=WEEK))
    before_met, before_planned = share(today - timedelta(days=2 * WEEK))
    if min(now_planned, before_planned) < ADHERENCE_MIN_PLANNED:
        return None
    now, before = round(100 * now_met / now_planned), round(100 * before_met / before_planned)
    if before - now < ADHERENCE_DROP:
        return None
    words = (
        f"Did {now}% of their planned movements in the last 7 days, down from {before}% "
        "the week before"
    )
    return Concern("adherence", words, float(before - now))


def _inactive(recent: Recent, today: date) -> Concern | None:
    if recent.last is not None:
        days = (today - recent.last.date()).days
        if days < INACTIVE_DAYS:
            return None
        what = ACTIVITY_WORDS[recent.last_what or "move"]
        when = _when(recent.last.date(), today)
        words = f"Nothing recorded for {days} days (the last: {what} {when})"
        return Concern("inactive", words, float(days))
    since = None if recent.joined is None else (today - recent.joined).days
    if since is not None and since < INACTIVE_DAYS:
        return None  # invited only lately
    if since is not None and since < WINDOW_DAYS - 1:
        return Concern("inactive", f"Nothing recorded in the {since} days since they joined", since)
    return Concern("inactive", "Nothing recorded in the last 2 weeks", float(WINDOW_DAYS))


def recent_of(
    records: Iterable[Record],
    today: date,
    *,
    screen: object = None,
    joined: date | None = None,
) -> Recent:
    """What the dashboard would read of these records (any order): those of the last
    ``WINDOW_DAYS`` days by their local dates, and ``screen`` (else the latest profile's)."""
    start = today - timedelta(days=WINDOW_DAYS - 1)
    hurts: set[Hurt] = set()
    mornings: list[tuple[date, int]] = []
    done: dict[date, int] = {}
    plans: list[PlanRecord] = []
    latest: tuple[datetime, Activity] | None = None
    profile: ProfileRecord | None = None
    for record in records:
        if isinstance(record, ProfileRecord):
            if profile is None or _wall(record.at) >= _wall(profile.at):
                profile = record
            continue
        if isinstance(record, PlanRecord):
            plans.append(record)
            continue
        day = record.at.date()
        if not start <= day <= today:
            continue
        what: Activity | None = None
        if isinstance(record, MoveRecord):
            done[day] = done.get(day, 0) + 1
            if record.hurt or record.sharp:
                hurts.add(Hurt(record.at, record.move, record.sharp and not record.hurt))
            what = "move"
        elif isinstance(record, SessionRecord):
            hurts.update(Hurt(record.at, move, False) for move in record.stopped)
            what = "session"
        elif isinstance(record, MorningRecord):
            mornings.append((day, record.morning_pain))
            what = "morning"
        elif isinstance(record, ReviewRecord):
            what = "review"
        if what is not None and (latest is None or _later((record.at, what), latest)):
            latest = (record.at, what)
    planned = planned_in(plans, start, today)
    if screen is None and profile is not None:
        screen = profile.profile.get("screen")
    return Recent(
        hurts=tuple(sorted(hurts, key=lambda h: (_wall(h.at), h.move, h.sharp))),
        mornings=tuple(sorted(mornings)),
        done=done,
        planned=planned,
        last=latest[0] if latest else None,
        last_what=latest[1] if latest else None,
        screen=screen,
        joined=joined,
    )


def planned_in(plans: Sequence[PlanRecord], start: date, end: date) -> dict[date, int]:
    """Movements planned on each day from ``start`` to ``end`` by the plans given (the latest
    plan holding a day wins, as progress counts it)."""
    oldest_first = sorted(plans, key=lambda p: _wall(p.at))
    return {d: n for d, n in plans_given(oldest_first).items() if start <= d <= end}


def _later(one: tuple[datetime, Activity], other: tuple[datetime, Activity]) -> bool:
    """By local time; of two at the same instant, the later kind in ``ACTIVITY_WORDS``."""
    kinds = list(ACTIVITY_WORDS)
    return (_wall(one[0]), kinds.index(one[1])) > (_wall(other[0]), kinds.index(other[1]))


def _wall(at: datetime) -> datetime:
    return at.replace(tzinfo=None)


def _lower(name: str) -> str:
    return name[:1].lower() + name[1:]


def _when(day: date, today: date) -> str:
    gap = (today - day).days
    if gap == 0:
        return "today"
    if gap == 1:
        return "yesterday"
    if 0 < gap < WEEK:
        return f"on {day:%A}"
    return f"on {day:%a} {day.day} {day:%b}"
