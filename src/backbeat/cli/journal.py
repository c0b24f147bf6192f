"""Opening the journal for a command, and the commands that write and read it directly:
``backbeat log``, ``backbeat checkin`` and ``backbeat history``."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from backbeat.cli.catalogue import hint, open_catalogue
from backbeat.cli.env import Env
from backbeat.journal.describe import describe
from backbeat.plan.history import (
    MorningRecord,
    MoveRecord,
    Record,
    as_json,
    parse_lines,
)
from backbeat.plan.model import Plan
from backbeat.plan.profile import Profile
from backbeat.session.checkin import parse_pain
from backbeat.status import ExitStatus

if TYPE_CHECKING:  # the store imports SQLAlchemy: only when a command opens the journal
    from backbeat.journal.store import Journal

LEGACY = "history.jsonl"


def open_journal(env: Env) -> Journal | None:
    """The journal, migrated to the newest schema. History records written before the journal
    existed (``$BACKBEAT_HOME/history.jsonl``) are copied in first, then the file is renamed
    (never deleted) so they are not read twice. None, after saying why, when it cannot open."""
    from sqlalchemy.exc import SQLAlchemyError

    from backbeat.journal.db import journal_url, open_database
    from backbeat.journal.store import Journal

    url = journal_url(env.environ, env.home)
    try:
        journal = Journal(open_database(url))
    except (SQLAlchemyError, OSError) as error:
        env.stderr.write(f"backbeat: the journal at {url} cannot be opened ({error})\n")
        return None
    legacy = env.home / LEGACY
    if legacy.exists():
        records, problems = parse_lines(
            legacy.read_text(encoding="utf-8").splitlines(), str(legacy)
        )
        if problems:
            for problem in problems:
                env.stderr.write(f"{problem}\n")
            env.stderr.write(f"backbeat: {legacy} was left as it is; mend it to bring it in\n")
        else:
            journal.add(records)
            legacy.rename(legacy.with_name(f"{LEGACY}.imported"))
    return journal


def keep_version(env: Env, profile: Profile, plan: Plan | None = None) -> None:
    """Keep the profile (and the plan given from it) in the journal when they changed since
    the last ones kept, so the plan's history can be told later. A journal that cannot be
    opened has said so; the command itself has still done its work."""
    from backbeat.journal.versions import keep_versions

    journal = open_journal(env)
    if journal is not None:
        keep_versions(journal, env.clock(), profile, plan)


class BadValue(ValueError):
    """A flag's value that cannot be stored; the message names the flag and what is allowed."""


def when(text: str | None, env: Env) -> datetime:
    """``--at``: an ISO date or date and time; without a zone it is the local time."""
    now = env.clock()
    if text is None:
        return now
    try:
        at = datetime.fromisoformat(text)
    except ValueError:
        raise BadValue(
            f"--at: {text!r} is not a date and time (allowed: ISO 8601, e.g. 2026-11-23T07:30)"
        ) from None
    return at if at.tzinfo else at.replace(tzinfo=now.tzinfo)


def pain_flag(flag: str, text: str | None) -> int:
    """The check-in's own pain rule (0-10), with the flag named in the message."""
    if text is None:
        raise BadValue(f"{flag} is missing (allowed: 0 to 10)")
    try:
        return parse_pain(text)
    except ValueError as error:
        raise BadValue(f"{flag}: {error}") from None


def maybe_pain_flag(flag: str, text: str | None) -> int | None:
    return None if text is None else pain_flag(flag, text)


def save(env: Env, command: str, make: Callable[[], Record]) -> ExitStatus:
    """Build the record (a bad value exits 1, naming it) and add it to the journal."""
    try:
        record = make()
    except BadValue as error:
        env.stderr.write(f"backbeat {command}: {error}\n")
        return ExitStatus.INVALID
    journal = open_journal(env)
    if journal is None:
        return ExitStatus.INVALID
    added = journal.add([record])
    env.stdout.write("Saved.\n" if added else "Already in your journal.\n")
    return ExitStatus.OK


def log(args: argparse.Namespace, env: Env) -> ExitStatus:
    catalogue = open_catalogue(env)
    if catalogue is None:
        return ExitStatus.INVALID
    if catalogue.get(args.move) is None:
        env.stderr.write(f"backbeat: unknown movement {args.move!r}{hint(catalogue, args.move)}\n")
        return ExitStatus.INVALID
    return save(
        env,
        "log",
        lambda: MoveRecord(
            move=args.move,
            pain_during=pain_flag("--pain-during", args.pain_during),
            pain_after=maybe_pain_flag("--pain-after", args.pain_after),
            at=when(args.at, env),
            sharp=args.sharp,
            difficulty=args.difficulty,
        ),
    )


def checkin(args: argparse.Namespace, env: Env) -> ExitStatus:
    return save(
        env,
        "checkin",
        lambda: MorningRecord(
            morning_pain=pain_flag("--pain", args.pain),
            stiffness=maybe_pain_flag("--stiffness", args.stiffness),
            at=when(args.at, env),
        ),
    )


def history(args: argparse.Namespace, env: Env) -> ExitStatus:
    journal = open_journal(env)
    if journal is None:
        return ExitStatus.INVALID
    since = None
    if args.since is not None:
        zone = env.clock().tzinfo
        since = datetime.combine(args.since, datetime.min.time()).replace(tzinfo=zone)
    records = journal.records(since=since)
    if args.json:
        json.dump([as_json(r) for r in records], env.stdout, indent=2)
        env.stdout.write("\n")
        return ExitStatus.OK
    if not records:
        env.stdout.write("Nothing recorded yet. `backbeat session` and `backbeat log` add to it.\n")
    for record in records:
        env.stdout.write(f"{record.at:%a %d %b %Y %H:%M}  {describe(record)}\n")
    return ExitStatus.OK
