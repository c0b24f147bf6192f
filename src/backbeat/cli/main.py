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
    try:
        handler: Callable[..., ExitStatus] = getattr(importlib.import_module(module), name)
        return handler(args, env)
    except KeyboardInterrupt:
        env.stderr.write("\nbackbeat: stopped.\n")
        return ExitStatus.INVALID
    except BrokenPipeError:
        return ExitStatus.OK
    except Exception as error:  # the promise: one clear sentence, never a traceback
        return _stopped(error, env)


def _stopped(error: Exception, env: Env) -> ExitStatus:
    """The outermost guard. A fault of the disk (a full disk, a read-only folder, a folder or a
    missing file where a file should be) is named with its file and why; anything else is a
    mistake in backbeat, said in one sentence with the way to see its details."""
    import traceback

    from backbeat.context import fault_sentence
    from backbeat.status import ExitStatus

    if env.environ.get("BACKBEAT_TRACEBACK"):
        env.stderr.write("".join(traceback.format_exception(error)))
    said = fault_sentence(env, error)
    if said is None:
        said = (
            f"something went wrong and the command stopped ({type(error).__name__}); run it "
            "again with BACKBEAT_TRACEBACK=1 to see the details, and please report them"
        )
    env.stderr.write(f"backbeat: {said}.\n")
    return ExitStatus.INVALID


def run() -> None:
    """Console-script entry point."""
    if sys.argv[1:] == ["--version"]:
        from backbeat import __version__

        sys.stdout.write(f"backbeat {__version__}\n")
        sys.exit(0)
    from backbeat.context import Env

    sys.exit(int(program(sys.argv[1:], Env.from_os())))
