"""``backbeat calendar FILE.ics``: the plan as a calendar file to import."""

from __future__ import annotations

import argparse
from pathlib import Path

from backbeat import disk
from backbeat.cli.plan import open_inputs
from backbeat.coach import calendar_file
from backbeat.context import Env, local_zone
from backbeat.inputs import file_name
from backbeat.status import ExitStatus


def calendar(args: argparse.Namespace, env: Env) -> ExitStatus:
    try:
        path = Path(file_name(args.file))
    except ValueError as error:
        env.stderr.write(f"backbeat calendar: {error}\n")
        return ExitStatus.INVALID
    inputs = open_inputs(args, env, "No calendar was written.")
    if isinstance(inputs, ExitStatus):
        return inputs
    catalogue, profile, records = inputs
    now = env.clock()
    zone = local_zone(env, now)
    main = bool(getattr(args, "main", False))
    plan, content = calendar_file(
        profile, catalogue, records, now, zone, args.start, args.days, main=main
    )
    try:
        disk.write_whole(path, content)
    except OSError as error:
        env.stderr.write(f"backbeat calendar: {disk.fault(error)}\n")
        return ExitStatus.INVALID
    events = sum(len(day.slots) for day in plan.days)
    days = "1 day" if args.days == 1 else f"{args.days} days"
    if main:
        from backbeat.remind.calendar import breaks_count

        folded, notes = breaks_count(plan, profile, catalogue, zone)
        env.stdout.write(
            f"Wrote {path}: {events - folded} events over {days}, in {zone}, each with a "
            f"reminder at its time, and {folded} work breaks as {notes} all-day "
            f"{'note' if notes == 1 else 'notes'}.\n"
            "Import it into your calendar; importing a newer one updates the same events.\n"
        )
        return ExitStatus.OK
    env.stdout.write(
        f"Wrote {path}: {events} events over {days}, in {zone}, each with a reminder at its "
        "time.\nImport it into your calendar; importing a newer one updates the same events.\n"
    )
    return ExitStatus.OK
