"""What the figure does during each cue of a timeline: which stretch of the movement's keyframes
it plays, and on which side. Pure; the browser plays these spans against its own clock.

A movement's keyframes describe one repetition in phases (move, hold, release, rest), while the
timeline paces repetitions by the dose. Each lasting cue therefore takes the next stretch of
keyframes in turn, stretched to the cue's length: a ``move`` or ``release`` cue takes the next
moving stretch, a ``hold`` or ``rest`` cue takes a stretch of its own phase when that comes next,
and otherwise the figure keeps still. A cue much longer than a whole repetition (a walk) plays
the repetition over and over at its own pace.
"""

from __future__ import annotations

from dataclasses import dataclass

from backbeat.catalog.animation import movement_keys
from backbeat.motion.pose import Key
from backbeat.session.timeline import Event, Timeline

LOOP_FROM = 1.5  # a cue this many repetitions long, or longer, loops the repetition
_STILL = {"hold", "rest"}


@dataclass(frozen=True, slots=True)
class Span:
    """From keyframe time ``start`` to ``end`` (equal: still) over a cue, ``loops`` times,
    on the movement ``move`` of step ``step``, mirrored for the right side."""

    step: int
    move: str
    start: float
    end: float
    mirrored: bool = False
    loops: int = 1

    def as_json(self) -> dict[str, object]:
        return {
            "step": self.step,
            "move": self.move,
            "a": round(self.start, 3),
            "b": round(self.end, 3),
            "m": self.mirrored,
            "n": self.loops,
        }


class _Cycle:
    """Where one side of one movement has got to in its keyframes."""

    def __init__(self, keys: tuple[Key, ...]) -> None:
        self.keys = keys
        self.next = 0  # index of the next stretch (from key i to key i + 1)
        self.at = keys[0].t

    @property
    def length(self) -> float:
        return self.keys[-1].t - self.keys[0].t

    def phase(self, index: int) -> str:
        return self.keys[index + 1].phase

    def take(self) -> tuple[float, float]:
        start, end = self.keys[self.next].t, self.keys[self.next + 1].t
        self.next = (self.next + 1) % (len(self.keys) - 1)
        self.at = end
        return start, end

    def moving(self) -> tuple[float, float]:
        """The next stretch that moves, passing over holds and rests the dose does not have."""
        for _ in range(len(self.keys) - 1):
            if self.phase(self.next) not in _STILL:
                return self.take()
            self.next = (self.next + 1) % (len(self.keys) - 1)
        return self.at, self.at


def spans(timeline: Timeline) -> list[Span | None]:
    """One span per event; None for a tick (the cue it counts down goes on) and for the end."""
    cycles: dict[tuple[int, bool], _Cycle] = {}
    found: list[Span | None] = []
    for event in timeline.events:
        if event.kind in ("tick", "done"):
            found.append(None)
            continue
        step = event.step if event.step is not None else 0
        if step >= len(timeline.steps):
            found.append(None)
            continue
        movement = timeline.steps[step].movement
        mirrored = event.side == "right"
        key = (step, mirrored)
        if key not in cycles:
            cycles[key] = _Cycle(movement_keys(movement, mirrored=mirrored))
        cycle = cycles[key]
        start, end, loops = _stretch(event, cycle, timeline.speed)
        found.append(Span(step, movement.id, start, end, mirrored, loops))
    return found


def _stretch(event: Event, cycle: _Cycle, speed: float) -> tuple[float, float, int]:
    if event.kind in ("intro", "prepare", "switch"):
        return cycle.keys[0].t, cycle.keys[0].t, 1
    seconds = (event.seconds or 0.0) * speed  # the cue's length at normal speed
    if cycle.length > 0 and seconds >= LOOP_FROM * cycle.length and event.kind != "rest":
        cycle.next, cycle.at = 0, cycle.keys[-1].t
        return cycle.keys[0].t, cycle.keys[-1].t, max(1, round(seconds / cycle.length))
    if event.kind in _STILL:
        if cycle.phase(cycle.next) == event.kind:
            return (*cycle.take(), 1)
        return cycle.at, cycle.at, 1
    return (*cycle.moving(), 1)
