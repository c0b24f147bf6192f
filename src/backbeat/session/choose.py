"""Which movements a session plays: a plan slot's, or a short micro-break when there is no plan.

Pure: the plan, the catalogue and the local time come in.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from backbeat.catalog.catalogue import Catalogue
from backbeat.catalog.schema import Dose, Movement
from backbeat.catalog.timing import rep_seconds, side_count
from backbeat.plan.day import minutes_of
from backbeat.plan.model import DayPlan, Slot
from backbeat.session.timeline import Step, build

MICRO_BREAK_S = 120.0
MICRO_BREAK_MOVES = 2


def plan_day(now: datetime, wake: time) -> date:
    """The plan day ``now`` belongs to: a day runs from waking to waking, so 01:00 on a night
    shift still belongs to the day that began the evening before."""
    return (now - timedelta(minutes=minutes_of(wake))).date()


def minutes_awake(now: datetime, wake: time) -> int:
    return (minutes_of(now.time()) - minutes_of(wake)) % (24 * 60)


def due(slots: Sequence[Slot], awake: int) -> Slot | None:
    """The slot due now (the last one that has begun) or, before the first, the next one."""
    begun = [s for s in slots if s.offset <= awake]
    if begun:
        return begun[-1]
    return slots[0] if slots else None


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
    pool = sorted(
        (m for m in catalogue.select(place=place) if m.kind == "micro" and m.effort <= 2),
        key=lambda m: (m.effort, m.id),
    )
    if not pool:
        pool = sorted(
            (m for m in catalogue.select(place=place) if m.effort <= 2 and m.kind != "walk"),
            key=lambda m: (m.effort, m.id),
        )
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
    spare = MICRO_BREAK_S - build(steps).duration + sum(_dose_s(s.dose) for s in steps)
    share = spare / len(steps)
    return [Step(s.movement, _fit(s.dose, share)) for s in steps]


def _dose_s(dose: Dose) -> float:
    return (dose.reps or 1) * side_count(dose) * rep_seconds(dose)


def _fit(dose: Dose, seconds: float) -> Dose:
    """As many repetitions as fit in ``seconds`` (at least two)."""
    reps = max(2, round(seconds / (side_count(dose) * rep_seconds(dose))))
    return dose.model_copy(update={"reps": reps, "duration_s": None})
