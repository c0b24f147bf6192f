"""``backbeat calendar FILE.ics``: the plan as a calendar file to import."""

from __future__ import annotations

import argparse
from datetime import UTC
from pathlib import Path

from backbeat.cli.env import Env
from backbeat.cli.plan import open_inputs
from backbeat.cli.zone import local_zone
from backbeat.plan.builder import make_plan
from backbeat.remind.calendar import plan_calendar
from backbeat.status import ExitStatus


def calendar(args: argparse.Namespace, env: Env) -> ExitStatus:
    inputs = open_inputs(args, env)
    if isinstance(inputs, ExitStatus):
        return inputs
    catalogue, profile, records = inputs
    now = env.clock()
    plan = make_plan(profile, catalogue, records, args.start or now.date(), args.days)
    if plan.referral is not None:
        env.stdout.write(f"{plan.referral.message}\n\nNo calendar was written.\n")
        return ExitStatus.REFERRAL
    zone = local_zone(env, now)
    content = plan_calendar(plan, profile, catalogue, zone, now.astimezone(UTC)).to_ical()
    path = Path(args.file)
    try:
        path.write_bytes(content)
    except OSError as error:
        env.stderr.write(f"backbeat calendar: {path}: cannot be written ({error})\n")
        return ExitStatus.INVALID
    events = sum(len(day.slots) for day in plan.days)
    days = "1 day" if args.days == 1 else f"{args.days} days"
    env.stdout.write(
        f"Wrote {path}: {events} events over {days}, in {zone}, each with a reminder at its "
        "time.\nImport it into your calendar; importing a newer one updates the same events.\n"
    )
    return ExitStatus.OK
