"""Movements and doses become a timeline: every cue with its time from the start, in order.

Pure and deterministic. Times are kept in whole milliseconds while building, so a long session
adds up exactly; a dose lasts exactly what :func:`backbeat.catalog.timing.dose_seconds` says it
does, which is the figure the plan's minutes are made of.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from backbeat.catalog.schema import Dose, Movement
from backbeat.catalog.timing import DEFAULT_TEMPO_S, rep_seconds, side_count
from backbeat.session import cues

Kind = Literal["intro", "prepare", "move", "hold", "tick", "release", "rest", "switch", "done"]
Side = Literal["left", "right"]

INTRO_S = 5.0
PREPARE_S = 5.0  # to read the setup cue and get into place
PREPARE_NEW_POSITION_S = 8.0  # more when the person has to get down to the floor, or up again
SWITCH_S = 4.0
COUNTDOWN = 3  # a prepare counts down its last three seconds
WALK_CUE_EVERY_S = 60.0
WALK_END_S = 20.0


@dataclass(frozen=True, slots=True)
class Step:
    """One movement in a session, with the dose to play it at (its own, or a plan slot's)."""

    movement: Movement
    dose: Dose

    @classmethod
    def of(cls, movement: Movement) -> Step:
        return cls(movement, movement.dose)


@dataclass(frozen=True, slots=True)
class Event:
    """One cue. ``seconds`` is how long it lasts (None for a tick or the end);
    ``step`` is the index of its movement in the session (None for intro and done)."""

    t: float
    kind: Kind
    text: str
    move: str | None = None
    side: Side | None = None
    rep: int | None = None
    seconds: float | None = None
    step: int | None = None

    @property
    def end(self) -> float:
        return self.t + (self.seconds or 0.0)

    def as_json(self) -> dict[str, object]:
        data: dict[str, object] = {
            "t": _round(self.t),
            "kind": self.kind,
            "text": self.text,
            "move": self.move,
            "side": self.side,
            "rep": self.rep,
        }
        if self.seconds is not None:
            data["seconds"] = _round(self.seconds)
        return data


@dataclass(frozen=True)
class Timeline:
    """The cues of a session in time order; ``duration`` is when the last one (``done``) falls."""

    steps: tuple[Step, ...]
    events: tuple[Event, ...]
    duration: float
    speed: float = 1.0
    _starts: dict[int, int] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        for index, event in enumerate(self.events):
            if event.step is not None:
                self._starts.setdefault(event.step, index)

    def first_of(self, step: int) -> int:
        """Index of the first event of ``step``, or of ``done`` when there is no such step."""
        return self._starts.get(step, len(self.events) - 1)

    def scaled(self, speed: float) -> Timeline:
        """The same cues ``speed`` times faster: every time and length divided by it."""
        if speed <= 0:
            raise ValueError(f"speed must be above 0, not {speed}")
        events = tuple(
            replace(
                e,
                t=e.t / speed,
                seconds=None if e.seconds is None else e.seconds / speed,
            )
            for e in self.events
        )
        return Timeline(self.steps, events, self.duration / speed, self.speed * speed)

    def as_json(self) -> dict[str, object]:
        return {"duration": _round(self.duration), "events": [e.as_json() for e in self.events]}


def _round(value: float) -> float:
    rounded = round(value, 3)
    return int(rounded) if rounded.is_integer() else rounded


def _ms(seconds: float) -> int:
    return round(seconds * 1000)


@dataclass(frozen=True, slots=True)
class _Where:
    """Which movement, side and repetition a cue belongs to."""

    move: str | None = None
    side: Side | None = None
    rep: int | None = None
    step: int | None = None


class _Writer:
    """Appends lasting events end to end (and ticks inside them) on a millisecond clock."""

    def __init__(self) -> None:
        self.now = 0
        self.events: list[Event] = []

    def _event(self, at: int, kind: Kind, text: str, where: _Where, length: int | None) -> Event:
        seconds = None if length is None else length / 1000
        return Event(at / 1000, kind, text, where.move, where.side, where.rep, seconds, where.step)

    def add(self, kind: Kind, text: str, seconds: float, where: _Where) -> None:
        length = _ms(seconds)
        if length > 0:
            self.events.append(self._event(self.now, kind, text, where, length))
            self.now += length

    def countdown(self, seconds: float, where: _Where, last: int | None = None) -> None:
        """Ticks at each whole second left in the event just added (only the ``last`` few)."""
        length = _ms(seconds)
        end = self.now
        left = math.ceil(length / 1000) - 1
        if last is not None:
            left = min(left, last)
        for n in range(left, 0, -1):
            self.events.append(self._event(end - n * 1000, "tick", str(n), where, None))


def build(steps: Sequence[Step], *, intro: bool = True) -> Timeline:
    """The timeline of ``steps`` played in order; ``intro=False`` starts with the first prepare
    (for a movement inserted mid-session)."""
    with_intro = intro and bool(steps)
    out = _Writer()
    out.now = _ms(INTRO_S) if with_intro else 0  # the steps first: the intro says how long
    for index in range(len(steps)):
        _play_step(out, index, steps, instead=not intro)
    if with_intro:
        about = cues.about(out.now / 1000 - INTRO_S)
        text = (
            cues.INTRO_ONE.format(name=steps[0].movement.name, about=about)
            if len(steps) == 1
            else cues.INTRO_MANY.format(count=cues.count(len(steps)), about=about)
        )
        out.events.insert(0, Event(0.0, "intro", text, seconds=INTRO_S))
    out.events.append(Event(out.now / 1000, "done", cues.pick(cues.DONE, len(steps))))
    return Timeline(tuple(steps), tuple(out.events), out.now / 1000)


def instead(timeline: Timeline, step: int, gentler: Movement) -> Timeline:
    """The rest of a session after "this hurts": ``gentler`` in place of movement ``step``, then
    the movements after it, at the same speed (what the terminal and the browser both play)."""
    return gentler_then(gentler, timeline.steps[step + 1 :], timeline.speed)


def gentler_then(gentler: Movement, then: Sequence[Step], speed: float) -> Timeline:
    """``gentler`` (at its own dose) and then the steps still to come, ``speed`` times faster:
    the rest of a session once a gentler variation is taken."""
    return build([Step.of(gentler), *then], intro=False).scaled(speed)


def _prepare_seconds(index: int, steps: Sequence[Step]) -> float:
    here = steps[index].movement.position
    before = steps[index - 1].movement.position if index else None
    return PREPARE_S if here == before else PREPARE_NEW_POSITION_S


def _play_step(out: _Writer, index: int, steps: Sequence[Step], *, instead: bool = False) -> None:
    step = steps[index]
    m, dose = step.movement, step.dose
    if index == 0:
        template = cues.PREPARE_INSTEAD if instead else cues.PREPARE_FIRST
    elif index == len(steps) - 1:
        template = cues.PREPARE_LAST
    else:
        template = cues.PREPARE_NEXT
    where = _Where(m.id, step=index)
    prepare = _prepare_seconds(index, steps)
    out.add("prepare", template.format(name=m.name, setup=m.cues[0]), prepare, where)
    out.countdown(prepare, where, COUNTDOWN)
    for rep, side in _turns(dose):
        if dose.sides == "both" and rep == 1 and side == "right":
            text = cues.pick(cues.SWITCH, index).format(side=side)
            out.add("switch", text, SWITCH_S, _Where(m.id, side, None, index))
        if _flowing(dose):
            _timed(out, step, _Where(m.id, side, None, index))
        else:
            _rep(out, step, _Where(m.id, side, rep, index))
    if dose.duration_s and not _flowing(dose):
        spare = _ms(dose.duration_s) - sum(_ms(rep_seconds(dose)) for _ in _turns(dose))
        out.add("rest", cues.LAST_REST, spare / 1000, _Where(m.id, step=index))


def _turns(dose: Dose) -> list[tuple[int, Side | None]]:
    """(repetition, side) in the order they are done: one side then the other for ``both``,
    left and right in turn for ``alternate``."""
    reps = range(1, _cycles(dose) + 1)
    if dose.sides == "none":
        return [(rep, None) for rep in reps]
    if dose.sides == "both":
        return [(rep, side) for side in _SIDES for rep in reps]
    return [(rep, side) for rep in reps for side in _SIDES]


_SIDES: tuple[Side, Side] = ("left", "right")


def _per_side_s(dose: Dose) -> float:
    return (dose.duration_s or 0) / side_count(dose)


def _flowing(dose: Dose) -> bool:
    """A timed dose played as one flowing stretch of time (a walk) rather than repetitions:
    it has no tempo, or too little time for even one repetition at its tempo."""
    return bool(dose.duration_s) and (not dose.tempo_s or _per_side_s(dose) < rep_seconds(dose))


def _cycles(dose: Dose) -> int:
    """Repetitions per side; a timed dose with a tempo repeats as often as its time allows."""
    if not dose.duration_s:
        return dose.reps or 1
    if _flowing(dose):
        return 1
    return int(_per_side_s(dose) // rep_seconds(dose))


def _rep(out: _Writer, step: Step, where: _Where) -> None:
    m, dose, say = step.movement, step.dose, step.movement.say
    rep, side = where.rep or 1, where.side
    tempo = dose.tempo_s or DEFAULT_TEMPO_S
    move = cues.in_turn(say.move, rep) if say else cues.FALLBACK_MOVE.format(name=m.name.lower())
    if side is not None and "{side}" not in move:
        move = cues.SIDED.format(Side=side.capitalize(), cue=move[:1].lower() + move[1:])
    out.add("move", move.format(side=side), tempo, where)
    if dose.hold_s:
        hold = cues.in_turn(say.hold, rep) if say and say.hold else cues.pick(cues.HOLD, rep - 1)
        if rep == 1:
            hold = cues.HOLD_FOR.format(cue=hold, seconds=f"{dose.hold_s:g}")
        out.add("hold", hold.format(side=side), dose.hold_s, where)
        out.countdown(dose.hold_s, where)
    release = cues.in_turn(say.release, rep) if say else cues.FALLBACK_RELEASE
    out.add("release", release.format(side=side), tempo, where)
    if dose.rest_s:
        out.add("rest", _rest_text(dose, rep, side), dose.rest_s, where)


def _timed(out: _Writer, step: Step, where: _Where) -> None:
    """A timed dose without a tempo (a walk): a cue about once a minute, then a slow finish."""
    m, dose, say = step.movement, step.dose, step.movement.say
    whole = _ms(_per_side_s(dose))
    finish = min(_ms(WALK_END_S), whole // 4)
    span = whole - finish
    parts = max(1, math.ceil(span / _ms(WALK_CUE_EVERY_S)))
    for part in range(1, parts + 1):
        length = span * part // parts - span * (part - 1) // parts
        text = cues.in_turn(say.move, part) if say else cues.FALLBACK_MOVE.format(name=m.name)
        out.add("move", text.format(side=where.side), length / 1000, replace(where, rep=part))
    text = say.release[0] if say else cues.WALK_END
    out.add("release", text.format(side=where.side), finish / 1000, replace(where, rep=parts))


def _rest_text(dose: Dose, rep: int, side: Side | None) -> str:
    reps = _cycles(dose)
    if rep == reps and not (dose.sides == "alternate" and side == "left"):
        return cues.LAST_REST
    if rep == reps - 1 and dose.sides != "alternate":
        return cues.ONE_MORE
    return cues.pick(cues.REST, rep - 1)
