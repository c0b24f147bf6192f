"""``backbeat progress``: the journal's records and what was planned in, a report out, shown in
the terminal, as JSON, or drawn into an image."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from backbeat.catalog.catalogue import Catalogue
from backbeat.context import Env, open_catalogue, open_journal
from backbeat.progress.planned import planned_in_window, profile_week
from backbeat.progress.report import DEFAULT_WEEKS, progress_report
from backbeat.records import Record
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
    planned = planned_in_window(
        records, today, weeks, lambda: _profile_days(env, catalogue, records, today)
    )
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
    from backbeat.progress.chart import draw

    image = draw(report, names, chart.suffix.lower().lstrip("."))
    try:
        chart.write_bytes(image)
    except OSError as error:
        env.stderr.write(f"backbeat progress: --chart: cannot write {chart} ({error.strerror})\n")
        return ExitStatus.INVALID
    told.write(f"Chart saved to {chart}.\n")
    return ExitStatus.OK


def _profile_days(
    env: Env, catalogue: Catalogue | None, records: Sequence[Record], today: date
) -> dict[int, int]:
    """Items per weekday (0 is Monday) in this week's plan from the profile; none without a
    usable profile, which progress can do without, or when its answers need a clinician
    (then there is no plan to keep to)."""
    path = env.home / "profile.toml"
    if catalogue is None or not path.exists():
        return {}
    from backbeat.plan.profile_file import read_profile

    profile, problems = read_profile(path, catalogue)
    if profile is None:
        for problem in problems:
            env.stderr.write(f"{problem}\n")
        env.stderr.write("backbeat progress: planned movements are left out until it is mended\n")
        return {}
    return profile_week(profile, catalogue, records, today)
