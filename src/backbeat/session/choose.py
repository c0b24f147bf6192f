"""Which movements a session plays: a plan slot's, movements named by hand, the slot due now,
or a short micro-break when there is no plan. One decision for the terminal, the web's session
page and the API: the gate first, then what was asked for, or why it is not there.

Pure: the profile's state, the plan, the catalogue and the moment come in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Literal

from backbeat.catalog.catalogue import Catalogue
from backbeat.catalog.schema import Dose, Movement
from backbeat.catalog.timing import dose_seconds, rep_seconds, side_count
from backbeat.plan.model import Slot
from backbeat.plan.profile import Profile
from backbeat.plan.profile_file import ProfileState
from backbeat.plan.today import Today, asleep, due
from backbeat.session.gate import Asked, Refusal, gate
from backbeat.session.timeline import Step, build

MICRO_BREAK_S = 120.0
MICRO_BREAK_MOVES = 2
DEFAULT_PLACE = "desk"


@dataclass(frozen=True, slots=True)
class AskSlot:
    """A slot of today's plan, by its id or a moment's name in any case (``tv`` finds ``TV``)."""

    name: str


@dataclass(frozen=True, slots=True)
class AskMoves:
    """Movements named by hand, by id, in order."""

    ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AskBreak:
    """A micro-break for a place."""

    place: str = DEFAULT_PLACE


@dataclass(frozen=True, slots=True)
class AskNow:
    """The slot of today's plan due now (at ``place`` when given), else a micro-break there
    (``backbeat now``)."""

    place: str | None = None


Asking = AskSlot | AskMoves | AskBreak | AskNow


@dataclass(frozen=True, slots=True)
class Chosen:
    """What the session plays: its steps, the plan slot they are (when they are one), and
    today's plan when it was looked at."""

    steps: tuple[Step, ...]
    slot: Slot | None = None
    today: Today | None = None


@dataclass(frozen=True, slots=True)
class NotFound:
    """What was asked for is not there: a slot today's plan lacks (``near``: today's slot ids),
    a movement the catalogue lacks (``near``: the nearest ids), or a place with no gentle
    movement for a micro-break."""

    what: Literal["slot", "move", "place"]
    name: str
    near: tuple[str, ...] = ()
    slots: tuple[Slot, ...] = ()  # today's slots, for a slot not found


@dataclass(frozen=True, slots=True)
class Resting:
    """Asked what is due in the person's sleeping hours when the day's slots are all done:
    nothing is, until ``wake`` (a desk micro-break at 3 a.m. would be no help to anyone)."""

    wake: time


def asked(asking: Asking) -> Asked:
    """What the gate is asked: a plan slot, movements by id, or a micro-break (the slot due now
    falls back to one, so it needs no profile)."""
    if isinstance(asking, AskSlot):
        return "slot"
    return "moves" if isinstance(asking, AskMoves) else "break"


def choose(
    asking: Asking,
    state: ProfileState,
    catalogue: Catalogue,
    today_of: Callable[[Profile], Today],
    now: datetime,
) -> Chosen | Refusal | NotFound | Resting:
    """What a session plays, or why none may start (the gate, first: a referral wins over a
    typing slip in a movement's name), or what asked for is not there. ``today_of`` gives
    today's plan for the profile (each face keeps it, or not, as it keeps plans)."""
    refusal = gate(state, asked(asking))
    if refusal is not None:
        return refusal
    if isinstance(asking, AskMoves):
        steps = []
        for move in asking.ids:
            movement = catalogue.get(move)
            if movement is None:
                return NotFound("move", move, tuple(catalogue.suggest(move)))
            steps.append(Step.of(movement))
        return Chosen(tuple(steps))
    if isinstance(asking, AskSlot):
        assert state.profile is not None  # the gate lets a slot through only with a profile
        found = today_of(state.profile)
        slot = found.slot(asking.name)
        if slot is None:
            listed = tuple(found.day.slots)
            return NotFound("slot", asking.name, tuple(s.id for s in listed), listed)
        return Chosen(tuple(slot_steps(slot, catalogue)), slot, found)
    place = asking.place or DEFAULT_PLACE
    found_today = None
    if isinstance(asking, AskNow) and state.profile is not None:
        found_today = today_of(state.profile)
        here = [s for s in found_today.day.slots if asking.place in (None, s.place)]
        slot = due(here, found_today.awake, found_today.done)
        if slot is not None:
            return Chosen(tuple(slot_steps(slot, catalogue)), slot, found_today)
        day = state.profile.day
        if asking.place is None and asleep(now, day.wake, day.sleep):
            return Resting(day.wake)
    steps = micro_break(catalogue, place, now.date())
    if not steps:
        return NotFound("place", place)
    return Chosen(tuple(steps), None, found_today)


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
