"""The program: ``program(argv, env) -> ExitStatus``, and the console entry point around it."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Sequence
from typing import cast

from backbeat.cli.definition import UsageExit, build
from backbeat.cli.env import Env
from backbeat.status import ExitStatus

Handler = Callable[..., ExitStatus]


def program(argv: Sequence[str], env: Env) -> ExitStatus:
    """Run one command; every outcome, errors included, is an exit status and never a traceback."""
    parser = build(env.stdout, env.stderr)
    try:
        args = parser.parse_args(list(argv))
    except UsageExit as exit_:
        return ExitStatus(exit_.status) if exit_.status in (0, 2) else ExitStatus.USAGE
    target = getattr(args, "handler", None)
    if target is None:
        parser.print_help(env.stdout)
        return ExitStatus.USAGE
    module, _, name = cast(str, target).partition(":")
    handler = cast(Handler, getattr(importlib.import_module(module), name))
    try:
        return handler(args, env)
    except KeyboardInterrupt:
        env.stderr.write("\nbackbeat: stopped.\n")
        return ExitStatus.INVALID
    except BrokenPipeError:
        return ExitStatus.OK


def run() -> None:
    """Console-script entry point."""
    sys.exit(int(program(sys.argv[1:], Env.from_os())))
