"""Plays a timeline against a monotonic clock, answering keys as it goes.

Every cue is due at an absolute deadline (the start plus its time), never "now plus its length",
so a late wake-up or a slow redraw does not push the cues after it: error cannot build up over a
long session. A pause moves the start later by exactly as long as it lasted, so nothing is skipped.
The clock, the keys, the face and the voice are all passed in, which lets tests play an hour of
cues on a simulated clock in a few milliseconds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from backbeat.catalog.schema import Movement
from backbeat.session import cues
from backbeat.session.timeline import Event, Timeline, instead

PAUSE, SKIP, QUIT, HURT, TAKE = " ", "s", "q", "h", "e"
OFFER_S = 10.0  # how long the easier variation is offered before the session goes on


class Keys(Protocol):
    def wait(self, timeout: float | None) -> str | None:
        """The next key pressed within ``timeout`` seconds (None: no limit), or None."""


class Face(Protocol):
    """What the person sees (or hears from a screen reader)."""

    refresh: float | None  # seconds between redraws while waiting; None redraws at cues only

    def show(self, now: Now) -> None: ...
    def redraw(self, now: Now) -> None: ...
    def paused(self, now: Now) -> None: ...
    def resumed(self, now: Now) -> None: ...
    def note(self, text: str) -> None: ...
    def stopped(self, text: str) -> None: ...
    def finish(self, outcome: Outcome) -> None: ...


class Voice(Protocol):
    def say(self, event: Event, caution: str | None = None) -> None: ...


@dataclass(frozen=True, slots=True)
class Now:
    """Where the session stands: the cue that just fell due (perhaps a tick), the lasting cue on
    show, the next cue, and the session's clock."""

    event: Event
    cue: Event
    upcoming: Event | None
    elapsed: float  # session seconds played, pauses excluded
    total: float  # session seconds in all (grows when an easier variation is taken)
    left: float  # seconds left in the cue on show
    name: str  # the movement's name, or "" for the intro and the end
    reps: int | None = None  # repetitions of the movement on show, for "2 of 4"
    cautions: tuple[str, ...] = ()  # the movement's cautions, shown while getting ready


@dataclass
class Outcome:
    """What happened, for the check-in and the journal. Moves are catalogue ids, in order."""

    started: list[str] = field(default_factory=list)
    completed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    hurt: list[str] = field(default_factory=list)
    taken: list[str] = field(default_factory=list)  # easier variations played after "this hurts"
    ended_early: bool = False
    # Told of every change as it happens, so a shell can save the session as it goes: closing
    # the terminal halfway then loses nothing that was done.
    on_change: Callable[[Outcome], None] | None = field(default=None, compare=False, repr=False)

    def add(self, where: list[str], move: str) -> None:
        """Add ``move`` to one of the lists above, once, keeping the order things happened in."""
        if move not in where:
            where.append(move)
            if self.on_change is not None:
                self.on_change(self)


class Player:
    """One run of a timeline. ``easier`` finds the gentler variation to offer after "this hurts"."""

    def __init__(
        self,
        timeline: Timeline,
        face: Face,
        keys: Keys,
        clock: Callable[[], float],
        *,
        easier: Callable[[Movement], Movement | None] = lambda _: None,
        voice: Voice | None = None,
    ) -> None:
        self.timeline = timeline
        self.face = face
        self.keys = keys
        self.clock = clock
        self.easier = easier
        self.voice = voice
        self.outcome = Outcome()
        self._start = 0.0  # the clock reading at which this timeline's t = 0 falls
        self._before = 0.0  # session seconds played on earlier timelines (after an easier swap)
        self._index = 0

    def play(self) -> Outcome:
        self._start = self.clock()
        while self._index < len(self.timeline.events):
            event = self.timeline.events[self._index]
            key = self._wait_until(self._start + event.t)
            if key is None:
                self._show(self._index)
                self._index += 1
            elif not self._answer(key):
                self.outcome.ended_early = True
                break
        self.face.finish(self.outcome)
        return self.outcome

    # --- waiting -------------------------------------------------------------------------------

    def _wait_until(self, deadline: float) -> str | None:
        """Sleep until ``deadline`` unless a key comes first; redraw on the face's cadence."""
        while (left := deadline - self.clock()) > 0:
            step = left if self.face.refresh is None else min(left, self.face.refresh)
            if (key := self.keys.wait(step)) is not None:
                return key
            if self.face.refresh is not None and self._index:
                self.face.redraw(self._now(self._index - 1))
        return None

    def _now(self, index: int) -> Now:
        events = self.timeline.events
        event = events[index]
        upcoming = next((e for e in events[index + 1 :] if e.kind != "tick"), None)
        cue = next(e for e in reversed(events[: index + 1]) if e.kind != "tick")
        played = max(0.0, self.clock() - self._start)
        step = event.step
        return Now(
            event,
            cue,
            upcoming,
            self._before + min(played, self.timeline.duration),
            self._before + self.timeline.duration,
            max(0.0, cue.end - played),
            self.timeline.steps[step].movement.name if step is not None else "",
            max((e.rep or 0 for e in events if e.step == step), default=0) or None,
            self.timeline.steps[step].movement.cautions if step is not None else (),
        )

    # --- showing -------------------------------------------------------------------------------

    def _show(self, index: int) -> None:
        event = self.timeline.events[index]
        if event.kind == "move" and event.move:
            self.outcome.add(self.outcome.started, event.move)
        if event.step is not None and index == self.timeline.first_of(event.step + 1) - 1:
            self.outcome.add(self.outcome.completed, event.move or "")
        self.face.show(self._now(index))
        if self.voice is not None:
            step = event.step
            cautions = self.timeline.steps[step].movement.cautions if step is not None else ()
            first = cautions[0] if event.kind == "prepare" and cautions else None
            self.voice.say(event, first)

    # --- keys ----------------------------------------------------------------------------------

    def _answer(self, key: str) -> bool:
        """Act on a key; False ends the session."""
        if key == QUIT:
            return False
        if key == PAUSE:
            return self._pause()
        if key in (SKIP, HURT):
            step = self._current_step()
            if step is None:
                return True
            movement = self.timeline.steps[step].movement
            if key == SKIP:
                self.outcome.add(self.outcome.skipped, movement.id)
                self.face.note(cues.SKIPPED.format(name=movement.name))
                self._jump(self.timeline.first_of(step + 1))
                return True
            return self._hurt(step, movement)
        return True

    def _current_step(self) -> int | None:
        """The movement on show, or the one being prepared during the intro."""
        events = self.timeline.events
        if self._index and (step := events[self._index - 1].step) is not None:
            return step
        return events[self._index].step

    def _pause(self) -> bool:
        began = self.clock()
        now = self._now(max(self._index - 1, 0))
        self.face.paused(now)
        while (key := self.keys.wait(None)) not in (PAUSE, QUIT):
            if key == HURT and (step := self._current_step()) is not None:
                self._start += self.clock() - began
                return self._hurt(step, self.timeline.steps[step].movement)
        self._start += self.clock() - began
        if key == QUIT:
            return False
        self.face.resumed(self._now(max(self._index - 1, 0)))
        return True

    def _jump(self, index: int) -> None:
        """Go straight to cue ``index``: it falls due now, and the cues after it keep their gaps."""
        self._start = self.clock() - self.timeline.events[index].t
        self._index = index

    def _hurt(self, step: int, movement: Movement) -> bool:
        """Stop this movement at once, record it, and offer its easier variation; after a second
        one that hurts, offer to end the session instead."""
        self.outcome.add(self.outcome.hurt, movement.id)
        if len(self.outcome.hurt) >= cues.ENOUGH_HURT:
            count = len(self.outcome.hurt)
            self.face.stopped(
                cues.ENOUGH.format(name=movement.name, count=cues.count(count).lower())
            )
            if self.keys.wait(OFFER_S / self.timeline.speed) == QUIT:
                return False
            self._jump(self.timeline.first_of(step + 1))
            return True
        gentler = self.easier(movement)
        if gentler is None:
            self.face.stopped(cues.STOPPED.format(name=movement.name))
            self._jump(self.timeline.first_of(step + 1))
            return True
        self.face.stopped(cues.STOPPED_OFFER.format(name=movement.name, gentler=gentler.name))
        key = self.keys.wait(OFFER_S / self.timeline.speed)
        if key == QUIT:
            return False
        if key != TAKE:
            self._jump(self.timeline.first_of(step + 1))
            return True
        self.outcome.add(self.outcome.taken, gentler.id)
        played = self.clock() - self._start
        self._before += min(played, self.timeline.duration)
        self.timeline = instead(self.timeline, step, gentler)
        self._start, self._index = self.clock(), 0
        return True
