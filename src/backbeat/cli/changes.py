"""``backbeat forget``, ``backbeat correct`` and ``backbeat undo``: taking back a record that was
wrong, through the journal's one way of doing it (a deletion or correction kept as a record)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from backbeat.cli.journal import (
    BadValue,
    history_line,
    maybe_pain_flag,
    movement_names,
    said_busy,
    when,
)
from backbeat.context import Env, open_journal
from backbeat.journal.store import Journal, Stored
from backbeat.records import MorningRecord, MoveRecord
from backbeat.status import ExitStatus

MOVE_FLAGS = {
    "pain_during": "--pain-during",
    "pain_after": "--pain-after",
    "sharp": "--sharp",
    "difficulty": "--difficulty",
}
MORNING_FLAGS = {"pain": "--pain", "stiffness": "--stiffness"}
FIELDS = {"pain": "morning_pain"}  # a flag whose record field has another name


def _line(entry: Stored, env: Env) -> str:
    return history_line(entry, movement_names(env))


def _run(env: Env, command: str, act: Callable[[Journal], str]) -> ExitStatus:
    """Open the journal and make one change; every refusal is one sentence and exit 1, with
    the journal as it was."""
    from backbeat.journal.changes import NoSuchRecord
    from backbeat.journal.db import Busy

    journal = open_journal(env)
    if journal is None:
        return ExitStatus.INVALID
    try:
        said = act(journal)
    except Busy as busy:
        return said_busy(env, command, busy)
    except (NoSuchRecord, BadValue, ValueError) as error:
        env.stderr.write(f"backbeat {command}: {error}\n")
        return ExitStatus.INVALID
    env.stdout.write(said)
    return ExitStatus.OK


def forget(args: argparse.Namespace, env: Env) -> ExitStatus:
    from backbeat.journal import changes

    def act(journal: Journal) -> str:
        gone = changes.forget(journal, args.id, env.clock())
        return f"Deleted {_line(gone, env)}\n`backbeat undo` puts it back.\n"

    return _run(env, "forget", act)


def correct(args: argparse.Namespace, env: Env) -> ExitStatus:
    from backbeat.journal import changes

    def act(journal: Journal) -> str:
        old = changes.find(journal, args.id)
        new = changes.correct(journal, args.id, _changes(args, old, env), env.clock())
        return (
            f"Corrected {old.id}; it now reads:\n{_line(new, env)}\n"
            "`backbeat undo` takes the correction back.\n"
        )

    return _run(env, "correct", act)


def _changes(args: argparse.Namespace, old: Stored, env: Env) -> dict[str, Any]:
    """The flags given, as fields of the history format; a flag that does not belong to this
    kind of record is named with the flags that do."""
    record = old.record
    given = {
        "pain_during": maybe_pain_flag("--pain-during", args.pain_during),
        "pain_after": maybe_pain_flag("--pain-after", args.pain_after),
        "sharp": args.sharp,
        "difficulty": args.difficulty,
        "pain": maybe_pain_flag("--pain", args.pain),
        "stiffness": maybe_pain_flag("--stiffness", args.stiffness),
    }
    given = {field: value for field, value in given.items() if value is not None}
    if isinstance(record, MoveRecord):
        flags, what = MOVE_FLAGS, "a movement check-in"
    elif isinstance(record, MorningRecord):
        flags, what = MORNING_FLAGS, "a morning check-in"
    else:
        raise BadValue(
            f"record {old.id} is not a check-in; only movement and morning check-ins can be "
            "corrected (any record can be deleted with `backbeat forget`)"
        )
    wrong = [field for field in given if field not in flags]
    if wrong:
        other = {**MOVE_FLAGS, **MORNING_FLAGS}[wrong[0]]
        raise BadValue(
            f"{other} does not belong to record {old.id}, {what} "
            f"(allowed: {', '.join([*flags.values(), '--at'])})"
        )
    changes = {FIELDS.get(field, field): value for field, value in given.items()}
    if args.at is not None:
        changes["at"] = when(args.at, env)
    if not changes:
        raise BadValue(f"say what to change (for {what}: {', '.join([*flags.values(), '--at'])})")
    return changes


def undo(args: argparse.Namespace, env: Env) -> ExitStatus:
    from backbeat.journal import changes

    def act(journal: Journal) -> str:
        undone = changes.undo(journal, env.clock())
        if undone is None:
            return "Nothing to undo: your journal has no entry or change to take back.\n"
        lines = "".join(f"{_line(entry, env)}\n" for entry in undone.records)
        if undone.action == "restored":
            return f"Put back:\n{lines}"
        return f"Deleted your last entry:\n{lines}`backbeat undo` again puts it back.\n"

    return _run(env, "undo", act)
