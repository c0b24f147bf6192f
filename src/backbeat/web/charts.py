"""The progress page's charts, drawn here as SVG from the report: they arrive with the page (no
script, no request of their own, nothing from the network), scale with the screen, and take
their colours from classes in ``app.css`` because the page's CSP allows no inline style.

Every chart names itself (``<title>``/``aria-labelledby``) and the page sets the same numbers
beside it in words or a table, so nothing is known only from a colour or a shape.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape
from math import ceil

from markupsafe import Markup

from backbeat.progress.report import Day, Tolerance
from backbeat.words import SHORT_WEEKDAYS, VERDICTS

WIDTH, HEIGHT = 360, 200
LEFT, RIGHT, TOP, BOTTOM = 26, 8, 10, 26
LABEL_ROOM = 64  # the least room between two date labels under the pain chart
SVG_NS = "http://www.w3.org/2000/svg"
CELL, GAP = 26, 4  # the heat map's squares
LEVELS = ("none", "some", "most", "all")  # done against planned, lightest to darkest


def pain_chart(days: Sequence[Day], label: str) -> Markup:
    """Pain per day as points and its 7-day average as a line, on 0-10 over the window."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(days) - 1, 1)

    def x(n: int) -> float:
        return LEFT + (n * step if len(days) > 1 else plot_w / 2)

    def y(pain: float) -> float:
        return TOP + plot_h * (1 - pain / 10)

    parts = [_open("pain-chart", WIDTH, HEIGHT, label)]
    for level in range(0, 11, 2):
        parts.append(
            f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(level):.1f}" '
            f'y2="{y(level):.1f}"/><text class="axis" x="{LEFT - 6}" y="{y(level) + 4:.1f}" '
            f'text-anchor="end">{level}</text>'
        )
    mondays = [n for n, day in enumerate(days) if day.date.weekday() == 0]
    every = max(1, ceil(LABEL_ROOM / (7 * step))) if len(days) > 1 else 1
    labelled = mondays[::every]
    if not labelled or (labelled[0] > 0 and (x(labelled[0]) - x(0)) >= LABEL_ROOM):
        labelled.insert(0, 0)  # the first day too, where its label has room before a Monday's
    for n in labelled:
        anchor = "start" if x(n) < LEFT + 20 else "end" if x(n) > WIDTH - RIGHT - 20 else "middle"
        parts.append(
            f'<text class="axis" x="{x(n):.1f}" y="{HEIGHT - 6}" text-anchor="{anchor}">'
            f"{days[n].date.day} {days[n].date:%b}</text>"
        )
    for run in _runs([(x(n), d.pain_7day) for n, d in enumerate(days)]):
        points = " ".join(f"{px:.1f},{y(value):.1f}" for px, value in run)
        parts.append(f'<polyline class="average" points="{points}"/>')
    for n, day in enumerate(days):
        if day.pain is not None:
            parts.append(
                f'<circle class="daily" cx="{x(n):.1f}" cy="{y(day.pain):.1f}" r="4">'
                f"<title>{day.date:%a} {day.date.day} {day.date:%b}: {day.pain:.1f}</title>"
                "</circle>"
            )
    parts.append("</svg>")
    return Markup("".join(parts))


@dataclass(frozen=True, slots=True)
class Cell:
    """One day of the heat map, as the page says it in words too."""

    date: date
    level: str  # one of LEVELS, or "outside" for a day not in the window (or not come yet)
    words: str


def calendar(days: Sequence[Day], today: date) -> list[list[Cell]]:
    """The window as weeks of Monday to Sunday, each day shaded by what was done against what
    was planned (a day with no plan known counts as all done when anything was)."""
    by_date = {d.date: d for d in days}
    first = days[0].date - timedelta(days=days[0].date.weekday())
    weeks: list[list[Cell]] = []
    monday = first
    while monday <= today:
        week = []
        for n in range(7):
            day = monday + timedelta(days=n)
            found = by_date.get(day)
            if found is None:
                week.append(Cell(day, "outside", f"{day:%a} {day.day} {day:%b}: not in view"))
                continue
            week.append(Cell(day, _level(found), f"{day:%a} {day.day} {day:%b}: {_done(found)}"))
        weeks.append(week)
        monday += timedelta(days=7)
    return weeks


def heat_map(weeks: Sequence[Sequence[Cell]], label: str) -> Markup:
    """The calendar as squares, weekday names above and each week's Monday beside."""
    side = 52
    width = side + 7 * (CELL + GAP)
    height = 18 + len(weeks) * (CELL + GAP)
    parts = [_open("heat-map", width, height, label)]
    for n, name in enumerate(SHORT_WEEKDAYS):
        cx = side + n * (CELL + GAP) + CELL / 2
        parts.append(f'<text class="axis" x="{cx:.0f}" y="12" text-anchor="middle">{name}</text>')
    for row, week in enumerate(weeks):
        top = 18 + row * (CELL + GAP)
        monday = week[0].date
        parts.append(
            f'<text class="axis" x="{side - 6}" y="{top + CELL / 2 + 4:.0f}" text-anchor="end">'
            f"{monday.day} {monday:%b}</text>"
        )
        for n, cell in enumerate(week):
            parts.append(
                f'<rect class="day {cell.level}" x="{side + n * (CELL + GAP)}" y="{top}" '
                f'width="{CELL}" height="{CELL}" rx="5"><title>{escape(cell.words)}</title></rect>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))


def tolerance_bar(move: Tolerance, name: str) -> Markup:
    """Mean pain during a movement as a bar on 0-10, a mark at the worst, in the verdict's
    colour."""
    width, height, pad = 300, 22, 4
    scale = (width - 2 * pad) / 10
    mean = move.pain_during_mean or 0.0
    label = f"{name}: {tolerance_words(move)}"
    parts = [
        _open(f"tolerance-bar {move.verdict}", width, height, label),
        f'<rect class="track" x="{pad}" y="6" width="{width - 2 * pad}" height="10" rx="5"/>',
        f'<rect class="bar" x="{pad}" y="6" width="{max(mean * scale, 2):.1f}" height="10" '
        'rx="5"/>',
    ]
    if move.pain_during_max is not None:
        worst = pad + move.pain_during_max * scale
        parts.append(f'<line class="worst" x1="{worst:.1f}" x2="{worst:.1f}" y1="2" y2="20"/>')
    parts.append("</svg>")
    return Markup("".join(parts))


def tolerance_words(move: Tolerance) -> str:
    """The bar in words: how often, the mean and worst pain during, and the verdict."""
    return f"{tolerance_facts(move)}: {verdict_words(move)}"


def tolerance_facts(move: Tolerance) -> str:
    times = "once" if move.times == 1 else f"{move.times} times"
    if move.pain_during_mean is None or move.pain_during_max is None:
        return f"{times}, no pain score given"
    return (
        f"{times}, pain during {move.pain_during_mean:.1f} on average, worst {move.pain_during_max}"
    )


def verdict_words(move: Tolerance) -> str:
    """The terminal's words for the verdict, so both faces say the same."""
    return VERDICTS[move.verdict]


def _level(day: Day) -> str:
    if not day.done:
        return LEVELS[0]
    if not day.planned:
        return LEVELS[3]
    share = day.done / day.planned
    return LEVELS[3] if share >= 1 else LEVELS[2] if share >= 0.5 else LEVELS[1]


def _done(day: Day) -> str:
    moved = "1 movement" if day.done == 1 else f"{day.done} movements"
    return f"{moved} of {day.planned} planned" if day.planned else moved


def _runs(points: Sequence[tuple[float, float | None]]) -> list[list[tuple[float, float]]]:
    """The line's unbroken stretches: a gap in the scores is a gap in the line."""
    runs: list[list[tuple[float, float]]] = [[]]
    for px, value in points:
        if value is None:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append((px, value))
    return [run for run in runs if run]


def _open(kind: str, width: int, height: int, label: str) -> str:
    """An SVG that scales to its box, named for a screen reader."""
    return (
        f'<svg xmlns="{SVG_NS}" class="chart {kind}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(label)}" focusable="false"><title>{escape(label)}</title>'
    )
