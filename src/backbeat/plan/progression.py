"""Progression from history, on a pain-monitoring model: grow what is tolerated, hold what is
borderline, step back from what hurts, and leave out what is sharp.

Pure: records, catalogue, dates in; the state of the person's programme out. Decisions are made
week by week from the first record, so the same history always gives the same programme.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from statistics import fmean
from typing import Literal

from backbeat.catalog.catalogue import Catalogue
from backbeat.records import MorningRecord, MoveRecord, Record

TOLERATED_MAX = 3  # pain during a movement, 0-10, that counts as tolerated
HOLD_MAX = 5  # 4 to 5: hold steady
FLARE_RISE = 2  # next-morning pain this far above baseline is a flare
SESSIONS_TO_GROW = 3  # tolerated sessions in a week before growing
GROWTH_PER_WEEK = 2  # at most this many steps up or additions a week

ChangeKind = Literal["harder", "easier", "paused", "added", "steady"]


@dataclass(frozen=True, slots=True)
class Change:
    """One decision about one movement, with the reason in plain words."""

    move: str
    change: ChangeKind
    to: str | None
    why: str

    def as_json(self) -> dict[str, object]:
        return {"move": self.move, "change": self.change, "to": self.to, "why": self.why}


@dataclass(frozen=True)
class Progress:
    """Where a person's programme stands in ``week`` (1 is the week of the first record)."""

    week: int = 1
    swaps: dict[str, str] = field(default_factory=dict)  # catalogue id -> variation used now
    paused: frozenset[str] = frozenset()  # left out this week
    additions: int = 0  # new movements earned so far
    changes: tuple[Change, ...] = ()  # decided at the end of last week
    recent_pain_during: int | None = None  # highest pain during a movement in the last 7 days

    def current(self, move: str) -> str:
        """The variation to use for a catalogue movement this week."""
        return self.swaps.get(move, move)


def week_of(records: Sequence[Record], start: date) -> tuple[date, int]:
    """The Monday that begins week 1 (the calendar week of the first record, or of ``start``)
    and the week number ``start`` falls in."""
    first = min(min((r.at.date() for r in records), default=start), start)
    monday = first - timedelta(days=first.weekday())
    return monday, (start - monday).days // 7 + 1


def _baseline(mornings: dict[date, int], day: date, fallback: int) -> float:
    before = [mornings[d] for n in range(7, 0, -1) if (d := day - timedelta(days=n)) in mornings]
    return fmean(before) if before else float(fallback)


def progress(
    records: Sequence[Record], catalogue: Catalogue, start: date, usual_pain: int
) -> Progress:
    """The programme for the week holding ``start``, from every check-in before ``start``."""
    return Progression(records, catalogue, usual_pain).at(start)


class Progression:
    """A person's programme on any day, from one pass over their check-ins.

    Only move and morning check-ins count: other records (sessions, reviews, plans given) say
    nothing about how a movement felt, and must not move week 1 either. Decisions are made week
    by week from the first record, so the same history always gives the same programme. The
    state after each week is kept (a snapshot), so the programme of every day of a long plan
    costs a look-up rather than a replay: a day is planned from the check-ins before it, which
    differ from its week's snapshot only in the morning of its own Monday (known from Tuesday
    on) and in the last seven days' pain."""

    def __init__(self, records: Sequence[Record], catalogue: Catalogue, usual_pain: int) -> None:
        self.catalogue = catalogue
        self.usual_pain = usual_pain
        checkins = [r for r in records if isinstance(r, MoveRecord | MorningRecord)]
        self.earliest = min((r.at.date() for r in checkins), default=None)
        self.mornings = {
            r.at.date(): r.morning_pain for r in checkins if isinstance(r, MorningRecord)
        }
        self.moves = sorted(  # by local time: a journal may hold times with a zone and without
            (r for r in checkins if isinstance(r, MoveRecord)),
            key=lambda r: (r.at.replace(tzinfo=None), r.move),
        )
        self.dates = [r.at.date() for r in self.moves]
        self.monday = (
            self.earliest - timedelta(days=self.earliest.weekday()) if self.earliest else None
        )
        self.by_week: dict[int, list[MoveRecord]] = defaultdict(list)  # one pass: a year is 52
        if self.monday is not None:
            for record in self.moves:
                self.by_week[(record.at.date() - self.monday).days // 7 + 1].append(record)
        self._snapshots: list[_Snapshot] = [_Snapshot({}, 0, (), frozenset())]  # after week k

    def at(self, day: date) -> Progress:
        """The programme for ``day``: the week it falls in, and the decisions of the weeks
        before it, from the check-ins before ``day``."""
        if self.earliest is None or self.monday is None or self.earliest >= day:
            first = day - timedelta(days=day.weekday())
            week = (day - first).days // 7 + 1
            return Progress(week=week, recent_pain_during=self._recent(day))
        week = (day - self.monday).days // 7 + 1
        if week == 1:
            return Progress(week=1, recent_pain_during=self._recent(day))
        before = self._snapshot(week - 2)
        monday = self.monday + timedelta(weeks=week - 1)
        mornings = self.mornings
        if day <= monday and monday in mornings:  # that morning is not known yet on its own day
            mornings = {d: pain for d, pain in mornings.items() if d < day}
        last = before.then(self, week - 1, mornings)
        return Progress(
            week=week,
            swaps=dict(last.swaps),
            paused=last.paused,
            additions=last.additions,
            changes=last.changes,
            recent_pain_during=self._recent(day),
        )

    def _snapshot(self, weeks: int) -> _Snapshot:
        """The state after deciding weeks 1 to ``weeks``, every morning known."""
        while len(self._snapshots) <= weeks:
            number = len(self._snapshots)
            self._snapshots.append(self._snapshots[-1].then(self, number, self.mornings))
        return self._snapshots[weeks]

    def _recent(self, day: date) -> int | None:
        """The highest pain during a movement in the seven days before ``day``."""
        low = bisect_left(self.dates, day - timedelta(days=7))
        high = bisect_left(self.dates, day)
        pains = [p for r in self.moves[low:high] if (p := r.pain_during) is not None]
        return max(pains) if pains else None


@dataclass(frozen=True)
class _Snapshot:
    """The programme after some weeks' decisions: ``changes`` and ``paused`` are the last
    week's."""

    swaps: dict[str, str]
    additions: int
    changes: tuple[Change, ...]
    paused: frozenset[str]

    def then(self, line: Progression, week: int, mornings: dict[date, int]) -> _Snapshot:
        """The programme after also deciding ``week``."""
        swaps = dict(self.swaps)
        changes, paused, grown = _decide(
            line.by_week.get(week, []), mornings, line.usual_pain, line.catalogue, swaps
        )
        return _Snapshot(swaps, self.additions + grown, tuple(changes), frozenset(paused))


def _decide(
    records: Sequence[MoveRecord],
    mornings: dict[date, int],
    usual_pain: int,
    catalogue: Catalogue,
    swaps: dict[str, str],
) -> tuple[list[Change], set[str], int]:
    """One week's decisions; updates ``swaps`` in place, returns changes, pauses and growth."""
    origin = {now: first for first, now in swaps.items()}
    by_move: dict[str, list[MoveRecord]] = defaultdict(list)
    for record in records:
        by_move[record.move].append(record)
    changes: list[Change] = []
    paused: set[str] = set()
    grown = 0
    for move, done in sorted(by_move.items()):
        movement = catalogue.get(move)
        base = origin.get(move, move)
        flares = [
            r
            for r in done
            if (after := mornings.get(r.at.date() + timedelta(days=1))) is not None
            and after >= _baseline(mornings, r.at.date(), usual_pain) + FLARE_RISE
        ]
        worst = max(r.pain_during or 0 for r in done)
        hurt = any(r.hurt for r in done)
        if any(r.sharp for r in done):
            paused.add(move)
            changes.append(Change(move, "paused", None, _WHY_SHARP))
        elif worst > HOLD_MAX or flares or hurt:
            gentler = catalogue.first(movement.easier if movement else ())
            easier = gentler.id if gentler else None
            if worst > HOLD_MAX:
                why = _WHY_HIGH.format(worst=worst)
            else:
                why = _WHY_HURT if hurt else _WHY_FLARE
            if easier is None:
                paused.add(move)
                changes.append(
                    Change(
                        move,
                        "paused",
                        None,
                        why + " It has no easier version, so it rests for a week.",
                    )
                )
            else:
                _swap(swaps, base, easier)
                changes.append(Change(move, "easier", easier, why))
        elif worst > TOLERATED_MAX:
            changes.append(Change(move, "steady", None, _WHY_STEADY.format(worst=worst)))
        elif len(done) >= SESSIONS_TO_GROW and grown < GROWTH_PER_WEEK:
            stronger = catalogue.first(movement.harder if movement else ())
            harder = stronger.id if stronger else None
            grown += 1
            if harder is not None:
                _swap(swaps, base, harder)
                changes.append(Change(move, "harder", harder, _WHY_GROW.format(count=len(done))))
            else:
                changes.append(Change(move, "added", None, _WHY_ADD.format(count=len(done))))
    return changes, paused, grown


def _swap(swaps: dict[str, str], base: str, now: str) -> None:
    if now == base:
        swaps.pop(base, None)
    else:
        swaps[base] = now


_WHY_SHARP = (
    "You felt something sharp, shooting or spreading down a leg, so it is left out this week. "
    "If that feeling comes back or stays, check with a clinician."
)
_WHY_HIGH = "Your pain during it reached {worst}/10, so the plan steps back."
_WHY_HURT = "You stopped it during a session because it hurt, so the plan steps back."
_WHY_FLARE = "Your back was clearly worse the next morning, so the plan steps back."
_WHY_STEADY = "Your pain during it reached {worst}/10: the plan holds it as it is for now."
_WHY_GROW = "You did it {count} times last week with little pain, so the plan moves you on."
_WHY_ADD = "You did it {count} times last week with little pain, so the plan adds a new movement."
