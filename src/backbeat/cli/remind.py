"""``backbeat remind``: the day's reminders (``--dry-run``), the daemon that delivers them
(``--once`` for one look; in ``cli/remind_serve.py``), its service file (``--install``,
``--uninstall``), and ``backbeat remind pause``. The rules are ``backbeat.remind``'s."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from collections.abc import Sequence
from datetime import date, datetime, time, tzinfo

from backbeat import disk
from backbeat.catalog.catalogue import Catalogue
from backbeat.cli.plan import open_inputs, open_state, profile_path, usable
from backbeat.context import Env, local_zone
from backbeat.plan.builder import make_plan
from backbeat.plan.profile import Profile
from backbeat.plan.today import plan_day
from backbeat.records import Record
from backbeat.remind import service
from backbeat.remind.busy import calendar_blocks
from backbeat.remind.due import Due, dues
from backbeat.remind.hold import Ahead, Block, ahead, look, why
from backbeat.remind.pause import parse_length, pause_end, read_pause, write_pause
from backbeat.remind.rules import Known, Reminder, Settings, upcoming
from backbeat.status import ExitStatus


def remind(args: argparse.Namespace, env: Env) -> ExitStatus:
    if args.install or args.uninstall:
        return _install(env) if args.install else _uninstall(env)
    if (args.json or args.date) and not args.dry_run:
        env.stderr.write("backbeat remind: --date and --json go with --dry-run\n")
        return ExitStatus.USAGE
    inputs = open_inputs(args, env, "No reminders were set.")
    if isinstance(inputs, ExitStatus):
        return inputs
    catalogue, profile, records = inputs
    day = args.date or plan_day(env.clock(), profile.day.wake)
    today = day_dues(profile, catalogue, records, day, env)
    if isinstance(today, ExitStatus):
        return today
    if args.dry_run:
        return _dry_run(args, env, profile, today, records)
    from backbeat.cli.remind_serve import serve

    return serve(args, env, profile, catalogue)


def day_dues(
    profile: Profile, catalogue: Catalogue, records: Sequence[Record], day: date, env: Env
) -> list[Due] | ExitStatus:
    """The day's slots as reminders, or 3 after the referral when the plan is one."""
    plan = make_plan(profile, catalogue, records, day)
    if plan.referral is not None:
        env.stdout.write(f"{plan.referral.message}\n\nNo reminders were set.\n")
        return ExitStatus.REFERRAL
    names = {m.id: m.name for m in catalogue.movements.values()}
    return dues(plan.days[0], profile, names, local_zone(env))


def remembered(records: Sequence[Record], now: datetime) -> list[Record]:
    """What the reminder rules read, as the daemon reads it: the records they look at from the
    last ``MEMORY`` (two weeks), oldest first. Skips from a month ago back off neither."""
    from backbeat.history import JournalHistory
    from backbeat.journal.summary import recent
    from backbeat.remind.daemon import MEMORY, REMINDING

    since = now - MEMORY
    if isinstance(records, JournalHistory):  # by the index on time, not every record
        return recent(records.journal, since, REMINDING)[::-1]
    cut = since.replace(tzinfo=None)
    return [
        r for r in records[::-1] if isinstance(r, REMINDING) and r.at.replace(tzinfo=None) >= cut
    ]


def _dry_run(
    args: argparse.Namespace,
    env: Env,
    profile: Profile,
    today: list[Due],
    records: Sequence[Record],
) -> ExitStatus:
    paused, problem = read_pause(env.home)
    if problem:
        env.stderr.write(f"backbeat remind: {problem}\n")
    now = env.clock()
    known = Known(remembered(records, now), paused_until=paused)
    settings = Settings.of(profile)
    zone = local_zone(env)
    busy: list[Block] = []
    if profile.prefs.busy is not None:
        busy, problem = calendar_blocks(profile.prefs.busy, env.home, now, zone)
        if args.date is not None:
            on = datetime.combine(args.date, time(12), zone)
            busy, problem = calendar_blocks(profile.prefs.busy, env.home, on, zone)
        if problem:
            env.stderr.write(f"backbeat remind: {problem}\n")
    placed = ahead(today, known, settings, busy)
    coming: dict[str, Reminder] = {}
    if args.date is None or args.date == plan_day(now, profile.day.wake):
        coming = {r.due.slot.id: r for r in upcoming(today, known, settings, now)}
        seen = asyncio.run(_seen(env))
        decided = look(today, known, settings, now, [*seen, *busy])
        held_now = {h.reminder.due.slot.id: h.block for h in decided.held}
        placed = [
            _now_held(p, held_now[p.reminder.due.slot.id])
            if p.reminder.due.slot.id in held_now
            else p
            for p in placed
        ]
    found = [p.reminder for p in placed]
    if args.json:
        listed = [
            {
                "time": p.reminder.due.slot.time,
                "slot": p.reminder.due.moment,
                "id": p.reminder.due.slot.id,
                "text": p.reminder.text,
                "moves": [*p.reminder.due.moves],
                "held": _held(p, zone),
                **_coming(coming.get(p.reminder.due.slot.id), zone),
            }
            for p in placed
        ]
        json.dump(listed, env.stdout, indent=2)
        env.stdout.write("\n")
        return ExitStatus.OK
    out = env.stdout.write
    out(f"Reminders for {args.date or plan_day(env.clock(), profile.day.wake):%A %d %B %Y}\n")
    for p in placed:
        reminder = p.reminder
        if reminder.notice:
            out(f"  {reminder.notice}\n")
        out(f"  {reminder.due.slot.time}  {reminder.title}: {reminder.text}\n")
        held = _held(p, zone)
        if held is not None:
            then = f", then at {held['catch_up']}" if held["catch_up"] else ""
            out(f"         waits: {held['why']}{then}\n")
    if not found:
        out("  None: every slot is done, paused or in quiet hours.\n" if today else "  None.\n")
    if profile.prefs.quiet:
        spans = ", ".join(f"{a:%H:%M}-{b:%H:%M}" for a, b in profile.prefs.quiet)
        out(f"Quiet hours: {spans}.\n")
    if paused is not None and paused > env.clock():
        out(f"Paused until {paused:%A %H:%M}.\n")
    return ExitStatus.OK


def _now_held(placed: Ahead, block: Block) -> Ahead:
    """A reminder held at this moment: by a busy event, it catches up as placed in advance;
    by the desktop's state, when that ends (nobody can say when)."""
    return Ahead(placed.reminder, block, placed.catch_up if placed.block == block else None)


def _coming(reminder: Reminder | None, zone: tzinfo) -> dict[str, str]:
    """When today's reminder of a slot comes now that it has been answered (a snooze, a
    repeat), as the daemon would send it."""
    if reminder is None or reminder.kind == "first":
        return {}
    return {"at": f"{reminder.at.astimezone(zone):%H:%M}", "kind": reminder.kind}


def _held(placed: Ahead, zone: tzinfo) -> dict[str, str | None] | None:
    """Why a reminder would wait, and when it would catch up (None: it would not)."""
    if placed.block is None:
        return None
    catch_up = placed.catch_up
    return {
        "why": why(placed.block),
        "catch_up": None if catch_up is None else f"{catch_up.astimezone(zone):%H:%M}",
    }


async def _seen(env: Env) -> list[Block]:
    """What holds reminders on this desktop right now (do not disturb, a locked screen, a
    full-screen window), as the daemon sees it."""
    from backbeat.remind.attention import Attention

    attention = await Attention.open(env.environ)
    try:
        return await attention.blocks()
    finally:
        await attention.close()


def pause(args: argparse.Namespace, env: Env) -> ExitStatus:
    try:
        length = parse_length(args.duration)
    except ValueError as error:
        env.stderr.write(f"backbeat remind pause: {error}\n")
        return ExitStatus.INVALID
    wake = Profile().day.wake
    if length == "tomorrow" and profile_path(args, env).exists():
        opened = open_state(args, env)
        if isinstance(opened, ExitStatus):
            return opened
        profile = usable(opened[1], env, "Reminders were not paused.")
        if isinstance(profile, ExitStatus):
            return profile
        wake = profile.day.wake
    now = env.clock()
    until = pause_end(length, now, wake, plan_day(now, wake))
    try:
        write_pause(env.home, until)
    except OSError as error:
        env.stderr.write(f"backbeat remind pause: the pause cannot be kept: {disk.fault(error)}\n")
        return ExitStatus.INVALID
    if until is None:
        env.stdout.write("Reminders are on again.\n")
        return ExitStatus.OK
    day = "" if until.date() == now.date() else f"{until:%A} "
    env.stdout.write(
        f"Reminders paused until {day}{until:%H:%M}. "
        "`backbeat remind pause off` turns them back on sooner.\n"
    )
    return ExitStatus.OK


def _service(env: Env) -> service.Service | None:
    command = [sys.executable, "-m", "backbeat", "remind"]
    if sys.platform.startswith("linux"):
        return service.systemd(command, env.environ)
    if sys.platform == "darwin":
        return service.launchd(command, env.environ)
    if sys.platform == "win32":
        pythonw = sys.executable.replace("python.exe", "pythonw.exe")
        return service.windows([pythonw, *command[1:]], env.environ)
    env.stderr.write(
        f"backbeat remind --install: no service manager backbeat knows on {sys.platform}; "
        "start `backbeat remind` with your desktop session instead\n"
    )
    return None


def _install(env: Env) -> ExitStatus:
    found = _service(env)
    if found is None:
        return ExitStatus.USAGE
    try:
        found.path.parent.mkdir(parents=True, exist_ok=True)
        found.path.write_bytes(found.content)
        if found.private:
            os.chmod(found.path, 0o600)
    except OSError as error:
        env.stderr.write(f"backbeat remind --install: {found.path}: cannot be written ({error})\n")
        return ExitStatus.INVALID
    env.stdout.write(f"Wrote {found.path}.\n{found.enable}\n")
    return ExitStatus.OK


def _uninstall(env: Env) -> ExitStatus:
    found = _service(env)
    if found is None:
        return ExitStatus.USAGE
    removed = []
    for path in (found.path, *found.also):
        if path.exists() or path.is_symlink():
            try:
                path.unlink()
            except OSError as error:
                env.stderr.write(f"backbeat remind --uninstall: {path}: {error}\n")
                return ExitStatus.INVALID
            removed.append(path)
    if not removed:
        env.stdout.write(f"Nothing to remove: {found.path} is not there.\n")
        return ExitStatus.OK
    env.stdout.write(f"Removed {found.path}.\n{found.stop}\n")
    return ExitStatus.OK
