"""The figure in the terminal: braille drawn from the same outlines, beside the cue when the
terminal has room, and never in a small one."""

from __future__ import annotations

import io

from rich.console import Console

from backbeat.catalog.animation import grounded
from backbeat.catalog.loader import builtin
from backbeat.motion.braille import braille
from backbeat.motion.svg import drawing, fitted_box
from backbeat.session.player import Now
from backbeat.session.terminal import RichFace
from backbeat.session.timeline import Step, build

CATALOGUE = builtin()


def test_braille_covers_the_figure_and_draws_the_ground() -> None:
    movement = CATALOGUE.movements["knees-to-chest"]
    drawn = drawing(grounded(movement).at(0).figure, "side")
    lines = braille(drawn, fitted_box([drawn], "side"), 30, 10)
    assert len(lines) == 10 and all(len(line) == 30 for line in lines)
    parts = {part for line in lines for _, part in line}
    assert {"trunk", "head", "leg_r", "ground"} <= parts
    assert all(0x2800 <= ord(char) <= 0x28FF for line in lines for char, _ in line)


def _screen(width: int, height: int) -> str:
    timeline = build([Step.of(CATALOGUE.movements["knees-to-chest"])])
    console = Console(file=io.StringIO(), width=width, height=height, color_system=None)
    face = RichFace(console, bell=False, timeline=timeline)
    move = next(i for i, e in enumerate(timeline.events) if e.kind == "move")
    event = timeline.events[move]
    now = Now(event, event, None, event.t, timeline.duration, 1.0, "Knees to chest", 4)
    console.print(face.render(now))
    return console.file.getvalue()  # type: ignore[attr-defined]


def test_a_large_terminal_shows_the_figure_beside_the_cue() -> None:
    screen = _screen(130, 36)
    braille_lines = [
        line for line in screen.splitlines() if any("\u2801" <= c <= "\u28ff" for c in line)
    ]
    assert len(braille_lines) >= 6
    assert "Knees to chest" in screen


def test_a_small_terminal_keeps_to_text() -> None:
    screen = _screen(100, 34)
    assert not any("\u2800" <= c <= "\u28ff" for c in screen)
