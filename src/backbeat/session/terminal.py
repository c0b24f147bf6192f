"""The terminal face: the cue on show in large, the next one small, a big countdown for holds,
and a bar for the whole session, redrawn in place. A bell marks each change of phase. Given the
timeline, and in a terminal of at least :data:`FIGURE_MIN` columns and rows, the figure doing the
movement stands beside the cue (see :mod:`backbeat.session.stage`)."""

from __future__ import annotations

import math
from types import TracebackType
from typing import TYPE_CHECKING

from rich.align import Align
from rich.console import Console, Group, RenderableType
from rich.live import Live
from rich.panel import Panel
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text

from backbeat.session.player import Now, Outcome
from backbeat.session.summary import summary
from backbeat.session.timeline import Timeline

if TYPE_CHECKING:
    from backbeat.session.stage import Stage

KEYS_HELP = "space pause · s skip · h this hurts · q end"
BELL_AT = frozenset({"move", "hold", "release", "switch", "done"})
COUNTED = frozenset({"prepare", "hold"})  # cues that show a big countdown
LONG_S = 10.0  # any cue at least this long shows one too (a walk, a long rest)
FIGURE_MIN = (110, 28)  # columns and rows from which the figure stands beside the cue

# A 3x5 block font for the countdown: each digit is five rows of three cells.
_DIGITS = {
    "0": ("###", "# #", "# #", "# #", "###"),
    "1": (" # ", "## ", " # ", " # ", "###"),
    "2": ("###", "  #", "###", "#  ", "###"),
    "3": ("###", "  #", "###", "  #", "###"),
    "4": ("# #", "# #", "###", "  #", "  #"),
    "5": ("###", "#  ", "###", "  #", "###"),
    "6": ("###", "#  ", "###", "# #", "###"),
    "7": ("###", "  #", "  #", "  #", "  #"),
    "8": ("###", "# #", "###", "# #", "###"),
    "9": ("###", "# #", "###", "  #", "###"),
    ":": ("   ", " # ", "   ", " # ", "   "),
}


def big(number: str) -> str:
    """``number`` in block digits, each cell two characters wide so it reads as square."""
    rows = []
    for row in range(5):
        cells = " ".join(_DIGITS[ch][row] for ch in number if ch in _DIGITS)
        rows.append(cells.replace("#", "██").replace(" ", "  "))
    return "\n".join(rows)


def clock_text(seconds: float) -> str:
    whole = max(0, math.ceil(seconds - 1e-9))
    return f"{whole // 60}:{whole % 60:02d}"


class RichFace:
    refresh: float | None = 0.25

    def __init__(
        self, console: Console, *, bell: bool = True, timeline: Timeline | None = None
    ) -> None:
        self.console = console
        self.bell = bell
        self.stage: Stage | None = None
        if timeline is not None:
            from backbeat.session.stage import Stage

            self.stage = Stage(timeline)
        self.live = Live(console=console, screen=True, auto_refresh=False, transient=True)
        self._now: Now | None = None
        self._note = ""
        self._paused = False
        self._stopped = ""

    def __enter__(self) -> RichFace:
        self.live.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.live.stop()

    def _draw(self) -> None:
        if self._now is not None:
            self.live.update(self.render(self._now), refresh=True)

    def show(self, now: Now) -> None:
        if now.event.kind == "prepare":
            self._note = ""
        self._stopped = ""
        if self.bell and now.event.kind in BELL_AT:
            self.console.bell()
        self._now = now
        self._draw()

    def redraw(self, now: Now) -> None:
        self._now = now
        self._draw()

    def paused(self, now: Now) -> None:
        self._paused, self._now = True, now
        self._draw()

    def resumed(self, now: Now) -> None:
        self._paused, self._now = False, now
        self._draw()

    def note(self, text: str) -> None:
        self._note = text
        self._draw()

    def stopped(self, text: str) -> None:
        self._stopped = text
        self._draw()

    def finish(self, outcome: Outcome) -> None:
        self.live.stop()
        self.console.print(summary(outcome))

    def render(self, now: Now) -> RenderableType:
        event = now.cue
        title = now.name or "backbeat"
        if event.side:
            title += f" · {event.side} side"
        if event.rep and now.reps:
            title += f" · {event.rep} of {now.reps}"
        rows: list[RenderableType] = [Text("")]
        if self._stopped:
            rows.append(Align.center(Text(self._stopped, style="bold yellow", justify="center")))
        elif self._paused:
            rows.append(Align.center(Text("Paused", style="bold yellow")))
            rows.append(Align.center(Text("space to go on · q to stop here", style="yellow")))
        else:
            rows.append(Align.center(Text(event.text, style="bold bright_white", justify="center")))
        rows.append(Text(""))
        if (
            not (self._paused or self._stopped)
            and (event.kind in COUNTED or now.left >= LONG_S)
            and now.left > 0
        ):
            seconds = math.ceil(now.left - 1e-9)
            digits = str(seconds) if seconds < 60 else clock_text(now.left)
            rows.append(Align.center(Text(big(digits), style="cyan")))
            rows.append(Text(""))
        if self._note:
            rows.append(Align.center(Text(self._note, style="yellow", justify="center")))
        if event.kind == "prepare" and now.cautions and not self._stopped:
            for caution in now.cautions:
                rows.append(Align.center(Text(f"! {caution}", style="yellow", justify="center")))
        if now.upcoming is not None and not self._stopped:
            upcoming = Text(f"next: {now.upcoming.text}", style="dim", justify="center")
            rows.append(Align.center(upcoming))
        bar = Table.grid(expand=True)
        bar.add_column(ratio=1)
        bar.add_column(justify="right", width=13)
        bar.add_row(
            ProgressBar(total=max(now.total, 0.001), completed=now.elapsed),
            f"{clock_text(now.elapsed)} / {clock_text(now.total)}",
        )
        body: RenderableType = Group(*rows)
        figure = self._figure(now)
        if figure is not None:
            beside = Table.grid(expand=True, padding=(0, 2))
            beside.add_column(no_wrap=True, vertical="middle")
            beside.add_column(ratio=1)
            beside.add_row(figure, body)
            body = beside
        panel = Panel(body, title=title, subtitle=KEYS_HELP, padding=(1, 2))
        height = max(1, self.console.size.height - 1)
        return Align.center(Group(panel, bar), vertical="middle", height=height)

    def _figure(self, now: Now) -> RenderableType | None:
        """The figure at this moment, when there is one and room for it."""
        width, height = self.console.size
        if self.stage is None or width < FIGURE_MIN[0] or height < FIGURE_MIN[1]:
            return None
        return self.stage.text(now)
