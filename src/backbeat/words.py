"""Words for people that are built from data: doses, lists, labels.

Kept in one module so that other languages can come later without touching the engine.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol


class DoseLike(Protocol):
    @property
    def reps(self) -> int | None: ...
    @property
    def hold_s(self) -> float | None: ...
    @property
    def tempo_s(self) -> float | None: ...
    @property
    def duration_s(self) -> float | None: ...
    @property
    def sides(self) -> str: ...
    @property
    def rest_s(self) -> float | None: ...


def seconds(value: float) -> str:
    """``90`` becomes ``1 min 30 s``; ``8`` stays ``8 s``."""
    whole = round(value)
    if whole < 60:
        return f"{value:g} s"
    minutes, rest = divmod(whole, 60)
    return f"{minutes} min" + (f" {rest} s" if rest else "")


def dose_text(dose: DoseLike) -> str:
    """A dose as a person would say it: ``4 times, hold 8 s, each side``."""
    parts: list[str] = []
    if dose.reps:
        parts.append("once" if dose.reps == 1 else f"{dose.reps} times")
    if dose.duration_s:
        parts.append(seconds(dose.duration_s))
    if dose.hold_s:
        parts.append(f"hold {seconds(dose.hold_s)}")
    if dose.tempo_s:
        parts.append(f"{seconds(dose.tempo_s)} each way")
    if dose.sides == "both":
        parts.append("each side")
    elif dose.sides == "alternate":
        parts.append("sides in turn")
    if dose.rest_s:
        parts.append(f"rest {seconds(dose.rest_s)}")
    return ", ".join(parts)


def listing(values: Iterable[str]) -> str:
    """``a, b and c``."""
    items = list(values)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
