"""Opening the journal for a command, and the commands that write and read it directly:
``backbeat log``, ``backbeat checkin`` and ``backbeat history``.

``log`` and ``checkin`` are quick: they import neither pydantic nor SQLAlchemy when the
journal is a SQLite file at the newest schema (``open_quick``), and the catalogue's ids are
read from its cache without its movements (``movement_ids``)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from backbeat.context import Env, local_zone, open_journal
from backbeat.inputs import parse_pain, parse_when
from backbeat.status import ExitStatus

if TYPE_CHECKING:
    from backbeat.journal.plain import PlainJournal
    from backbeat.journal.store import Journal, Stored
    from backbeat.plan.model import Plan
    from backbeat.plan.profile import Profile
    from backbeat.records import Record


def open_quick(env: Env) -> PlainJournal | Journal | None:
    """The journal through the standard library's sqlite3 when it is a SQLite file already at
    the newest schema, else as ``open_journal`` opens it (migrating it, bringing in an old
    ``history.jsonl``, or on PostgreSQL). None, after saying why, when it cannot open."""
    from backbeat.context import LEGACY
    from backbeat.journal.access import journal_url
    from backbeat.journal.plain import open_plain

    if not (env.home / LEGACY).exists():
        plain = open_plain(journal_url(env.environ, env.home))
        if plain is not None:
            return plain
    return open_journal(env)


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
    """``--at``: an ISO date or date and time; without a zone it is the local time, with the
    offset of that instant (the core's one reading of a time)."""
    now = env.clock()
    if text is None:
        return now
    try:
        return parse_when(text, local_zone(env, now), now)
    except ValueError as error:
        raise BadValue(f"--at: {error}") from None


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


def save(env: Env, command: str, make: Callable[[], dict[str, Any]]) -> ExitStatus:
    """Gather a check-in's fields (a bad value exits 1, naming it) and add the check-in to the
    journal: a movement's (``log``) or a morning's (``checkin``)."""
    try:
        fields = make()
    except BadValue as error:
        env.stderr.write(f"backbeat {command}: {error}\n")
        return ExitStatus.INVALID
    journal = open_quick(env)
    if journal is None:
        return ExitStatus.INVALID
    from backbeat.journal.access import Busy
    from backbeat.journal.plain import PlainJournal, Row

    try:
        if isinstance(journal, PlainJournal):
            try:
                made = Row.move(**fields) if command == "log" else Row.morning(**fields)
            except ValueError:  # an instant only the model writes: the record goes as one
                added = journal.add([_record(command, fields)], added=env.clock())
            else:
                added = journal.add_rows([made], added=env.clock())
            journal.close()
        else:
            added = journal.add([_record(command, fields)], added=env.clock())
    except Busy as busy:
        return said_busy(env, command, busy)
    env.stdout.write("Saved.\n" if added else "Already in your journal.\n")
    return ExitStatus.OK


def _record(command: str, fields: dict[str, Any]) -> Record:
    from backbeat.records import MorningRecord, MoveRecord

    return MoveRecord(**fields) if command == "log" else MorningRecord(**fields)


def said_busy(env: Env, command: str, busy: Exception) -> ExitStatus:
    """A write another program kept waiting too long: one sentence, exit 1, nothing stored."""
    env.stderr.write(f"backbeat {command}: {busy}.\n")
    return ExitStatus.INVALID


def log(args: argparse.Namespace, env: Env) -> ExitStatus:
    from backbeat.cli.catalogue import hint, open_ids

    ids = open_ids(env)
    if ids is None:
        return ExitStatus.INVALID
    if args.move not in ids:
        env.stderr.write(f"backbeat: unknown movement {args.move!r}{hint(ids, args.move)}\n")
        return ExitStatus.INVALID
    return save(
        env,
        "log",
        lambda: {
            "move": args.move,
            "pain_during": pain_flag("--pain-during", args.pain_during),
            "pain_after": maybe_pain_flag("--pain-after", args.pain_after),
            "at": when(args.at, env),
            "sharp": args.sharp,
            "difficulty": args.difficulty,
        },
    )


def checkin(args: argparse.Namespace, env: Env) -> ExitStatus:
    return save(
        env,
        "checkin",
        lambda: {
            "morning_pain": pain_flag("--pain", args.pain),
            "stiffness": maybe_pain_flag("--stiffness", args.stiffness),
            "at": when(args.at, env),
        },
    )


def history(args: argparse.Namespace, env: Env) -> ExitStatus:
    from backbeat.inputs import day_start
    from backbeat.json_text import json_text
    from backbeat.records import history_json

    journal = open_journal(env)
    if journal is None:
        return ExitStatus.INVALID
    since = None if args.since is None else day_start(args.since, env.clock())
    entries = journal.entries(since=since)
    if args.json:
        env.stdout.write(json_text(history_json((e.id, e.record) for e in entries)))
        return ExitStatus.OK
    if not entries:
        env.stdout.write("Nothing recorded yet. `backbeat session` and `backbeat log` add to it.\n")
    names = movement_names(env)
    for entry in entries:
        env.stdout.write(f"{history_line(entry, names)}\n")
    return ExitStatus.OK


def movement_names(env: Env) -> dict[str, str]:
    """Movement names by id, for lines a person reads; ids alone when the catalogue cannot be
    read (the history is still shown)."""
    from backbeat.catalog.loader import BrokenCatalogue, with_user_movements

    try:
        catalogue, _ = with_user_movements(env.home, env.cache)
    except BrokenCatalogue:  # `backbeat moves` says what is wrong with it
        return {}
    return {m.id: m.name for m in catalogue.movements.values()}


def history_line(entry: Stored, names: dict[str, str]) -> str:
    """One record as ``history`` lists it: its id, when, and what it says."""
    from backbeat.journal.describe import describe

    return f"{entry.id}  {entry.at:%a %d %b %Y %H:%M}  {describe(entry.record, names)}"
