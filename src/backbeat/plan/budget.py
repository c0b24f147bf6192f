"""Rule 8: a day's movement minutes never exceed ``minutes_per_day``.

When everything does not fit, doses are shortened first; then slots are thinned from the lowest
priority up (moments, evening stretches, the morning routine, work breaks), keeping safety and the
twice-daily rhythm to the last. Every cut is written into the day's notes: never silently.
"""

from __future__ import annotations

from dataclasses import replace

from backbeat.catalog.catalogue import Catalogue
from backbeat.plan import reasons
from backbeat.plan.day import item
from backbeat.plan.model import Slot

SHORTEST = 0.5  # doses are shortened to half at most before slots are thinned
RHYTHM = ("waking", "bedtime")
WORK = ("desk", "car", "standing")
CORE = (*RHYTHM, "morning", "evening", *WORK)


def _seconds(slots: list[Slot]) -> float:
    return sum(i.seconds for s in slots if not s.walk for i in s.items)


def _shorten(slots: list[Slot], catalogue: Catalogue, scale: float) -> list[Slot]:
    return [
        s
        if s.walk
        else replace(
            s,
            items=tuple(
                item(catalogue.movements[i.move], i.why, i.scale * scale, half=i.half)
                for i in s.items
            ),
        )
        for s in slots
    ]


def _thinning_order(slots: list[Slot]) -> list[tuple[str, list[Slot]]]:
    """Groups of slots to drop, lowest priority first; work breaks go every other one at a time."""
    moments = [s for s in slots if s.moment not in CORE and not s.walk]
    order = [("your own moments", sorted(moments, key=lambda s: -s.offset))]
    order += [("the evening stretches", [s for s in slots if s.moment == "evening"])]
    order += [("the morning routine", [s for s in slots if s.moment == "morning"])]
    breaks = [s for s in slots if s.moment in WORK]
    odd_first = breaks[1::2] + breaks[0::2]
    order += [("some work breaks", list(reversed(odd_first)))]
    return order


def fit(slots: list[Slot], catalogue: Catalogue, minutes: int) -> tuple[list[Slot], list[str]]:
    """Slots that fit ``minutes`` of movement (walks apart), and notes saying what changed."""
    limit = minutes * 60
    if _seconds(slots) <= limit:
        return slots, []
    notes = [reasons.SHORTENED.format(limit=minutes)]
    scale = max(SHORTEST, limit / _seconds(slots))
    slots = _shorten(slots, catalogue, scale)
    for what, group in _thinning_order(slots):
        dropped = 0
        for victim in group:
            if _seconds(slots) <= limit:
                break
            slots = [s for s in slots if s is not victim]
            dropped += 1
        if dropped:
            notes.append(reasons.THINNED.format(limit=minutes, what=f"{what} ({dropped})"))
    if _seconds(slots) > limit:  # only the twice-daily rhythm is left: one movement each
        slots = [s if s.walk else replace(s, items=s.items[:1]) for s in slots]
        slots = _shorten(slots, catalogue, 0.0)
        notes.append(reasons.THINNED.format(limit=minutes, what="the second rhythm movement"))
    return slots, notes
