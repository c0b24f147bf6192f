"""Which movements a session plays: a plan slot's, or a short micro-break when there is no plan.

Pure: the plan, the catalogue and the day come in.
"""

from __future__ import annotations

from datetime import date

from backbeat.catalog.catalogue import Catalogue
from backbeat.catalog.schema import Dose, Movement
from backbeat.catalog.timing import dose_seconds, rep_seconds, side_count
from backbeat.plan.model import Slot
from backbeat.session.timeline import Step, build

MICRO_BREAK_S = 120.0
MICRO_BREAK_MOVES = 2


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
    micro = [m for m in gentle if m.kind == "micro"]
    pool = micro if len(micro) >= MICRO_BREAK_MOVES else gentle
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
