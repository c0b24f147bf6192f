"""Which movements a session plays: a plan slot's, or a short micro-break when there is no plan.

Pure: the plan, the catalogue and the local time come in.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from backbeat.catalog.catalogue import Catalogue
from backbeat.catalog.schema import Dose, Movement
from backbeat.catalog.timing import dose_seconds, rep_seconds, side_count
from backbeat.plan.builder import make_plan
from backbeat.plan.day import minutes_of
from backbeat.plan.history import MoveRecord, Record
from backbeat.plan.model import DayPlan, Plan, Slot
from backbeat.plan.profile import Profile
from backbeat.session.timeline import Step, build

MICRO_BREAK_S = 120.0
MICRO_BREAK_MOVES = 2


def plan_day(now: datetime, wake: time) -> date:
    """The plan day ``now`` belongs to: a day runs from waking to waking, so 01:00 on a night
    shift still belongs to the day that began the evening before."""
    return (now - timedelta(minutes=minutes_of(wake))).date()


def minutes_awake(now: datetime, wake: time) -> int:
    return (minutes_of(now.time()) - minutes_of(wake)) % (24 * 60)


def due(slots: Sequence[Slot], awake: int, done: Collection[int] = ()) -> Slot | None:
    """The slot due now: the last one that has begun, unless it is done (its offset is in
    ``done``); otherwise the next one not done. None when nothing is left."""
    begun = [s for s in slots if s.offset <= awake]
    if begun and begun[-1].offset not in done:
        return begun[-1]
    return next((s for s in slots if s.offset > awake and s.offset not in done), None)


def done_today(day: DayPlan, records: Sequence[Record], now: datetime, wake: time) -> set[int]:
    """Offsets of the day's slots already done: a check-in for one of a slot's movements between
    its start and the next slot's. Times without a zone are taken as local."""
    done: set[int] = set()
    starts = [s.offset for s in day.slots]
    for record in records:
        if not isinstance(record, MoveRecord):
            continue
        at = record.at.astimezone(now.tzinfo) if record.at.tzinfo and now.tzinfo else record.at
        if plan_day(at, wake) != day.date:
            continue
        offset = minutes_awake(at, wake)
        for slot, start in zip(day.slots, starts, strict=True):
            end = min((o for o in starts if o > start), default=24 * 60)
            if start <= offset < end and record.move in {i.move for i in slot.items}:
                done.add(start)
    return done


@dataclass(frozen=True)
class Today:
    """Today's plan as it stands at a moment: how long since waking, which slots are done."""

    plan: Plan
    awake: int  # minutes since waking
    done: frozenset[int]  # offsets of the slots already done
    woke: datetime  # when this plan day began: the wake time on its date

    @property
    def day(self) -> DayPlan:
        return self.plan.days[0]

    @property
    def due(self) -> Slot | None:
        return due(self.day.slots, self.awake, self.done)

    def at(self, slot: Slot) -> datetime:
        """The instant a slot begins (for reminders while a page is open)."""
        return self.woke + timedelta(minutes=slot.offset)


def today(
    profile: Profile, catalogue: Catalogue, history: Sequence[Record], now: datetime
) -> Today:
    """The plan of the day ``now`` belongs to, and where the person stands in it (what
    ``backbeat now`` and the web app's Today page both start from)."""
    wake = profile.day.wake
    plan = make_plan(profile, catalogue, history, plan_day(now, wake))
    done = done_today(plan.days[0], history, now, wake)
    woke = datetime.combine(plan.start, wake, tzinfo=now.tzinfo)
    return Today(plan, minutes_awake(now, wake), frozenset(done), woke)


def slot_named(day: DayPlan, moment: str, awake: int) -> Slot | None:
    """The slot of that moment due now, or its next one, or its last one of the day."""
    same = [s for s in day.slots if s.moment == moment]
    return due(same, awake)


def slot_steps(slot: Slot, catalogue: Catalogue) -> list[Step]:
    return [
        Step(catalogue.movements[i.move], Dose.model_validate(dict(i.dose))) for i in slot.items
    ]


def micro_break(catalogue: Catalogue, place: str, day: date) -> list[Step]:
    """Two gentle micromovements for ``place``, different each day, dosed to fill about two
    minutes with their cues; none when the catalogue has nothing for that place."""
    gentle = sorted(
        (m for m in catalogue.select(place=place) if m.effort <= 2 and m.kind != "walk"),
        key=lambda m: (m.effort, m.id),
    )
    pool = [m for m in gentle if m.kind == "micro"] or gentle
    chosen: list[Movement] = []
    for n in range(len(pool)):
        candidate = pool[(day.toordinal() + n) % len(pool)]
        if all(set(candidate.regions) != set(c.regions) for c in chosen):
            chosen.append(candidate)
        if len(chosen) == MICRO_BREAK_MOVES:
            break
    steps = [Step.of(m) for m in chosen]
    if not steps:
        return steps
    spare = MICRO_BREAK_S - build(steps).duration + sum(dose_seconds(s.dose) for s in steps)
    share = spare / len(steps)
    return [Step(s.movement, _fit(s.dose, share)) for s in steps]


def _fit(dose: Dose, seconds: float) -> Dose:
    """As many repetitions as fit in ``seconds`` (at least two)."""
    reps = max(2, round(seconds / (side_count(dose) * rep_seconds(dose))))
    return dose.model_copy(update={"reps": reps, "duration_s": None})
