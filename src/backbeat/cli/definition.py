"""The command line, declared once: parsing, ``--help`` and the README reference all come from here.

Handlers are named as ``module:function`` strings and imported only when their command runs, so
``backbeat --version`` never pays for the catalogue, pydantic or Rich.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
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
    show.add_argument(
        "--frames",
        type=_count("frames", 1000),
        metavar="N",
        help="with --json: N evenly spaced frames of one whole repetition (1-1000)",
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
    init = commands.add_parser(
        "init",
        help="answer a few questions to make your profile",
        description="A short questionnaire, safety questions first, that writes your profile "
        "to $BACKBEAT_HOME/profile.toml. Exits 3 when an answer needs a clinician first.",
    )
    init.add_argument("--profile", metavar="FILE", help="write here instead of your profile")
    init.add_argument("--force", action="store_true", help="replace an existing profile")
    init.set_defaults(handler="backbeat.cli.init:init")

    plan = commands.add_parser(
        "plan",
        help="your plan: small movements fitted into your day",
        description="Build your plan from your profile and history. Exits 3 with a referral "
        "instead of a plan when a red-flag answer needs a clinician.",
    )
    plan.add_argument("--profile", metavar="FILE", help="profile TOML (default: your profile)")
    plan.add_argument(
        "--history", metavar="FILE.jsonl", help="history records (default: your journal)"
    )
    plan.add_argument(
        "--start",
        type=_plan_day,
        metavar="YYYY-MM-DD",
        help="first day (default: today's plan day)",
    )
    plan.add_argument("--days", type=_days, default=1, metavar="N", help="how many days (1-366)")
    plan.add_argument("--json", action="store_true", help="print the plan as JSON")
    plan.add_argument(
        "--explain", action="store_true", help="say what changed since last week and why"
    )
    plan.set_defaults(handler="backbeat.cli.plan:plan")

    session = commands.add_parser(
        "session",
        help="a guided session: timed, spoken cues, then a check-in",
        description="Play movements (or a slot of today's plan) as a paced session of short "
        "cues. Keys: space pauses, s skips a movement, h says it hurts (stops it and offers a "
        "gentler one), q ends early. Exits 2 for an unknown movement, 3 with a referral.",
    )
    session.add_argument("moves", nargs="*", metavar="MOVE", help="movement ids, played in order")
    session.add_argument(
        "--slot",
        metavar="MOMENT",
        help="play that slot of today's plan: morning, waking, bedtime, evening, desk, ...",
    )
    _playing(session)
    session.set_defaults(handler="backbeat.cli.session:session")

    now = commands.add_parser(
        "now",
        help="play what your plan has due now (or a 2-minute micro-break)",
        description="Play the slot of today's plan that is due now, or the next one. With no "
        "profile, a 2-minute micro-break of two gentle micromovements.",
    )
    now.add_argument("--place", choices=PLACES, help="where you are now (default: desk)")
    _playing(now)
    now.set_defaults(handler="backbeat.cli.session:now")

    log = commands.add_parser(
        "log",
        help="record how one movement went",
        description="Add a movement check-in to your journal. A pain score outside 0-10, an "
        "unknown movement or a bad date exits 1.",
    )
    log.add_argument("move", metavar="MOVE", help="the movement's id")
    log.add_argument("--pain-during", metavar="N", help="pain during it, 0-10 (required)")
    log.add_argument("--pain-after", metavar="N", help="pain after it, 0-10")
    log.add_argument("--sharp", action="store_true", help="sharp, shooting or down a leg")
    log.add_argument("--difficulty", choices=("easy", "ok", "hard"), help="how hard it felt")
    log.add_argument("--at", metavar="ISO", help="when (default: now; local time without a zone)")
    log.set_defaults(handler="backbeat.cli.journal:log")

    morning = commands.add_parser(
        "checkin",
        help="record how your back feels this morning",
        description="Add a morning check-in to your journal.",
    )
    morning.add_argument("--pain", metavar="N", help="pain on waking, 0-10 (required)")
    morning.add_argument("--stiffness", metavar="N", help="stiffness on waking, 0-10")
    morning.add_argument("--at", metavar="ISO", help="when (default: now)")
    morning.set_defaults(handler="backbeat.cli.journal:checkin")

    review = commands.add_parser(
        "review",
        help="the weekly review: three questions about your week",
        description="Answer the weekly review: your usual pain this week, how much it got in "
        "the way of daily life, and how well you managed one activity that matters to you, each "
        "0-10. Questions are asked for any answer not given as a flag.",
    )
    review.add_argument("--pain", metavar="N", help="usual pain this week, 0-10")
    review.add_argument(
        "--interference", metavar="N", help="how much pain got in the way of daily life, 0-10"
    )
    review.add_argument(
        "--activity", metavar="TEXT", help="one activity that matters to you (default: last one)"
    )
    review.add_argument(
        "--ability", metavar="N", help="how well you managed that activity this week, 0-10"
    )
    review.add_argument("--at", metavar="ISO", help="when (default: now)")
    review.add_argument(
        "--red-flag",
        action="append",
        default=[],
        metavar="KEY",
        choices=_screen_keys(),
        help="a safety answer that is new since last time (repeatable; any [screen] key)",
    )
    review.set_defaults(handler="backbeat.cli.review:review")

    export = commands.add_parser(
        "export",
        help="write your whole journal to a JSON file",
        description="Write every record in your journal to FILE.json (- for standard output), "
        "with the format's version, oldest first.",
    )
    export.add_argument("file", metavar="FILE.json", help="where to write it")
    export.set_defaults(handler="backbeat.cli.transfer:export")

    bring = commands.add_parser(
        "import",
        help="add the records of an exported JSON file to your journal",
        description="Add every record of FILE.json (made by `backbeat export`) to your journal, "
        "all in one go or not at all. Records already there are not added twice.",
    )
    bring.add_argument("file", metavar="FILE.json", help="the file to read (- for standard input)")
    bring.set_defaults(handler="backbeat.cli.transfer:bring_in")

    past = commands.add_parser(
        "history",
        help="everything in your journal, newest first",
        description="List your journal's records, newest first, each with its id (for "
        "`backbeat forget` and `backbeat correct`).",
    )
    past.add_argument("--since", type=_date, metavar="YYYY-MM-DD", help="only from this day on")
    past.add_argument(
        "--json", action="store_true", help='a JSON list of history records, each with its "id"'
    )
    past.set_defaults(handler="backbeat.cli.journal:history")

    gone = commands.add_parser(
        "forget",
        help="delete one record from your journal (undo puts it back)",
        description="Delete the record with this id (`backbeat history` shows ids; the first 4 "
        "or more characters are enough). The journal keeps a note of the deletion, so an "
        "export carries it and `backbeat undo` puts the record back. An unknown id exits 1.",
    )
    gone.add_argument("id", metavar="ID", help="the record's id")
    gone.set_defaults(handler="backbeat.cli.changes:forget")

    fix = commands.add_parser(
        "correct",
        help="correct a movement or morning check-in",
        description="Correct one check-in: give the fields to change, as `log` and `checkin` "
        "take them. The journal keeps the record as it was beside the correction; `backbeat "
        "undo` takes the correction back. A flag that does not belong to the record exits 1.",
    )
    fix.add_argument("id", metavar="ID", help="the record's id")
    fix.add_argument("--pain-during", metavar="N", help="pain during the movement, 0-10")
    fix.add_argument("--pain-after", metavar="N", help="pain after the movement, 0-10")
    fix.add_argument(
        "--sharp",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="whether anything was sharp, shooting or down a leg",
    )
    fix.add_argument("--difficulty", choices=("easy", "ok", "hard"), help="how hard it felt")
    fix.add_argument("--pain", metavar="N", help="morning pain, 0-10")
    fix.add_argument("--stiffness", metavar="N", help="morning stiffness, 0-10")
    fix.add_argument("--at", metavar="ISO", help="when it was (local time without a zone)")
    fix.set_defaults(handler="backbeat.cli.changes:correct")

    back = commands.add_parser(
        "undo",
        help="take back your last entry, deletion or correction",
        description="Take back the last change to your journal: a deletion or correction is "
        "undone (the record is put back), otherwise your last entry (a log, check-in, session "
        "or review, with every record it added) is deleted. Running it again undoes the undo.",
    )
    back.set_defaults(handler="backbeat.cli.changes:undo")

    progress = commands.add_parser(
        "progress",
        help="how it is going: movements done, pain over the weeks, what suits you",
        description="Show your progress from your journal: movements done against your plan "
        "and your streaks, your pain day by day and as a 7-day average, and how each movement "
        "went. A chart file other than .png or .svg, or one that cannot be written, exits 1.",
    )
    progress.add_argument("--weeks", type=_weeks, metavar="N", help="how many weeks (1-520; 4)")
    progress.add_argument("--json", action="store_true", help="print the progress as JSON")
    progress.add_argument(
        "--chart", metavar="FILE.png|FILE.svg", help="also draw the progress into an image file"
    )
    progress.set_defaults(handler="backbeat.cli.progress:progress")
    _remind(commands)
    _programme(commands)
    _clinic(commands)

    web = commands.add_parser(
        "serve",
        help="the web app in your browser, on this machine",
        description="Serve the web app (today, guided sessions, your plan, the catalogue, "
        "journal and settings) at http://127.0.0.1:8765/ and open it in your browser. "
        "Another --host serves beyond this machine, behind a login token printed at start.",
    )
    web.add_argument(
        "--host", default="127.0.0.1", metavar="H", help="the address to serve on (127.0.0.1)"
    )
    web.add_argument(
        "--port", type=_port, default=8765, metavar="N", help="the port (8765; 0: any free one)"
    )
    web.add_argument("--no-browser", action="store_true", help="do not open a browser")
    web.set_defaults(handler="backbeat.cli.serve:serve")
    return root


def _remind(commands: argparse._SubParsersAction[Parser]) -> None:
    """``remind`` (and ``remind pause``) and ``calendar``: the plan through the day."""
    remind = commands.add_parser(
        "remind",
        help="reminders at your plan's moments, as desktop notifications",
        description="Remind you at your plan's slots with desktop notifications (Start, Snooze, "
        "Skip, Done), or a bell and a line in this terminal where there are none. Runs until "
        "stopped; --once looks once. Exits 3 with a referral.",
    )
    what = remind.add_mutually_exclusive_group()
    what.add_argument("--dry-run", action="store_true", help="list the day's reminders and stop")
    what.add_argument(
        "--once", action="store_true", help="deliver what is due now, wait a minute for answers"
    )
    what.add_argument("--install", action="store_true", help="start reminders with your session")
    what.add_argument("--uninstall", action="store_true", help="undo --install")
    remind.add_argument("--profile", metavar="FILE", help="profile TOML (default: your profile)")
    remind.add_argument(
        "--date",
        type=_plan_day,
        metavar="YYYY-MM-DD",
        help="with --dry-run: that day (default: today)",
    )
    remind.add_argument("--json", action="store_true", help="with --dry-run: print a JSON list")
    remind.set_defaults(handler="backbeat.cli.remind:remind", history=None)
    remind_actions = remind.add_subparsers(dest="remind_action", metavar="ACTION")
    pause = remind_actions.add_parser(
        "pause",
        help="no reminders for a while: 30m, 1h, 2d, tomorrow; off ends a pause",
        description="Pause reminders for a length of time (30m, 1h, 1h30m, 2d, up to 7 days), "
        "until tomorrow (your next waking), or end a pause with off. A bad length exits 1.",
    )
    pause.add_argument("duration", metavar="DURATION", help="30m, 1h, 1h30m, 2d, tomorrow or off")
    pause.set_defaults(handler="backbeat.cli.remind:pause")

    calendar = commands.add_parser(
        "calendar",
        help="your plan as a calendar file (.ics) to import",
        description="Write your plan as an iCalendar file: one event per slot with an alarm at "
        "its time. Importing a newer file updates the events instead of adding copies. Exits 3 "
        "with a referral.",
    )
    calendar.add_argument("file", metavar="FILE.ics", help="the file to write")
    calendar.add_argument("--profile", metavar="FILE", help="profile TOML (default: your profile)")
    calendar.add_argument(
        "--start",
        type=_plan_day,
        metavar="YYYY-MM-DD",
        help="first day (default: today's plan day)",
    )
    calendar.add_argument("--days", type=_days, default=7, metavar="N", help="how many (1-366)")
    calendar.add_argument(
        "--main",
        action="store_true",
        help="the main slots only, with alarms; a day's work breaks as one all-day note",
    )
    calendar.set_defaults(handler="backbeat.cli.calendar:calendar", history=None)


def _programme(commands: argparse._SubParsersAction[Parser]) -> None:
    """``programme import`` and ``programme show``: a clinician's programme on this machine."""
    programme = commands.add_parser(
        "programme",
        help="a programme from your clinician: your plan follows it",
        description="Bring in a programme file from your clinician (format backbeat-programme) "
        "or show the one you follow. The red-flag screen still comes first.",
    )
    actions = programme.add_subparsers(dest="programme_action", metavar="ACTION")
    bring = actions.add_parser(
        "import",
        help="follow a programme file (replaces the one you follow)",
        description="Check a programme file and keep it beside your profile; from then on your "
        "plan follows it. A bad file is refused with every problem named and changes nothing.",
    )
    bring.add_argument("file", metavar="FILE", help="the programme file (- for standard input)")
    bring.set_defaults(handler="backbeat.cli.programme:bring_in")
    show = actions.add_parser(
        "show",
        help="the programme you follow",
        description="Show the programme you follow; exits 1 when there is none.",
    )
    form = show.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true", help="the programme file itself")
    form.add_argument("--fhir", action="store_true", help="as HL7 FHIR R4 (a PlanDefinition, JSON)")
    show.set_defaults(handler="backbeat.cli.programme:show")


def _clinic(commands: argparse._SubParsersAction[Parser]) -> None:
    """``clinic migrate``, ``clinic add-clinician`` and ``clinic serve``: the clinic server."""
    clinic = commands.add_parser(
        "clinic",
        help="run a clinic server: clinicians prescribe, patients follow (PostgreSQL)",
        description="Run backbeat for a clinic on one PostgreSQL database: bring its schema up "
        "to date, add clinicians, and serve it. See the README's For clinics.",
    )
    actions = clinic.add_subparsers(dest="clinic_action", metavar="ACTION")
    migrate = actions.add_parser(
        "migrate",
        help="bring the clinic's database schema up to date",
        description="Create or upgrade the clinic's tables (its own Alembic history).",
    )
    add = actions.add_parser(
        "add-clinician",
        help="add a clinician and print their one-time set-up link",
        description="Add a clinician to a clinic (made when new; the first clinician of a "
        "clinic is its admin) and print a one-time /setup/<token> link, valid 24 hours.",
    )
    add.add_argument("email", metavar="EMAIL", help="the clinician's e-mail address")
    add.add_argument("--clinic", required=True, metavar="NAME", help="the clinic's name")
    serve = actions.add_parser(
        "serve",
        help="serve the clinic's web API",
        description="Serve the clinic's API at /api/v1/ from the database; every worker is "
        "stateless, so several can share the load. SQLite is refused.",
    )
    serve.add_argument(
        "--host", default="127.0.0.1", metavar="H", help="the address to serve on (127.0.0.1)"
    )
    serve.add_argument("--port", type=_port, default=8780, metavar="P", help="the port (8780)")
    serve.add_argument(
        "--workers", type=_count("workers", 64), default=1, metavar="N", help="processes (1)"
    )
    serve.add_argument(
        "--trusted-proxy",
        action="append",
        default=[],
        metavar="ADDRESS",
        help="a reverse proxy whose X-Forwarded-Proto is believed (repeatable)",
    )
    for command, name in ((migrate, "migrate"), (add, "add_clinician"), (serve, "serve")):
        command.add_argument(
            "--db", required=True, metavar="URL", help="the clinic's PostgreSQL database URL"
        )
        command.set_defaults(handler=f"backbeat.cli.clinic:{name}")


def _playing(command: argparse.ArgumentParser) -> None:
    """The options shared by every command that plays a session."""
    command.add_argument(
        "--dry-run", action="store_true", help="print the timeline instead of playing it"
    )
    command.add_argument("--json", action="store_true", help="with --dry-run: print it as JSON")
    command.add_argument(
        "--plain", action="store_true", help="one line per cue: for screen readers and pipes"
    )
    command.add_argument(
        "--speed", type=_speed, default=1.0, metavar="X", help="play X times faster (demos, tests)"
    )
    command.add_argument("--voice", action="store_true", help="speak the cues (espeak-ng)")
    command.add_argument("--no-checkin", action="store_true", help="skip the questions after")
    command.add_argument("--profile", metavar="FILE", help="profile TOML (default: your profile)")
    command.add_argument(
        "--history", metavar="FILE.jsonl", help="history records (default: your journal)"
    )


def _screen_keys() -> tuple[str, ...]:
    from backbeat.safety.wording import QUESTIONS

    return tuple(QUESTIONS)


def _date(text: str) -> date:
    from backbeat.inputs import parse_date

    try:
        return parse_date(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _plan_day(text: str) -> date:
    from backbeat.inputs import parse_plan_day

    try:
        return parse_plan_day(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _speed(text: str) -> float:
    from backbeat.inputs import parse_speed

    try:
        return parse_speed(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _count(unit: str, most: int) -> Callable[[str], int]:
    """A parser for a whole number of ``unit`` from 1 to ``most``."""

    def parse(text: str) -> int:
        if not text.isdigit() or not 1 <= int(text) <= most:
            raise argparse.ArgumentTypeError(
                f"{text!r} is not a number of {unit} (allowed: 1 to {most})"
            )
        return int(text)

    return parse


_days = _count("days", 366)
_weeks = _count("weeks", 520)


def _port(text: str) -> int:
    if not text.isdigit() or not 0 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port (allowed: 0 to 65535)")
    return int(text)
