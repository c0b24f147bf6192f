"""``backbeat plan``: the day-by-day plan, as text or JSON, and what changed since last week."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from backbeat import disk
from backbeat.catalog.catalogue import Catalogue
from backbeat.coach import plan_for
from backbeat.context import Env, open_catalogue
from backbeat.json_text import json_text
from backbeat.plan.model import Plan
from backbeat.plan.profile import Profile
from backbeat.plan.profile_file import ProfileState, profile_state
from backbeat.records import Record, parse_lines
from backbeat.safety import wording
from backbeat.status import ExitStatus
from backbeat.words import dose_text


def profile_path(args: argparse.Namespace, env: Env) -> Path:
    """``--profile``, or ``$BACKBEAT_HOME/profile.toml``."""
    return Path(args.profile) if args.profile else env.home / "profile.toml"


def open_profile(
    args: argparse.Namespace, env: Env, catalogue: Catalogue
) -> ProfileState | ExitStatus:
    """The profile file's state (from ``--profile`` or ``$BACKBEAT_HOME/profile.toml``), or the
    status to exit with when there is none to read."""
    path = profile_path(args, env)
    if not path.exists():
        if args.profile:
            env.stderr.write(f"backbeat: {path}: no such profile file\n")
            return ExitStatus.INVALID
        env.stderr.write(
            f"backbeat: no profile yet at {path}.\n"
            "Run `backbeat init` to answer a few questions (about 2 minutes), "
            "or pass --profile FILE.\n"
        )
        return ExitStatus.USAGE
    return profile_state(path, catalogue)


def usable(state: ProfileState, env: Env, withheld: str) -> Profile | ExitStatus:
    """The profile to plan from, or the status after saying why not: a referral first (3,
    whatever else the file says), then the file's problems (1)."""
    if state.referral is not None:
        env.stdout.write(f"{state.referral.message}\n\n{withheld}\n")
        return ExitStatus.REFERRAL
    return problems(state, env)


def problems(state: ProfileState, env: Env) -> Profile | ExitStatus:
    """The profile, or 1 after listing what keeps it from being used."""
    for problem in state.problems:
        env.stderr.write(f"{problem}\n")
    return state.profile if state.profile is not None else ExitStatus.INVALID


def load_history(args: argparse.Namespace, env: Env) -> Sequence[Record] | ExitStatus:
    """Records from ``--history FILE.jsonl``, or else the journal, of which a plan reads only
    the weeks since the kept state of the person's programme (see ``backbeat.history``)."""
    if not args.history:
        from backbeat.cli.journal import open_quick
        from backbeat.history import JournalHistory

        journal = open_quick(env)
        if journal is None:
            return ExitStatus.INVALID
        return JournalHistory(journal, env.cache, env.clock().date())
    path = Path(args.history)
    if not path.exists():
        env.stderr.write(f"backbeat: {path}: no such history file\n")
        return ExitStatus.INVALID
    try:
        text = disk.read_text(path)
    except (OSError, UnicodeDecodeError) as error:
        why = disk.reason(error) if isinstance(error, OSError) else "it is not UTF-8 text"
        env.stderr.write(f"backbeat: {path}: cannot be read ({why})\n")
        return ExitStatus.INVALID
    records, problems = parse_lines(text.splitlines(), str(path))
    for problem in problems:
        env.stderr.write(f"{problem}\n")
    return ExitStatus.INVALID if problems else records


def open_inputs(
    args: argparse.Namespace, env: Env, withheld: str
) -> tuple[Catalogue, Profile, Sequence[Record]] | ExitStatus:
    """The catalogue, profile and history a command plans from, or the status to exit with;
    ``withheld`` says what a referral keeps from being made."""
    opened = open_state(args, env)
    if isinstance(opened, ExitStatus):
        return opened
    catalogue, state = opened
    profile = usable(state, env, withheld)
    if isinstance(profile, ExitStatus):
        return profile
    history = load_history(args, env)
    if isinstance(history, ExitStatus):
        return history
    return catalogue, profile, history


def open_state(args: argparse.Namespace, env: Env) -> tuple[Catalogue, ProfileState] | ExitStatus:
    """The catalogue and the profile file's state, or the status to exit with."""
    catalogue = open_catalogue(env)
    if catalogue is None:
        return ExitStatus.INVALID
    state = open_profile(args, env, catalogue)
    return state if isinstance(state, ExitStatus) else (catalogue, state)


def plan(args: argparse.Namespace, env: Env) -> ExitStatus:
    opened = open_state(args, env)
    if isinstance(opened, ExitStatus):
        return opened
    catalogue, state = opened
    history: Sequence[Record] = []
    if state.referral is None or state.profile is not None:
        profile = problems(state, env)
        if isinstance(profile, ExitStatus):
            return profile
        loaded = load_history(args, env)
        if isinstance(loaded, ExitStatus):
            return loaded
        history = loaded
    now = env.clock()
    result = plan_for(None, state, catalogue, history, now, args.start, args.days)
    assert result is not None  # a profile was there to plan from, or a referral
    if not args.history and state.profile is not None:  # kept as ``coach.give_plan`` keeps it,
        from backbeat.cli.journal import open_quick  # through the quick door when it can
        from backbeat.journal.versions import keep_versions

        journal = open_quick(env)
        if journal is not None:
            keep_versions(journal, now, state.profile, None if result.referral else result)
    if args.json:
        env.stdout.write(json_text(result.as_json()))
    else:
        _print(result, catalogue, env, explain=args.explain)
    return ExitStatus.REFERRAL if result.referral else ExitStatus.OK


def _print(result: Plan, catalogue: Catalogue, env: Env, *, explain: bool) -> None:
    out = env.stdout.write
    if result.referral is not None:
        heading = wording.HEADINGS[result.referral.level]
        out(f"{heading}\n\n{result.referral.message}\n\nNo plan was made.\n")
        return
    out(f"Week {result.week} of your plan\n")
    for line in result.advice:
        out(f"\n{line}\n")
    if explain:
        out("\nWhat changed since last week\n")
        if not result.changes:
            out("  Nothing yet: the plan grows once you have a week of check-ins.\n")
        for change in result.changes:
            to = f" -> {change.to}" if change.to else ""
            out(f"  {change.move}: {change.change}{to}. {change.why}\n")
    for day in result.days:
        walk = f" + {day.walk_minutes:g} min walk" if day.walk_minutes else ""
        out(f"\n{day.date:%A %d %B %Y}: {day.minutes:g} min of movement{walk}\n")
        for slot in day.slots:
            out(f"  {slot.time}  {slot.moment} ({slot.place}), {slot.minutes:g} min\n")
            for entry in slot.items:
                movement = catalogue.movements[entry.move]
                out(f"         - {movement.name}: {dose_text(dict(entry.dose))}\n")
                if explain:
                    out(f"           {entry.why}\n")
        for note in day.notes:
            out(f"  Note: {note}\n")
    out(f"\n{wording.STOP_RULE} {wording.NOT_TREATMENT}\n")
