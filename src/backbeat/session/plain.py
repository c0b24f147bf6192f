"""The plain face: one line per cue (ticks aside), written and flushed the moment it falls due,
for screen readers, pipes and tests."""

from __future__ import annotations

from typing import TextIO

from backbeat.session.player import Now, Outcome
from backbeat.session.summary import summary


class PlainFace:
    refresh: float | None = None

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def __enter__(self) -> PlainFace:
        return self

    def __exit__(self, *_: object) -> None:
        return None

    def _line(self, text: str) -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def show(self, now: Now) -> None:
        if now.event.kind != "tick":
            self._line(f"{now.event.kind}: {now.event.text}")
        if now.event.kind == "prepare":  # what to take care with, as each movement begins
            for caution in now.cautions:
                self._line(f"caution: {caution}")

    def redraw(self, now: Now) -> None:
        """Nothing to redraw: a line, once written, stays."""

    def paused(self, now: Now) -> None:
        self._line("paused: press space to go on, or q to stop here")

    def resumed(self, now: Now) -> None:
        self._line("resumed")

    def note(self, text: str) -> None:
        self._line(f"note: {text}")

    def stopped(self, text: str) -> None:
        self._line(f"stopped: {text}")

    def finish(self, outcome: Outcome) -> None:
        self._line(f"summary: {summary(outcome)}")
