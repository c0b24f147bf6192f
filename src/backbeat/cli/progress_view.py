"""The progress report in the terminal: a pain sparkline, a week-by-week grid of what was done,
streaks, and how each movement went. Every mark has a character of its own as well as a colour,
so it reads the same through a pipe or a screen reader as on a colour terminal."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from math import ceil
from statistics import fmean
from typing import TYPE_CHECKING

from backbeat.plan.progression import HOLD_MAX, TOLERATED_MAX
from backbeat.progress.report import Day, ProgressReport, Verdict, moments_line
from backbeat.safety import wording
from backbeat.words import SHORT_WEEKDAYS, VERDICTS

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

SPARKS = "▁▂▃▄▅▆▇█"
NO_SCORE = "·"
SPARK_WIDTH = 60  # at most this many marks in a sparkline; longer windows are bucketed by week
COLOURS: dict[Verdict, str] = {"tolerated": "green", "borderline": "yellow", "painful": "red"}
EMPTY = (
    "Nothing in your journal yet. `backbeat session`, `backbeat log` and `backbeat checkin` "
    "add to it; come back after a few days to see how it is going.\n"
)


def show(report: ProgressReport, names: Mapping[str, str], out: Console) -> None:
    if report.empty:
        out.file.write(EMPTY)
        return
    days = report.days
    out.print(
        f"[bold]Your progress[/bold], {_day(days[0].date)} to {_day(days[-1].date)} "
        f"({_days(len(days))})"
    )
    out.print()
    _pain(report, out)
    out.print()
    _adherence(report, out)
    if report.moves:
        out.print()
        _moves(report, names, out)
    if report.reviews:
        out.print()
        out.print("[bold]Weekly reviews[/bold]")
        for r in report.reviews:
            out.print(
                f"  {_day(r.at.date())}: pain {r.weekly_pain}/10, in the way of daily life "
                f"{r.interference}/10, {r.activity} {r.activity_ability}/10",
                markup=False,
            )
    out.print()
    if any(m.sharp for m in report.moves):
        out.print(wording.STOP_RULE)
    out.print(f"[dim]{wording.NOT_TREATMENT}[/dim]")


def _day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def _pain(report: ProgressReport, out: Console) -> None:
    days = report.days
    size = 1 if len(days) <= SPARK_WIDTH else 7 * ceil(len(days) / (7 * SPARK_WIDTH))
    each = {1: "each day", 7: "each week"}.get(size, f"every {size // 7} weeks")
    out.print(
        f"[bold]Morning pain[/bold] (0-10: {SPARKS[0]} none, {SPARKS[-1]} worst, "
        f"{NO_SCORE} no score)"
    )
    daily = _buckets([d.morning for d in days], size)
    out.print(_spark(f"  {each:<15}", daily))
    if size == 1:
        out.print(_spark(f"  {'7-day average':<15}", [d.morning_7day for d in days]))
    if any(d.stiffness is not None for d in days):
        out.print(_spark(f"  {'stiffness':<15}", _buckets([d.stiffness for d in days], size)))
    first, last = (f"{d.day} {d:%b}" for d in (days[0].date, days[-1].date))
    gap = max(len(daily) - len(first) - len(last), 1)
    out.print(f"  {'':<15}{first}{'':>{gap}}{last}")
    out.print(f"  {report.morning.words}", markup=False)
    if report.stiffness.trend is not None:
        out.print(f"  {report.stiffness.words}", markup=False)
    if any(d.during is not None for d in days):
        out.print()
        out.print("[bold]Pain during movements[/bold] (each movement: see below)")
        out.print(_spark(f"  {each:<15}", _buckets([d.during for d in days], size)))


def _buckets(values: Sequence[float | None], size: int) -> list[float | None]:
    """Means of ``size`` values at a time, ending with the last (None where none was given)."""
    if size == 1:
        return list(values)
    found: list[float | None] = []
    for end in range(len(values), 0, -size):
        given = [v for v in values[max(end - size, 0) : end] if v is not None]
        found.append(fmean(given) if given else None)
    return found[::-1]


def _spark(label: str, values: Sequence[float | None]) -> Text:
    from rich.text import Text

    line = Text(label)
    for value in values:
        if value is None:
            line.append(NO_SCORE, style="dim")
        else:
            level = min(round(value / 10 * (len(SPARKS) - 1)), len(SPARKS) - 1)
            line.append(SPARKS[level], style=_pain_colour(value))
    return line


def _pain_colour(value: float) -> str:
    return "green" if value <= TOLERATED_MAX else "yellow" if value <= HOLD_MAX else "red"


def _adherence(report: ProgressReport, out: Console) -> None:
    from rich.table import Table

    a = report.adherence
    out.print(f"[bold]Moments kept[/bold]: {moments_line(a)}")
    planned = f" of {a.planned} planned" if a.planned else ""
    out.print(f"  Movements done: {a.done}{planned}.")
    out.print(
        f"  Active on {a.active_days} of {len(report.days)} days. "
        f"Streak: {_days(a.current_streak)} now, longest {_days(a.longest_streak)}."
    )
    grid = Table(box=None, pad_edge=False, show_edge=False, padding=(0, 1))
    grid.add_column("  week of", no_wrap=True)
    for name in SHORT_WEEKDAYS:
        grid.add_column(name, justify="left", no_wrap=True)
    grid.add_column("done", justify="right", no_wrap=True)
    by_date = {d.date: d for d in report.days}
    first = report.days[0].date
    monday = first - timedelta(days=first.weekday())
    while monday <= report.today:
        week = [by_date.get(monday + timedelta(days=n)) for n in range(7)]
        known = [d for d in week if d is not None]
        total = sum(d.done for d in known)
        plan = [d.planned for d in known if d.planned is not None]
        grid.add_row(
            f"  {monday.day} {monday:%b}",
            *(_cell(d) for d in week),
            f"{total}/{sum(plan)}" if plan else str(total),
        )
        monday += timedelta(days=7)
    out.print(grid)
    out.print(
        "  [dim]each day: movements done/planned; █ all, ▓ half or more, ▒ some, · none[/dim]"
    )


def _days(count: int) -> str:
    return f"{count} day{'s' if count != 1 else ''}"


def _cell(day: Day | None) -> Text:
    from rich.text import Text

    if day is None:
        return Text("")
    if day.planned is None:
        mark, style = ("█", "green") if day.done else ("·", "dim")
        return Text(f"{mark} {day.done}", style=style)
    share = min(day.done, day.planned) / day.planned if day.planned else float(day.done > 0)
    mark, style = (
        ("█", "green")
        if share >= 1
        else ("▓", "green")
        if share >= 0.5
        else ("▒", "yellow")
        if share > 0
        else ("·", "dim")
    )
    return Text(f"{mark} {day.done}/{day.planned}", style=style)


def _moves(report: ProgressReport, names: Mapping[str, str], out: Console) -> None:
    from rich.table import Table
    from rich.text import Text

    table = Table(title="How each movement went", title_justify="left", title_style="bold")
    table.add_column("movement", overflow="fold")
    table.add_column("times", justify="right")
    table.add_column("pain during\navg, worst", justify="right")
    table.add_column("pain after\navg", justify="right")
    table.add_column("sharp", justify="right")
    table.add_column("stopped", justify="right")
    table.add_column("lately")
    for m in report.moves:
        label, colour = VERDICTS[m.verdict], COLOURS[m.verdict]
        during = (
            f"{m.pain_during_mean:.1f}, {m.pain_during_max}"
            if m.pain_during_mean is not None
            else "-"
        )
        after = f"{m.pain_after_mean:.1f}" if m.pain_after_mean is not None else "-"
        table.add_row(
            Text(names.get(m.move, m.move)),
            str(m.times),
            during,
            after,
            str(m.sharp or "-"),
            str(m.hurt or "-"),
            f"[{colour}]{label}[/{colour}]",
        )
    out.print(table)
    out.print(
        "  [dim]lately: from the worst pain during it in the latest week you did it. "
        f"suits you: up to {TOLERATED_MAX}/10; go gently: up to {HOLD_MAX}/10; "
        "ease off: more, anything sharp, or stopped because it hurt[/dim]"
    )
