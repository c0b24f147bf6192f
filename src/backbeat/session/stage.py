"""The figure beside the cue in the terminal: the same frames as the browser (the spans of
:mod:`backbeat.session.animation`, the outlines of :mod:`backbeat.motion.outline`), drawn in
Unicode braille, left limbs and right limbs in two shades."""

from __future__ import annotations

from rich.text import Text

from backbeat.catalog.animation import grounded
from backbeat.catalog.schema import Movement
from backbeat.motion.braille import GROUND, braille
from backbeat.motion.frames import sample_times
from backbeat.motion.ground import Grounded
from backbeat.motion.svg import Drawing, drawing, fitted_box
from backbeat.session.animation import Span, spans
from backbeat.session.player import Now
from backbeat.session.timeline import Timeline

COLS, ROWS = 34, 12  # the figure's size in characters
STYLES = {
    "trunk": "grey66",
    "head": "bright_white",
    "nose": "bright_white",
    "arm_l": "steel_blue1",
    "leg_l": "steel_blue1",
    "arm_r": "dodger_blue3",
    "leg_r": "dodger_blue3",
    GROUND: "grey35",
}


def _placed(movement: Movement, mirrored: bool) -> tuple[Grounded, str]:
    """One side's repetition and a view box that holds all of it."""
    side = grounded(movement, mirrored=mirrored)
    view = movement.motion.view
    box = fitted_box([drawing(side.at(t).figure, view) for t in sample_times(side.keys)], view)
    return side, box


class Stage:
    """What the figure does in each cue of ``timeline``, drawn for the cue a ``Now`` shows."""

    def __init__(self, timeline: Timeline) -> None:
        self.timeline = timeline
        self._sides: dict[tuple[str, bool], tuple[Grounded, str]] = {}
        self._spans: dict[int, Span] = {
            id(event): span
            for event, span in zip(timeline.events, spans(timeline), strict=True)
            if span is not None
        }

    def _side(self, movement: Movement, mirrored: bool) -> tuple[Grounded, str]:
        key = (movement.id, mirrored)
        if key not in self._sides:
            self._sides[key] = _placed(movement, mirrored)
        return self._sides[key]

    def text(self, now: Now) -> Text | None:
        """The figure at this moment of the cue on show, or None when it shows no movement."""
        span = self._spans.get(id(now.cue))
        if span is None or span.step >= len(self.timeline.steps):
            return None
        movement = self.timeline.steps[span.step].movement
        side, box = self._side(movement, span.mirrored)
        seconds = now.cue.seconds or 0.0
        done = 1.0 if seconds <= 0 else min(1.0, max(0.0, 1 - now.left / seconds))
        if span.loops > 1:
            done = 1.0 if done >= 1 else (done * span.loops) % 1
        t = span.start + (span.end - span.start) * done
        return figure_text(drawing(side.at(t).figure, movement.motion.view), box)


def figure_text(drawn: Drawing, box: str) -> Text:
    """A drawing as coloured braille lines."""
    out = Text()
    for n, line in enumerate(braille(drawn, box, COLS, ROWS)):
        if n:
            out.append("\n")
        for char, part in line:
            out.append(char, style=STYLES.get(part, ""))
    return out
