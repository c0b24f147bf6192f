"""``backbeat catalog check PATH``."""

from __future__ import annotations

import argparse
from pathlib import Path

from backbeat.catalog.loader import check as check_files
from backbeat.context import Env
from backbeat.status import ExitStatus


def check(args: argparse.Namespace, env: Env) -> ExitStatus:
    """Validate movement files; list every problem, one per line, and exit 1 if there are any."""
    path = Path(args.path)
    if not path.exists():
        env.stdout.write(f"{path}: (file): does not exist (allowed: a .toml file or a folder)\n")
        return ExitStatus.INVALID
    count, problems = check_files([path])
    if count == 0:
        env.stdout.write(f"{path}: (file): holds no .toml movement files\n")
        return ExitStatus.INVALID
    for problem in problems:
        env.stdout.write(f"{problem}\n")
    files = "file" if count == 1 else "files"
    if problems:
        bad = len({p.file for p in problems})
        env.stderr.write(f"{len(problems)} problem(s) in {bad} of {count} {files}.\n")
        return ExitStatus.INVALID
    env.stderr.write(f"{count} movement {files} checked: all valid.\n")
    return ExitStatus.OK
