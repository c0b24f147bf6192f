"""The progress report drawn as an image with matplotlib (Agg, no window, no global pyplot
state): pain with its 7-day line, movements done against the plan, and how each movement went.

Imported only when ``--chart`` asks for it, since matplotlib takes a while to load.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from math import ceil
from typing import TYPE_CHECKING

from backbeat.plan.progression import HOLD_MAX, TOLERATED_MAX
from backbeat.progress.report import Day, ProgressReport, Tolerance, Verdict
from backbeat.safety import wording

if TYPE_CHECKING:
    from matplotlib.axes import Axes

INK = "#33414e"
PAIN = "#3a6ea5"
PAIN_LIGHT = "#9dbbdb"
PLANNED = "#d9dee3"
DONE = "#4f9a8c"
VERDICT_COLOURS: dict[Verdict, str] = {
    "tolerated": "#6aaa7f",
    "borderline": "#e0b25a",
    "painful": "#d27a6e",
}
VERDICT_WORDS: dict[Verdict, str] = {
    "tolerated": "suits you",
    "borderline": "go gently",
    "painful": "ease off",
}
EPOCH = date(1970, 1, 1)  # matplotlib's own date epoch, so positions read as its dates would
MOST_MOVES = 12  # movements in the tolerance panel: the most done
DAILY_BARS = 70  # up to this many days get a bar each; longer windows get a bar per week


def draw(report: ProgressReport, names: Mapping[str, str], kind: str) -> bytes:
    """The image as ``kind`` (``png`` or ``svg``; an SVG keeps its words as text)."""
    import matplotlib as mpl
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    moves = report.moves[:MOST_MOVES]
    with mpl.rc_context(
        {
            "svg.fonttype": "none",
            "svg.hashsalt": "backbeat",  # element ids from a fixed salt, not a random one
            "font.size": 10,
            "axes.edgecolor": "#b8c0c8",
            "axes.labelcolor": INK,
            "axes.titlecolor": INK,
            "axes.titleweight": "bold",
            "axes.titlesize": 11,
            "axes.titlelocation": "left",
            "axes.spines.top": False,
            "axes.spines.right": False,
            "xtick.color": INK,
            "ytick.color": INK,
            "legend.frameon": False,
        }
    ):
        size = _inches(len(moves))
        lower = size[1] - UPPER
        figure = Figure(figsize=size, layout="constrained")
        FigureCanvasAgg(figure)
        # Two subfigures, so the movements' long names do not push the time axes right.
        parts = figure.add_gridspec(2, 1, height_ratios=[6.2, lower])
        over_time, by_move = figure.add_subfigure(parts[0]), figure.add_subfigure(parts[1])
        pain, done = over_time.subplots(2, 1, height_ratios=[3, 2.2], sharex=True)
        tolerance = by_move.subplots()
        days = report.days
        first, last = (f"{d.day} {d:%b %Y}" for d in (days[0].date, days[-1].date))
        figure.suptitle(
            f"Your progress, {first} to {last}",
            color=INK,
            fontsize=14,
            fontweight="bold",
            x=0.02,
            ha="left",
        )
        _pain(pain, report)
        _adherence(done, days, report.adherence.slots_percent)
        _tolerance(tolerance, moves, names)
        figure.supxlabel(wording.NOT_TREATMENT, x=0.01, ha="left", color="#6b7782", fontsize=8)
        buffer = io.BytesIO()
        stamp = {"Date": None} if kind == "svg" else {}
        figure.savefig(buffer, format=kind, dpi=DPI, facecolor="white", metadata=stamp)
    return buffer.getvalue()


DPI = 120
UPPER = 6.6  # inches for the charts over time


def _inches(moves: int) -> tuple[float, float]:
    lower = 1.3 + 0.32 * max(min(moves, MOST_MOVES), 1)  # for the movements, one row each
    return 10, UPPER + lower


def pixels(report: ProgressReport) -> tuple[int, int]:
    """The PNG's width and height, for the page's ``<img>`` to keep its room while it loads."""
    width, height = _inches(len(report.moves))
    return round(width * DPI), round(height * DPI)


def _pain(axes: Axes, report: ProgressReport) -> None:
    """Morning pain, its own line: pain during movements is shown movement by movement."""
    days = report.days
    scored = [d for d in days if d.morning is not None]
    axes.scatter(
        [_x(d.date) for d in scored],
        [d.morning for d in scored if d.morning is not None],
        s=18,
        color=PAIN_LIGHT,
        label="each morning",
        zorder=2,
    )
    axes.plot(
        [_x(d.date) for d in days],
        [d.morning_7day if d.morning_7day is not None else float("nan") for d in days],
        color=PAIN,
        linewidth=2.2,
        label="7-day average",
        zorder=3,
    )
    axes.set_ylim(-0.3, 10.3)
    axes.set_yticks(range(0, 11, 2))
    axes.set_ylabel("pain (0-10)")
    axes.set_title("Morning pain: how your back is on waking")
    axes.grid(axis="y", color="#eceff2", linewidth=0.8)
    axes.set_xlim(_x(days[0].date) - 1, _x(days[-1].date) + 1)
    ticks = _ticks(days[0].date, days[-1].date)
    axes.set_xticks([_x(t) for t in ticks], [_label(t, i == 0) for i, t in enumerate(ticks)])
    axes.legend(loc="lower right", bbox_to_anchor=(1, 1), ncols=2)
    if not scored:
        axes.text(0.5, 0.5, "no morning scores yet", transform=axes.transAxes, ha="center")


def _times(n: int) -> str:
    return "once" if n == 1 else "twice" if n == 2 else f"{n} times"


def _x(day: date) -> float:
    """A day as a position on the time axis: days since 1970-01-01."""
    return float((day - EPOCH).days)


def _ticks(first: date, last: date) -> list[date]:
    """At most about ten dates to label: days, Mondays, or the first of months, evenly spaced."""
    span = (last - first).days + 1
    if span <= 14:
        step = 1 if span <= 8 else 2
        return [first + timedelta(days=n) for n in range(0, span, step)]
    if span <= 98:
        monday = first + timedelta(days=-first.weekday() % 7)
        step = 7 * ceil(span / 7 / 10)
        return [monday + timedelta(days=n) for n in range(0, (last - monday).days + 1, step)]
    months = [
        date(year, month, 1)
        for year in range(first.year, last.year + 1)
        for month in range(1, 13)
        if first <= date(year, month, 1) <= last
    ]
    return months[:: ceil(len(months) / 12)]


def _label(day: date, first: bool) -> str:
    text = f"{day.day} {day:%b}"
    return f"{text}\n{day.year}" if first or (day.month == 1 and day.day <= 7) else text


def _adherence(axes: Axes, days: Sequence[Day], percent: int | None) -> None:
    bars = _weekly(days) if len(days) > DAILY_BARS else [(d.date, d.planned, d.done) for d in days]
    width = 0.8 if len(days) <= DAILY_BARS else 5.6
    known = [(when, planned) for when, planned, _ in bars if planned is not None]
    if known:
        axes.bar(
            [_x(w) for w, _ in known],
            [p for _, p in known],
            width=width,
            color=PLANNED,
            label="planned",
        )
    axes.bar(
        [_x(w) for w, _, _ in bars],
        [done for _, _, done in bars],
        width=width * 0.55,
        color=DONE,
        label="done",
    )
    each = "each day" if len(days) <= DAILY_BARS else "each week"
    share = f" ({percent}% of the moments before today kept)" if percent is not None else ""
    axes.set_title(f"Movements: planned and done, {each}{share}")
    axes.set_ylabel("movements")
    axes.grid(axis="y", color="#eceff2", linewidth=0.8)
    axes.set_axisbelow(True)
    axes.legend(loc="lower right", bbox_to_anchor=(1, 1), ncols=2)


def _weekly(days: Sequence[Day]) -> list[tuple[date, int | None, int]]:
    """Days summed by calendar week, each bar at the week's Thursday (its middle)."""
    weeks: dict[date, list[Day]] = {}
    for day in days:
        weeks.setdefault(day.date - timedelta(days=day.date.weekday()), []).append(day)
    found: list[tuple[date, int | None, int]] = []
    for monday, group in sorted(weeks.items()):
        plans = [d.planned for d in group if d.planned is not None]
        found.append(
            (monday + timedelta(days=3), sum(plans) if plans else None, sum(d.done for d in group))
        )
    return found


def _tolerance(axes: Axes, moves: Sequence[Tolerance], names: Mapping[str, str]) -> None:
    rows = list(moves)[::-1]  # most done at the top
    axes.set_title("How each movement went", pad=16)
    axes.axvspan(0, TOLERATED_MAX, color=VERDICT_COLOURS["tolerated"], alpha=0.08, linewidth=0)
    axes.axvspan(
        TOLERATED_MAX, HOLD_MAX, color=VERDICT_COLOURS["borderline"], alpha=0.1, linewidth=0
    )
    axes.axvspan(HOLD_MAX, 10, color=VERDICT_COLOURS["painful"], alpha=0.08, linewidth=0)
    bands: tuple[tuple[int, int, Verdict], ...] = (
        (0, TOLERATED_MAX, "tolerated"),
        (TOLERATED_MAX, HOLD_MAX, "borderline"),
        (HOLD_MAX, 10, "painful"),
    )
    for low, high, verdict in bands:
        axes.text(
            (low + high) / 2,
            1.0,
            VERDICT_WORDS[verdict],
            transform=axes.get_xaxis_transform(),
            ha="center",
            va="bottom",
            fontsize=8,
            color="#6b7782",
        )
    axes.set_xlim(0, 10)
    axes.set_xlabel(
        "pain during it (0-10): the bar is the average, | the worst; the colour, its latest week"
    )
    axes.spines["left"].set_visible(False)
    if not rows:
        axes.set_yticks([])
        axes.text(5, 0.5, "no movements in these weeks", ha="center", va="center", color=INK)
        return
    positions = range(len(rows))
    axes.barh(
        list(positions),
        [m.pain_during_mean or 0 for m in rows],
        height=0.6,
        color=[VERDICT_COLOURS[m.verdict] for m in rows],
    )
    worst = [(y, m.pain_during_max) for y, m in zip(positions, rows, strict=True)]
    axes.scatter(
        [w for _, w in worst if w is not None],
        [y for y, w in worst if w is not None],
        marker="|",
        s=160,
        color=INK,
        linewidths=1.6,
        zorder=3,
    )
    axes.set_yticks(
        list(positions),
        [
            f"{names.get(m.move, m.move)}  ({_times(m.times)}, {VERDICT_WORDS[m.verdict]})"
            for m in rows
        ],
    )
    axes.tick_params(axis="y", length=0)
