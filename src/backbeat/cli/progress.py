"""``backbeat progress``: the journal's records and what was planned in, a report out, shown in
the terminal, as JSON, or drawn into an image."""

from __future__ import annotations

import argparse
import json
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from pathlib import Path

from backbeat.catalog.catalogue import Catalogue
from backbeat.cli.catalogue import open_catalogue
from backbeat.cli.env import Env
from backbeat.cli.journal import open_journal
from backbeat.journal.progress import DEFAULT_WEEKS, progress_report
from backbeat.plan.history import PlanRecord, Record
from backbeat.status import ExitStatus

CHART_KINDS = (".png", ".svg")


def progress(args: argparse.Namespace, env: Env) -> ExitStatus:
    chart = Path(args.chart) if args.chart else None
    if chart is not None and chart.suffix.lower() not in CHART_KINDS:
        env.stderr.write(
            f"backbeat progress: --chart: {args.chart!r} is not an image file backbeat draws "
            "(allowed: FILE.png, FILE.svg)\n"
        )
        return ExitStatus.INVALID
    journal = open_journal(env)
    if journal is None:
        return ExitStatus.INVALID
    records = journal.oldest_first()
    today = env.clock().date()
    weeks = args.weeks or DEFAULT_WEEKS
    catalogue = open_catalogue(env)
    window = [today - timedelta(days=n) for n in range(7 * weeks)]
    given = plans_given(records)
    weekly = {} if given.keys() >= set(window) else _profile_days(env, catalogue, records, today)
    planned = planned_per_day(given, window, weekly)
    report = progress_report(records, planned, today, weeks)
    names = {m: catalogue.movements[m].name for m in catalogue.movements} if catalogue else {}
    if args.json:
        json.dump(report.as_json(), env.stdout, indent=2)
        env.stdout.write("\n")
    else:
        from backbeat.cli.console import console
        from backbeat.cli.progress_view import show

        show(report, names, console(env))
    if chart is None:
        return ExitStatus.OK
    told = env.stderr if args.json else env.stdout
    if report.empty:
        told.write(f"Nothing to draw yet, so {chart} was not written.\n")
        return ExitStatus.OK
    from backbeat.cli.progress_chart import draw

    image = draw(report, names, chart.suffix.lower().lstrip("."))
    try:
        chart.write_bytes(image)
    except OSError as error:
        env.stderr.write(f"backbeat progress: --chart: cannot write {chart} ({error.strerror})\n")
        return ExitStatus.INVALID
    told.write(f"Chart saved to {chart}.\n")
    return ExitStatus.OK


def plans_given(records: Sequence[Record]) -> dict[date, int]:
    """Movement items per date in the plans given; ``records`` come oldest first (as the journal
    gives them), so the latest plan holding a date wins."""
    given: dict[date, int] = {}
    for record in records:
        if isinstance(record, PlanRecord):
            given.update(_plan_items(record.plan))
    return given


def planned_per_day(
    given: Mapping[date, int], dates: Sequence[date], weekly: Mapping[int, int]
) -> dict[date, int]:
    """Movement items planned on each of ``dates``: from the plans given, else from the
    profile's plan for the same weekday (``weekly``, 0 is Monday), else unknown (left out)."""
    planned: dict[date, int] = {}
    for day in dates:
        count = given.get(day, weekly.get(day.weekday()))
        if count is not None:
            planned[day] = count
    return planned


def _plan_items(plan: Mapping[str, object]) -> dict[date, int]:
    """Items per date in a plan's JSON; a day that is not shaped like one is passed over."""
    found: dict[date, int] = {}
    days = plan.get("days")
    for day in days if isinstance(days, list) else ():
        if not isinstance(day, dict) or not isinstance(day.get("slots"), list):
            continue
        try:
            when = date.fromisoformat(str(day.get("date")))
        except ValueError:
            continue
        found[when] = sum(
            len(slot["items"])
            for slot in day["slots"]
            if isinstance(slot, dict) and isinstance(slot.get("items"), list)
        )
    return found


def _profile_days(
    env: Env, catalogue: Catalogue | None, records: Sequence[Record], today: date
) -> dict[int, int]:
    """Items per weekday (0 is Monday) in this week's plan from the profile; none without a
    usable profile, which progress can do without, or when its answers need a clinician
    (then there is no plan to keep to)."""
    path = env.home / "profile.toml"
    if catalogue is None or not path.exists():
        return {}
    from backbeat.plan.builder import make_plan
    from backbeat.plan.profile_file import read_profile

    profile, problems = read_profile(path, catalogue)
    if profile is None:
        for problem in problems:
            env.stderr.write(f"{problem}\n")
        env.stderr.write("backbeat progress: planned movements are left out until it is mended\n")
        return {}
    monday = today - timedelta(days=today.weekday())
    week = make_plan(profile, catalogue, records, monday, 7)
    if week.referral is not None:
        return {}
    return {d.date.weekday(): sum(len(s.items) for s in d.slots) for d in week.days}
