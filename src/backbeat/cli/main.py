"""The program: ``program(argv, env) -> ExitStatus``, and the console entry point around it.

Imports happen inside the functions: ``backbeat --version`` answers before the parser, the
environment object or any command module is loaded, so it starts nearly as fast as Python itself.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from backbeat.context import Env
    from backbeat.status import ExitStatus


def program(argv: Sequence[str], env: Env) -> ExitStatus:
    """Run one command; every outcome, errors included, is an exit status and never a traceback."""
    import importlib

    from backbeat.cli.definition import UsageExit, build
    from backbeat.status import ExitStatus

    parser = build(env.stdout, env.stderr)
    try:
        args = parser.parse_args(list(argv))
    except UsageExit as exit_:
        return ExitStatus.OK if exit_.status == 0 else ExitStatus.USAGE
    target = getattr(args, "handler", None)
    if not isinstance(target, str):
        parser.print_help(env.stdout)
        return ExitStatus.USAGE
    module, _, name = target.partition(":")
    handler: Callable[..., ExitStatus] = getattr(importlib.import_module(module), name)
    try:
        return handler(args, env)
    except KeyboardInterrupt:
        env.stderr.write("\nbackbeat: stopped.\n")
        return ExitStatus.INVALID
    except BrokenPipeError:
        return ExitStatus.OK


def run() -> None:
    """Console-script entry point."""
    if sys.argv[1:] == ["--version"]:
        from backbeat import __version__

        sys.stdout.write(f"backbeat {__version__}\n")
        sys.exit(0)
    from backbeat.context import Env

    sys.exit(int(program(sys.argv[1:], Env.from_os())))
