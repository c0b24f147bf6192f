"""``backbeat programme import`` and ``backbeat programme show``: a clinician's programme, kept
beside the profile (``programme.json``), which every face's plan then follows."""

from __future__ import annotations

import argparse
from pathlib import Path

from backbeat import disk
from backbeat.context import Env, open_catalogue
from backbeat.inputs import file_name
from backbeat.json_text import json_text
from backbeat.plan.programme import FILE, dump, load, summary
from backbeat.status import ExitStatus


def bring_in(args: argparse.Namespace, env: Env) -> ExitStatus:
    """Check the file whole, then write it beside the profile in one step (or not at all)."""
    name = "standard input" if args.file == "-" else args.file
    try:
        text = env.stdin.read() if args.file == "-" else disk.read_text(Path(file_name(name)))
    except ValueError as error:  # an unusable file name, or text that is not UTF-8
        env.stderr.write(f"backbeat programme import: {name}: {error}\n")
        return ExitStatus.INVALID
    except OSError as error:
        env.stderr.write(f"backbeat programme import: {disk.cannot(name, 'read', error)}\n")
        return ExitStatus.INVALID
    catalogue = open_catalogue(env)
    if catalogue is None:
        return ExitStatus.INVALID
    programme, problems = load(text, name, catalogue)
    if programme is None:
        for problem in problems:
            env.stderr.write(f"{problem}\n")
        env.stderr.write("backbeat programme import: nothing was changed\n")
        return ExitStatus.INVALID
    target = env.home / FILE
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        disk.write_whole(target, dump(programme).encode())
    except OSError as error:
        env.stderr.write(f"backbeat programme import: {disk.cannot(target, 'write', error)}\n")
        return ExitStatus.INVALID
    count = len(programme.movements)
    env.stdout.write(
        f"Your plan now follows {programme.title!r} ({count} movement(s)), kept in {target}.\n"
    )
    return ExitStatus.OK


def show(args: argparse.Namespace, env: Env) -> ExitStatus:
    path = env.home / FILE
    if not path.exists():
        env.stderr.write(
            "backbeat programme show: you follow no programme (backbeat programme import FILE)\n"
        )
        return ExitStatus.INVALID
    catalogue = open_catalogue(env)
    if catalogue is None:
        return ExitStatus.INVALID
    try:
        programme, problems = load(disk.read_text(path), str(path), catalogue)
    except (OSError, ValueError) as error:
        env.stderr.write(f"backbeat programme show: {path}: cannot be read ({error})\n")
        return ExitStatus.INVALID
    if programme is None:
        for problem in problems:
            env.stderr.write(f"{problem}\n")
        return ExitStatus.INVALID
    if args.json:
        env.stdout.write(dump(programme))
    elif args.fhir:
        from backbeat.clinic.fhir import plan_definition

        env.stdout.write(json_text(plan_definition(programme, catalogue)))
    else:
        env.stdout.write("".join(f"{line}\n" for line in summary(programme)))
    return ExitStatus.OK
