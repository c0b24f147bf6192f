"""What a plan is made of: items in slots in days. Frozen, and shaped like the JSON contract."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from backbeat.plan.progression import Change
from backbeat.safety.screen import Referral

Number = int | float


@dataclass(frozen=True, slots=True)
class Item:
    """A movement with its dose for this slot, why the plan put it there, and its seconds."""

    move: str
    dose: tuple[tuple[str, Number | str], ...]
    why: str
    seconds: float
    scale: float = 1.0  # how far the catalogue dose was shortened (pain, the day's budget)
    half: bool = False  # about half the dose, as after a rest

    def as_json(self) -> dict[str, object]:
        return {"move": self.move, "dose": dict(self.dose), "why": self.why}


@dataclass(frozen=True, slots=True)
class Slot:
    """A moment on a given day with its items; ``offset`` is minutes after waking (for order)."""

    offset: int
    time: str
    moment: str
    place: str
    items: tuple[Item, ...]
    walk: bool = False
    id: str = ""  # unique in a plan, the same for the same profile and date: see ``slot_ids``

    @property
    def minutes(self) -> float:
        return round(sum(i.seconds for i in self.items) / 60, 1)

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "time": self.time,
            "moment": self.moment,
            "place": self.place,
            "minutes": self.minutes,
            "items": [i.as_json() for i in self.items],
        }


@dataclass(frozen=True, slots=True)
class DayPlan:
    """One day's slots in the order they happen, and anything the plan had to leave out."""

    date: date
    slots: tuple[Slot, ...]
    notes: tuple[str, ...] = ()
    week: int = 1  # the week of the programme this day was planned with
    severe: bool = False  # planned for pain of 8/10 or more: the gentlest movements only

    @property
    def minutes(self) -> float:
        """Movement minutes, walks apart: the figure ``minutes_per_day`` bounds."""
        return round(sum(i.seconds for s in self.slots if not s.walk for i in s.items) / 60, 1)

    @property
    def walk_minutes(self) -> float:
        return round(sum(s.minutes for s in self.slots if s.walk), 1)

    def as_json(self) -> dict[str, object]:
        return {
            "date": self.date.isoformat(),
            "week": self.week,
            "minutes": self.minutes,
            "walk_minutes": self.walk_minutes,
            "slots": [s.as_json() for s in self.slots],
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class Plan:
    """Days from ``start``; with a referral, every day is empty."""

    start: date
    week: int
    referral: Referral | None
    days: tuple[DayPlan, ...]
    changes: tuple[Change, ...] = field(default=())
    advice: tuple[str, ...] = field(default=())  # when to see a clinician, beyond moving

    @classmethod
    def withheld(cls, referral: Referral, start: date, days: int = 1) -> Plan:
        """No plan: ``days`` empty days from ``start`` and the referral in its place."""
        empty = tuple(DayPlan(date.fromordinal(start.toordinal() + n), ()) for n in range(days))
        return cls(start, 1, referral, empty)

    def as_json(self) -> dict[str, object]:
        return {
            "start": self.start.isoformat(),
            "week": self.week,
            "referral": self.referral.as_json() if self.referral else None,
            "days": [d.as_json() for d in self.days],
            "changes": [c.as_json() for c in self.changes],
            "advice": list(self.advice),
        }
