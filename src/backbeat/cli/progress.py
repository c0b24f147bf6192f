"""``backbeat progress``: the journal's records and what was planned in, a report out, shown in
the terminal, as JSON, or drawn into an image."""

from __future__ import annotations

import argparse
from pathlib import Path

from backbeat.catalog.catalogue import Catalogue
from backbeat.context import Env, open_catalogue, open_journal
from backbeat.inputs import file_name
from backbeat.json_text import json_text
from backbeat.plan.profile import Profile
from backbeat.progress.planned import progress_for
from backbeat.progress.report import DEFAULT_WEEKS
from backbeat.status import ExitStatus

CHART_KINDS = (".png", ".svg")


def progress(args: argparse.Namespace, env: Env) -> ExitStatus:
    try:
        chart = Path(file_name(args.chart)) if args.chart is not None else None
    except ValueError as error:
        env.stderr.write(f"backbeat progress: --chart: {error}\n")
        return ExitStatus.INVALID
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
    catalogue = open_catalogue(env)
    report = progress_for(
        records,
        env.clock().date(),
        args.weeks or DEFAULT_WEEKS,
        catalogue,
        lambda: _profile(env, catalogue),
    )
    names = {m: catalogue.movements[m].name for m in catalogue.movements} if catalogue else {}
    if args.json:
        env.stdout.write(json_text(report.as_json()))
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


def _profile(env: Env, catalogue: Catalogue | None) -> Profile | None:
    """The profile to count planned movements from; none without a usable one, which progress
    can do without (what keeps it from being used is said on stderr)."""
    path = env.home / "profile.toml"
    if catalogue is None or not path.exists():
        return None
    from backbeat.plan.profile_file import read_profile

    profile, problems = read_profile(path, catalogue)
    if profile is None:
        for problem in problems:
            env.stderr.write(f"{problem}\n")
        env.stderr.write("backbeat progress: planned movements are left out until it is mended\n")
    return profile
