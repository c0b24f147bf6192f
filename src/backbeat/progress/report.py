"""Progress a person can see: whether they moved as planned, how their back has felt over the
weeks, and which movements suit them. People stop when they stop seeing that it helps.

Pure: the records, the movement items planned per day, today and the number of weeks come in; a
frozen report comes out. A record belongs to the day of its own local time, as in progression.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from statistics import fmean
from typing import Literal

from backbeat.plan.progression import HOLD_MAX, TOLERATED_MAX
from backbeat.records import MorningRecord, MoveRecord, Record, ReviewRecord, SessionRecord

DEFAULT_WEEKS = 4
TREND_STEP = 1.0  # points of 7-day average pain that count as a change, not noise
TREND_DAYS = 2  # days with a pain score needed in each of the first and last week of the window
TREND_SCORES = 5  # days with a score that show a trend in a window shorter than two weeks

Verdict = Literal["tolerated", "borderline", "painful"]
Trend = Literal["easier", "steady", "worse"]


@dataclass(frozen=True, slots=True)
class Day:
    """One day: movement items planned (None when unknown) and check-ins done, guided sessions,
    the mean of every pain score given that day, and the mean of those daily means over the 7
    days ending here (None when there were none)."""

    date: date
    planned: int | None
    done: int
    sessions: int
    pain: float | None
    pain_7day: float | None
    morning: float | None = None  # morning pain, on its own: how the back is on waking
    morning_7day: float | None = None
    stiffness: float | None = None  # morning stiffness, when it was given
    during: float | None = None  # the mean pain during the movements done that day
    slots_planned: int | None = None  # the plan's moments (slots) that day, None when unknown
    slots_done: int = 0

    def as_json(self) -> dict[str, object]:
        return _fields(self)


@dataclass(frozen=True, slots=True)
class Adherence:
    """Planned and done in the window, by moments (the plan's slots: the headline) and by
    movements (the detail). ``slots_percent`` is of the moments of the days before today, today
    told apart (``today_done`` of ``today_planned``), so a morning never reads as a shortfall.
    ``percent`` is of planned items done, each day counted up to its plan
    (extra movement one day does not make up for another), and today only for what
    is done so far, so a morning never lowers it. Streaks run over the whole journal: a day
    counts when at least one movement was done, and today not yet done does not break one."""

    planned: int
    done: int
    percent: int | None
    active_days: int
    current_streak: int
    longest_streak: int
    slots_planned: int = 0  # moments (slots) planned on the days before today that are known
    slots_done: int = 0  # of those, the ones done
    slots_percent: int | None = None
    today_planned: int | None = None  # today's moments, and how many are done so far
    today_done: int = 0

    def as_json(self) -> dict[str, object]:
        return _fields(self)


@dataclass(frozen=True, slots=True)
class PainTrend:
    """The mean daily pain of the window's first 7 days beside its last 7, in plain words."""

    first: float | None
    last: float | None
    trend: Trend | None
    words: str

    def as_json(self) -> dict[str, object]:
        change = None if self.first is None or self.last is None else self.last - self.first
        return {
            "first_week": _round(self.first),
            "last_week": _round(self.last),
            "change": _round(change),
            "trend": self.trend,
            "words": self.words,
        }


@dataclass(frozen=True, slots=True)
class Tolerance:
    """How one movement went in the window. The verdict is progression's own: its thresholds on
    the worst pain during it in the latest calendar week it was done (``verdict_week``, a
    Monday), the week the plan will next decide from, so what progress shows and what the plan
    does agree, and one bad day weeks ago does not mark a movement for good."""

    move: str
    times: int
    pain_during_mean: float | None
    pain_during_max: int | None
    pain_after_mean: float | None
    sharp: int
    hurt: int
    verdict: Verdict
    verdict_week: date

    def as_json(self) -> dict[str, object]:
        return _fields(self)


@dataclass(frozen=True, slots=True)
class PlannedSlot:
    """A moment of a day's plan as progress needs it: its id, its time and its movements."""

    id: str
    time: str  # HH:MM
    moves: frozenset[str]


@dataclass(frozen=True)
class ProgressReport:
    """Progress over the last ``weeks`` weeks ending ``today``; ``days`` are contiguous and
    ordered, and start no earlier than the journal's first day (none when it is empty)."""

    today: date
    weeks: int
    days: tuple[Day, ...]
    adherence: Adherence
    pain: PainTrend
    moves: tuple[Tolerance, ...]
    reviews: tuple[ReviewRecord, ...]
    morning: PainTrend = field(default_factory=lambda: _trend_of([], "morning pain"))
    stiffness: PainTrend = field(default_factory=lambda: _trend_of([], "morning stiffness"))

    @property
    def empty(self) -> bool:
        return not self.days

    def as_json(self) -> dict[str, object]:
        return {
            "today": self.today.isoformat(),
            "weeks": self.weeks,
            "start": self.days[0].date.isoformat() if self.days else None,
            "end": self.days[-1].date.isoformat() if self.days else None,
            "days": [d.as_json() for d in self.days],
            "adherence": self.adherence.as_json(),
            "pain": self.pain.as_json(),
            "morning": self.morning.as_json(),
            "stiffness": self.stiffness.as_json(),
            "moves": [m.as_json() for m in self.moves],
            "reviews": [
                {"date": r.at.date().isoformat(), **r.model_dump(mode="json", exclude={"at"})}
                for r in self.reviews
            ],
        }


def progress_report(
    records: Iterable[Record],
    planned: Mapping[date, int],
    today: date,
    weeks: int = DEFAULT_WEEKS,
    slots: Mapping[date, Sequence[PlannedSlot]] | None = None,
) -> ProgressReport:
    """The report for the ``weeks`` weeks ending ``today``. ``planned`` holds the movement items
    the plan had on each day it is known for, ``slots`` its moments. Records after today are
    left out."""
    slots = slots or {}
    pains: dict[date, list[int]] = defaultdict(list)
    mornings: dict[date, list[int]] = defaultdict(list)
    stiff: dict[date, list[int]] = defaultdict(list)
    during: dict[date, list[int]] = defaultdict(list)
    moves: list[MoveRecord] = []
    done: dict[date, int] = defaultdict(int)
    sessions: dict[date, int] = defaultdict(int)
    kept: dict[date, set[str]] = defaultdict(set)
    reviews: list[ReviewRecord] = []
    first = today + timedelta(days=1)  # an empty journal gives an empty window
    for record in records:
        day = record.at.date()
        if day > today:
            continue
        first = min(first, day)
        if isinstance(record, MoveRecord):
            moves.append(record)
            done[day] += 1
            if record.pain_during is not None:
                pains[day].append(record.pain_during)
                during[day].append(record.pain_during)
            kept[day] |= _slot_of(slots.get(day, ()), record)
        elif isinstance(record, MorningRecord):
            pains[day].append(record.morning_pain)
            mornings[day].append(record.morning_pain)
            if record.stiffness is not None:
                stiff[day].append(record.stiffness)
        elif isinstance(record, SessionRecord):
            sessions[day] += 1
            if record.slot and (record.done or record.stopped):
                kept[day].add(record.slot)
        elif isinstance(record, ReviewRecord):
            reviews.append(record)
    start = max(today - timedelta(days=7 * weeks - 1), first)
    dates = [start + timedelta(days=n) for n in range((today - start).days + 1)]
    daily = {day: fmean(values) for day, values in pains.items()}
    morning = {day: fmean(values) for day, values in mornings.items()}
    days = tuple(
        Day(
            d,
            planned.get(d),
            done.get(d, 0),
            sessions.get(d, 0),
            daily.get(d),
            _week_mean(daily, d),
            morning.get(d),
            _week_mean(morning, d),
            fmean(stiff[d]) if stiff.get(d) else None,
            fmean(during[d]) if during.get(d) else None,
            len(slots[d]) if d in slots else None,
            len(kept.get(d, set()) & {s.id for s in slots.get(d, ())}),
        )
        for d in dates
    )
    return ProgressReport(
        today=today,
        weeks=weeks,
        days=days,
        adherence=_adherence(days, today, {day for day, count in done.items() if count}),
        pain=_trend(days),
        moves=_tolerance([r for r in moves if r.at.date() >= start]),
        reviews=tuple(sorted((r for r in reviews if r.at.date() >= start), key=_wall_clock)),
        morning=_trend_of([d.morning for d in days], "morning pain"),
        stiffness=_trend_of([d.stiffness for d in days], "morning stiffness"),
    )


def _slot_of(slots: Sequence[PlannedSlot], record: MoveRecord) -> set[str]:
    """The moment of the day a check-in by hand belongs to: the latest one begun by its local
    time that holds the movement (none when no such moment)."""
    at = f"{record.at:%H:%M}"
    begun = [s for s in sorted(slots, key=lambda s: s.time) if s.time <= at]
    return {begun[-1].id} if begun and record.move in begun[-1].moves else set()


def _wall_clock(record: Record) -> datetime:
    """When, in the person's local time: a journal may hold times with a zone and without."""
    return record.at.replace(tzinfo=None)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _fields(report: Day | Adherence | Tolerance) -> dict[str, object]:
    """A part of the report as JSON, named as its fields: dates in ISO form, means rounded."""
    return {
        name: value.isoformat()
        if isinstance(value, date)
        else _round(value)
        if isinstance(value, float)
        else value
        for name, value in asdict(report).items()
    }


def _week_mean(daily: Mapping[date, float], day: date) -> float | None:
    values = [v for n in range(7) if (v := daily.get(day - timedelta(days=n))) is not None]
    return fmean(values) if values else None


def _adherence(days: Sequence[Day], today: date, active: set[date]) -> Adherence:
    known = [d for d in days if d.planned is not None]
    met = sum(min(d.done, d.planned) for d in known if d.planned is not None)
    target = sum(
        (min(d.done, d.planned) if d.date == today else d.planned)
        for d in known
        if d.planned is not None
    )
    current, longest = streaks(active, today)
    before = [d for d in days if d.slots_planned is not None and d.date < today]
    slots_planned = sum(d.slots_planned or 0 for d in before)
    slots_done = sum(min(d.slots_done, d.slots_planned or 0) for d in before)
    now = next((d for d in days if d.date == today), None)
    return Adherence(
        planned=sum(d.planned for d in known if d.planned is not None),
        done=sum(d.done for d in days),
        percent=round(100 * met / target) if target else None,
        active_days=sum(1 for d in days if d.done),
        current_streak=current,
        longest_streak=longest,
        slots_planned=slots_planned,
        slots_done=slots_done,
        slots_percent=round(100 * slots_done / slots_planned) if slots_planned else None,
        today_planned=now.slots_planned if now is not None else None,
        today_done=now.slots_done if now is not None else 0,
    )


def streaks(active: set[date], today: date) -> tuple[int, int]:
    """The current run of active days (ending today, or yesterday while today is not yet
    active) and the longest run ever."""
    current = 0
    day = today if today in active else today - timedelta(days=1)
    while day in active:
        current += 1
        day -= timedelta(days=1)
    longest = run = 0
    previous: date | None = None
    for day in sorted(active):
        run = run + 1 if previous is not None and (day - previous).days == 1 else 1
        longest = max(longest, run)
        previous = day
    return current, longest


def _trend(days: Sequence[Day]) -> PainTrend:
    if len(days) < 14:
        return PainTrend(None, None, None, _TOO_SHORT)
    early = [d.pain for d in days[:7] if d.pain is not None]
    late = [d.pain for d in days[-7:] if d.pain is not None]
    if len(early) < TREND_DAYS or len(late) < TREND_DAYS:
        return PainTrend(None, None, None, _TOO_FEW)
    first, last = fmean(early), fmean(late)
    trend = _direction(first, last)
    words = _TREND_WORDS[trend].format(first=first, last=last)
    return PainTrend(first, last, trend, words)


def _direction(first: float, last: float) -> Trend:
    """Easier or worse by ``TREND_STEP`` points or more; anything less is noise, steady."""
    if last <= first - TREND_STEP:
        return "easier"
    return "worse" if last >= first + TREND_STEP else "steady"


def _trend_of(values: Sequence[float | None], what: str) -> PainTrend:
    """The trend of one daily series of its own (morning pain, stiffness): over two weeks or
    more, its first 7 days beside its last 7, as the pain trend; over a shorter window, its first
    scores beside its last (the first and last third of them), from ``TREND_SCORES`` on."""
    if len(values) >= 14:
        early = [v for v in values[:7] if v is not None]
        late = [v for v in values[-7:] if v is not None]
        if len(early) < TREND_DAYS or len(late) < TREND_DAYS:
            return PainTrend(None, None, None, _TOO_FEW_OF.format(what=what))
        span = "week"
    else:
        scores = [v for v in values if v is not None]
        if len(scores) < TREND_SCORES:
            return PainTrend(None, None, None, _TOO_FEW_OF.format(what=what))
        third = max(len(scores) // 3, TREND_DAYS)
        early, late, span = scores[:third], scores[-third:], "days"
    first, last = fmean(early), fmean(late)
    trend = _direction(first, last)
    words = _TREND_OF[trend].format(what=what, first=first, last=last, span=span)
    return PainTrend(first, last, trend, words[:1].upper() + words[1:])


def moments_line(a: Adherence) -> str:
    """Adherence in words, by the plan's moments: "3 of 5 moments today; 18 of 24 on the days
    before (75%)"; with no plan known, what was done."""
    parts = []
    if a.today_planned is not None:
        parts.append(f"{a.today_done} of {_moments(a.today_planned)} today")
    if a.slots_planned:
        parts.append(
            f"{a.slots_done} of {_moments(a.slots_planned)} on the days before ({a.slots_percent}%)"
        )
    return "; ".join(parts) + "." if parts else "no plan to count against yet."


def _moments(count: int) -> str:
    return f"{count} moment{'s' if count != 1 else ''}"


def verdict(worst: int | None, sharp: bool, hurt: bool) -> Verdict:
    """Progression's thresholds: up to TOLERATED_MAX grows, up to HOLD_MAX holds, above steps
    back; anything sharp or stopped because it hurt steps back whatever the score."""
    if sharp or hurt or (worst is not None and worst > HOLD_MAX):
        return "painful"
    if worst is not None and worst > TOLERATED_MAX:
        return "borderline"
    return "tolerated"


def _tolerance(records: Sequence[MoveRecord]) -> tuple[Tolerance, ...]:
    by_move: dict[str, list[MoveRecord]] = defaultdict(list)
    for record in records:
        by_move[record.move].append(record)
    found: list[Tolerance] = []
    for move, done in by_move.items():
        during = [r.pain_during for r in done if r.pain_during is not None]
        after = [r.pain_after for r in done if r.pain_after is not None]
        sharp = sum(1 for r in done if r.sharp)
        hurt = sum(1 for r in done if r.hurt)
        last = max(r.at.date() for r in done)
        monday = last - timedelta(days=last.weekday())
        latest = [r for r in done if r.at.date() >= monday]
        found.append(
            Tolerance(
                move=move,
                times=len(done),
                pain_during_mean=fmean(during) if during else None,
                pain_during_max=max(during) if during else None,
                pain_after_mean=fmean(after) if after else None,
                sharp=sharp,
                hurt=hurt,
                verdict=verdict(
                    max((r.pain_during for r in latest if r.pain_during is not None), default=None),
                    any(r.sharp for r in latest),
                    any(r.hurt for r in latest),
                ),
                verdict_week=monday,
            )
        )
    return tuple(sorted(found, key=lambda t: (-t.times, t.move)))


_TOO_SHORT = "Two weeks of check-ins show how your pain is changing; until then, keep noting it."
_TOO_FEW = (
    "Not enough pain scores yet to see a trend: a morning check-in (`backbeat checkin`) on most "
    "days shows it."
)
_TREND_WORDS: dict[Trend, str] = {
    "easier": "Your pain averaged {first:.1f}/10 in the first week shown and {last:.1f}/10 in "
    "the last: lower. Keep going gently.",
    "steady": "Your pain averaged {first:.1f}/10 in the first week shown and {last:.1f}/10 in "
    "the last: about the same. Back pain often changes slowly, and not in a straight line.",
    "worse": "Your pain averaged {first:.1f}/10 in the first week shown and {last:.1f}/10 in "
    "the last: higher. Ease off what hurts, and see a clinician if it keeps rising or is severe.",
}
_TOO_FEW_OF = (
    "Not enough scores of your {what} yet to see a trend: a morning check-in on most days shows it."
)
_TREND_OF: dict[Trend, str] = {
    "easier": "your {what} averaged {first:.1f}/10 in the first {span} shown and {last:.1f}/10 "
    "in the last: lower. Keep going gently.",
    "steady": "your {what} averaged {first:.1f}/10 in the first {span} shown and {last:.1f}/10 "
    "in the last: about the same. Back pain often changes slowly, and not in a straight line.",
    "worse": "your {what} averaged {first:.1f}/10 in the first {span} shown and {last:.1f}/10 "
    "in the last: higher. Ease off what hurts, and see a clinician if it keeps rising or is "
    "severe.",
}
