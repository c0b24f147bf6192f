"""Progress a person can see: whether they moved as planned, how their back has felt over the
weeks, and which movements suit them. People stop when they stop seeing that it helps.

Pure: the records, the movement items planned per day, today and the number of weeks come in; a
frozen report comes out. A record belongs to the day of its own local time, as in progression.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from statistics import fmean
from typing import Literal

from backbeat.plan.progression import HOLD_MAX, TOLERATED_MAX
from backbeat.records import MorningRecord, MoveRecord, Record, ReviewRecord, SessionRecord

DEFAULT_WEEKS = 4
TREND_STEP = 1.0  # points of 7-day average pain that count as a change, not noise
TREND_DAYS = 2  # days with a pain score needed in each of the first and last week of the window

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

    def as_json(self) -> dict[str, object]:
        return _fields(self)


@dataclass(frozen=True, slots=True)
class Adherence:
    """Planned and done in the window; ``percent`` is of planned items done, each day counted up
    to its plan (extra movement one day does not make up for another), and today only for what
    is done so far, so a morning never lowers it. Streaks run over the whole journal: a day
    counts when at least one movement was done, and today not yet done does not break one."""

    planned: int
    done: int
    percent: int | None
    active_days: int
    current_streak: int
    longest_streak: int

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
) -> ProgressReport:
    """The report for the ``weeks`` weeks ending ``today``. ``planned`` holds the movement items
    the plan had on each day it is known for. Records after today are left out."""
    pains: dict[date, list[int]] = defaultdict(list)
    moves: list[MoveRecord] = []
    done: dict[date, int] = defaultdict(int)
    sessions: dict[date, int] = defaultdict(int)
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
        elif isinstance(record, MorningRecord):
            pains[day].append(record.morning_pain)
        elif isinstance(record, SessionRecord):
            sessions[day] += 1
        elif isinstance(record, ReviewRecord):
            reviews.append(record)
    start = max(today - timedelta(days=7 * weeks - 1), first)
    dates = [start + timedelta(days=n) for n in range((today - start).days + 1)]
    daily = {day: fmean(values) for day, values in pains.items()}
    days = tuple(
        Day(
            d,
            planned.get(d),
            done.get(d, 0),
            sessions.get(d, 0),
            daily.get(d),
            _week_mean(daily, d),
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
    )


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
    return Adherence(
        planned=sum(d.planned for d in known if d.planned is not None),
        done=sum(d.done for d in days),
        percent=round(100 * met / target) if target else None,
        active_days=sum(1 for d in days if d.done),
        current_streak=current,
        longest_streak=longest,
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
    trend: Trend = (
        "easier"
        if last <= first - TREND_STEP
        else "worse"
        if last >= first + TREND_STEP
        else "steady"
    )
    words = _TREND_WORDS[trend].format(first=first, last=last)
    return PainTrend(first, last, trend, words)


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
