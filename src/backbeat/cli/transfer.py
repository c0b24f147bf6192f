"""``backbeat export`` and ``backbeat import``: the whole journal to and from one JSON file."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from backbeat.cli.journal import said_busy
from backbeat.coach import restore_profile
from backbeat.context import Env, open_catalogue, open_journal
from backbeat.inputs import file_name
from backbeat.journal.transfer import dump, load, unknown_movements, unknown_sentence
from backbeat.status import ExitStatus


def export(args: argparse.Namespace, env: Env) -> ExitStatus:
    journal = open_journal(env)
    if journal is None:
        return ExitStatus.INVALID
    records = journal.oldest_first()
    text = dump(records)
    if args.file == "-":
        env.stdout.write(text)
        return ExitStatus.OK
    try:
        path = Path(file_name(args.file))
    except ValueError as error:
        env.stderr.write(f"backbeat export: {error}\n")
        return ExitStatus.INVALID
    try:
        _write_whole(path, text)
    except OSError as error:
        env.stderr.write(f"backbeat export: {path}: cannot be written ({error.strerror})\n")
        return ExitStatus.INVALID
    env.stdout.write(f"Exported {len(records)} record(s) to {path}.\n")
    return ExitStatus.OK


def _write_whole(path: Path, text: str) -> None:
    """Write beside the target, then rename over it: a crash leaves the old file or the new
    one, never half of one."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with temporary.open("w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def bring_in(args: argparse.Namespace, env: Env) -> ExitStatus:
    """``backbeat import`` (``import`` is Python's word)."""
    name = "standard input" if args.file == "-" else args.file
    try:
        text = env.stdin.read() if args.file == "-" else Path(file_name(name)).read_text("utf-8")
    except ValueError as error:
        env.stderr.write(f"backbeat import: {error}\n")
        return ExitStatus.INVALID
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "it is not UTF-8 text"
        env.stderr.write(f"backbeat import: {name}: cannot be read ({reason})\n")
        return ExitStatus.INVALID
    records, problems = load(text, name, env.clock())
    if problems:
        for problem in problems:
            env.stderr.write(f"{problem}\n")
        env.stderr.write("backbeat import: nothing was imported; your journal is as it was.\n")
        return ExitStatus.INVALID
    journal = open_journal(env)
    if journal is None:
        return ExitStatus.INVALID
    env.stdout.write(f"Importing {len(records)} record(s)...\n")
    env.stdout.flush()
    from backbeat.journal.db import Busy

    try:
        added = journal.add(records)
    except Busy as busy:
        return said_busy(env, "import", busy)
    env.stdout.write(
        f"Imported {added} new record(s); {len(records) - added} were already in your journal.\n"
    )
    catalogue = open_catalogue(env)
    if catalogue is not None:
        said = unknown_sentence(unknown_movements(records, catalogue.movements))
        if said is not None:
            env.stdout.write(f"{said}\n")
    path = env.home / "profile.toml"
    try:
        restored = restore_profile(path, records)
    except OSError as error:
        env.stderr.write(f"backbeat import: {path}: cannot be written ({error.strerror})\n")
        return ExitStatus.INVALID
    if restored is not None:
        env.stdout.write(f"Your profile from the export is back at {path}.\n")
    return ExitStatus.OK
