"""The command line, declared once: parsing, ``--help`` and the README reference all come from here.

Handlers are named as ``module:function`` strings and imported only when their command runs, so
``backbeat --version`` never pays for the catalogue, pydantic or Rich.
"""

from __future__ import annotations

import argparse
import sys
from typing import IO, Any, NoReturn

from backbeat import __version__
from backbeat.catalog.vocabulary import KINDS, PLACES, POSITIONS, REGIONS


class UsageExit(Exception):
    """argparse wanted to exit; carries the status so ``program`` can return it."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class Parser(argparse.ArgumentParser):
    """An ArgumentParser that writes to its class's streams and never calls ``sys.exit``.

    ``build`` makes a subclass bound to one command's streams; nested sub-commands inherit it.
    """

    _streams: tuple[IO[str], IO[str]] = (sys.stdout, sys.stderr)

    def _print_message(self, message: str, file: Any = None) -> None:
        if message:
            out, err = self._streams
            (err if file is sys.stderr or file is err else out).write(message)

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:
            self._streams[1].write(message)
        raise UsageExit(status)

    def error(self, message: str) -> NoReturn:
        self.print_usage(self._streams[1])
        self.exit(2, f"{self.prog}: error: {message}\n")


def build(stdout: IO[str], stderr: IO[str]) -> Parser:
    """The whole command tree."""

    parser_class: type[Parser] = type("BoundParser", (Parser,), {"_streams": (stdout, stderr)})
    root = parser_class(
        prog="backbeat",
        description="Gentle movement for everyday lower back pain, fitted into your day.",
        epilog="backbeat guides gentle movement; it is not a diagnosis or treatment. "
        "See a clinician for severe, unusual or worsening pain.",
    )
    root.add_argument("--version", action="version", version=f"backbeat {__version__}")
    commands = root.add_subparsers(dest="command", metavar="COMMAND")

    moves = commands.add_parser(
        "moves",
        help="browse the movement catalogue",
        description="List the movements backbeat knows, optionally filtered.",
    )
    moves.add_argument("--place", choices=PLACES, help="only movements you can do there")
    moves.add_argument("--position", choices=POSITIONS, help="only movements in this position")
    moves.add_argument("--region", choices=REGIONS, help="only movements for this body region")
    moves.add_argument("--kind", choices=KINDS, help="only movements of this kind")
    moves.add_argument("--json", action="store_true", help="print a JSON list instead of a table")
    moves.set_defaults(handler="backbeat.cli.moves:list_moves")
    moves_actions = moves.add_subparsers(dest="moves_action", metavar="ACTION")
    show = moves_actions.add_parser(
        "show",
        help="one movement in full: cues, dose, variations, cautions",
        description="Show one movement in full.",
    )
    show.add_argument("id", metavar="ID", help="the movement's id, e.g. knees-to-chest")
    show.add_argument("--json", action="store_true", help="print the whole entry as JSON")
    show.add_argument(
        "--svg", metavar="FILE", help="also draw the movement's keyframes into an SVG file"
    )
    show.set_defaults(handler="backbeat.cli.moves:show_move")

    catalog = commands.add_parser(
        "catalog", help="work with movement files", description="Work with movement files."
    )
    catalog_actions = catalog.add_subparsers(dest="catalog_action", metavar="ACTION", required=True)
    check = catalog_actions.add_parser(
        "check",
        help="validate movement files against the schema and the catalogue",
        description="Validate one movement TOML file, or a folder of them. Exits 0 when every "
        "file is valid, 1 when any problem was found (each listed as FILE: field: problem).",
    )
    check.add_argument("path", metavar="PATH", help="a .toml file or a folder of them")
    check.set_defaults(handler="backbeat.cli.catalog_check:check")
    return root
