"""Words for people that are built from data: doses, lists, labels.

Kept in one module so that other languages can come later without touching the engine.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Literal, Protocol

SHORT_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
VERDICTS: dict[Literal["tolerated", "borderline", "painful"], str] = {
    "tolerated": "suits you",
    "borderline": "go gently",
    "painful": "ease off",
}
"""How each verdict on a movement's tolerance reads, in the terminal, the charts and the page."""


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


def dose_text(dose: DoseLike | Mapping[str, object]) -> str:
    """A dose as a person would say it: ``4 times, hold 8 s, each side``."""
    get = dose.get if isinstance(dose, Mapping) else lambda key: getattr(dose, key)
    parts: list[str] = []
    reps, duration, hold, tempo = get("reps"), get("duration_s"), get("hold_s"), get("tempo_s")
    rest, sides = get("rest_s"), get("sides")
    if isinstance(reps, int) and reps:
        parts.append("once" if reps == 1 else f"{reps} times")
    if isinstance(duration, int | float) and duration:
        parts.append(seconds(duration))
    if isinstance(hold, int | float) and hold:
        parts.append(f"hold {seconds(hold)}")
    if isinstance(tempo, int | float) and tempo:
        parts.append(f"{seconds(tempo)} each way")
    if sides == "both":
        parts.append("each side")
    elif sides == "alternate":
        parts.append("sides in turn")
    if isinstance(rest, int | float) and rest:
        parts.append(f"rest {seconds(rest)}")
    return ", ".join(parts)


def listing(values: Iterable[str]) -> str:
    """``a, b and c``."""
    items = list(values)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
