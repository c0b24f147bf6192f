"""``backbeat session`` and ``backbeat now``: choose the movements, play their timeline, and
ask how it went. The choosing, the timeline and the check-in's rules are the core's."""

from __future__ import annotations

import argparse
import json
import time
import uuid
from collections.abc import Callable
from contextlib import ExitStack, suppress
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from backbeat import disk, inputs
from backbeat.catalog.catalogue import Catalogue
from backbeat.catalog.schema import Movement
from backbeat.cli.ask import ask
from backbeat.cli.catalogue import hint
from backbeat.cli.plan import load_history, profile_path
from backbeat.context import Env, open_catalogue
from backbeat.json_text import json_text
from backbeat.plan.profile import Profile
from backbeat.plan.profile_file import profile_state
from backbeat.plan.today import Today, today
from backbeat.records import Record, as_json
from backbeat.session import checkin
from backbeat.session.choose import (
    DEFAULT_PLACE,
    Asking,
    AskMoves,
    AskNow,
    AskSlot,
    Chosen,
    NotFound,
    Resting,
    choose,
)
from backbeat.session.gate import Refusal
from backbeat.session.timeline import Step, Timeline, build
from backbeat.status import ExitStatus
from backbeat.words import listing

if TYPE_CHECKING:
    from backbeat.session.player import Outcome
    from backbeat.session.terminal import RichFace
    from backbeat.session.voice import SpeechVoice

T = TypeVar("T")


def session(args: argparse.Namespace, env: Env) -> ExitStatus:
    catalogue = open_catalogue(env)
    if catalogue is None:
        return ExitStatus.INVALID
    if args.slot and args.moves:
        env.stderr.write("backbeat session: give movements or --slot, not both\n")
        return ExitStatus.USAGE
    if not args.slot and not args.moves:
        env.stderr.write(
            "backbeat session: name at least one movement (see `backbeat moves`), "
            "or --slot morning|waking|bedtime|evening|desk\n"
        )
        return ExitStatus.USAGE
    asking = AskSlot(args.slot) if args.slot else AskMoves(tuple(args.moves))
    chosen = _choose(asking, args, env, catalogue)
    if isinstance(chosen, ExitStatus):
        return chosen
    slot = chosen.slot.id if chosen.slot is not None else None
    return _run(list(chosen.steps), args, env, catalogue, slot=slot)


def now(args: argparse.Namespace, env: Env) -> ExitStatus:
    catalogue = open_catalogue(env)
    if catalogue is None:
        return ExitStatus.INVALID
    chosen = _choose(AskNow(args.place), args, env, catalogue)
    if isinstance(chosen, ExitStatus):
        return chosen
    slot, found = chosen.slot, chosen.today
    place = args.place or DEFAULT_PLACE
    if slot is not None:
        env.stderr.write(f"Your {slot.time} {slot.moment} slot ({slot.place}).\n")
    elif found is not None:
        env.stderr.write(
            f"Nothing more is due at {place} in today's plan: here is an extra micro-break.\n"
            if any(args.place in (None, s.place) for s in found.day.slots)
            else f"Today's plan has nothing at {place}: here is a short micro-break.\n"
        )
    else:
        env.stderr.write(
            "No profile yet, so here is a 2-minute micro-break. "
            "Run `backbeat init` for a plan fitted to your day.\n"
        )
    return _run(
        list(chosen.steps), args, env, catalogue, slot=slot.id if slot is not None else None
    )


REFUSED = {
    "referral": ExitStatus.REFERRAL,
    "invalid": ExitStatus.INVALID,
    "missing": ExitStatus.USAGE,
}


class _Stopped(Exception):
    """The history could not be read (already said why): exit with ``status``."""

    def __init__(self, status: ExitStatus) -> None:
        super().__init__(status)
        self.status = status


def _choose(
    asking: Asking, args: argparse.Namespace, env: Env, catalogue: Catalogue
) -> Chosen | ExitStatus:
    """What to play, chosen by the core as every face chooses it (the session gate first), or
    the status to exit with after saying why not."""
    path = profile_path(args, env)
    if args.profile and not path.exists():
        env.stderr.write(f"backbeat: {path}: no such profile file\n")
        return ExitStatus.INVALID
    state = profile_state(path, catalogue)

    def today_of(profile: Profile) -> Today:
        history = load_history(args, env)
        if isinstance(history, ExitStatus):
            raise _Stopped(history)
        return today(profile, catalogue, history, env.clock())

    try:
        chosen = choose(asking, state, catalogue, today_of, env.clock())
    except _Stopped as stopped:
        return stopped.status
    if isinstance(chosen, Refusal):
        for problem in chosen.problems:
            env.stderr.write(f"{problem}\n")
        (env.stdout if chosen.why == "referral" else env.stderr).write(f"{chosen.message}\n")
        return REFUSED[chosen.why]
    if isinstance(chosen, NotFound):
        env.stderr.write(_not_found(chosen, catalogue))
        return ExitStatus.INVALID if chosen.what == "place" else ExitStatus.USAGE
    if isinstance(chosen, Resting):
        env.stdout.write(
            f"Nothing is due in your sleeping hours; your day starts at {chosen.wake:%H:%M}. "
            "If your back keeps you awake, slow breathing lying on your back may help: "
            "`backbeat session belly-breathing`.\n"
        )
        return ExitStatus.OK
    return chosen


def _not_found(missing: NotFound, catalogue: Catalogue) -> str:
    name = missing.name
    if missing.what == "move":
        return f"backbeat: unknown movement {name!r}{hint(catalogue, name)}\n"
    if missing.what == "place":
        return f"backbeat now: no gentle movement in the catalogue for {name}\n"
    have = listing(sorted({s.moment for s in missing.slots})) or "no slots"
    return f"backbeat session: --slot {name}: today's plan has no {name} slot (today has: {have})\n"


def _run(
    steps: list[Step],
    args: argparse.Namespace,
    env: Env,
    catalogue: Catalogue,
    *,
    slot: str | None = None,
) -> ExitStatus:
    timeline = build(steps).scaled(args.speed)
    if args.dry_run:
        if args.json:
            env.stdout.write(json_text(timeline.as_json()))
        else:
            _print_timeline(timeline, env)
        return ExitStatus.OK
    plain = args.plain or not env.stdout.isatty()
    cautions = list(dict.fromkeys(c for s in steps for c in s.movement.cautions))
    for caution in cautions:
        env.stdout.write(f"caution: {caution}\n" if plain else f"  ! {caution}\n")
    env.stdout.flush()
    started = env.clock()
    planned = [step.movement.id for step in steps]
    key = None if args.history else uuid.uuid4().hex
    keep = None if key is None else _keeping(env, planned, slot, started, key)
    outcome = _play(timeline, args, env, catalogue, plain=plain, on_change=keep)
    ended = env.clock()
    if not outcome.started and not outcome.hurt:
        return ExitStatus.OK
    answers = None
    if not args.no_checkin:
        answers = _ask(env)
    held = checkin.session_record(outcome, planned, slot, started, ended, key=key)
    records = checkin.records(outcome, answers, env.clock(), key)
    where = _save([held, *records], args, env)
    if where is None:
        return ExitStatus.INVALID
    told = f"{len(records)} check-in record(s) and the session" if records else "the session"
    _say(env, f"Saved {told} to {where}.")
    for line in checkin.advice(outcome, answers):
        _say(env, line)
    return ExitStatus.OK


def _keeping(
    env: Env, planned: list[str], slot: str | None, started: datetime, key: str
) -> Callable[[Outcome], None]:
    """Save the session to the journal each time something happens in it (unfinished until the
    end), so that closing the terminal halfway keeps what was done. A save that cannot be made
    now is left to the next one, and to the end's, which says so if it fails too."""
    from sqlalchemy.exc import SQLAlchemyError

    from backbeat.context import open_journal
    from backbeat.journal.db import Busy

    journal = open_journal(env)

    def keep(outcome: Outcome) -> None:
        if journal is None:
            return
        now = env.clock()
        held = checkin.session_record(
            outcome, planned, slot, started, now, key=key, unfinished=True
        )
        with suppress(Busy, SQLAlchemyError, OSError):
            journal.add([held, *checkin.records(outcome, None, now, key)], added=now)

    return keep


def _say(env: Env, text: str) -> None:
    """A paragraph, wrapped between words at a terminal's width."""
    if env.stdout.isatty():
        import shutil
        import textwrap

        text = textwrap.fill(text, width=min(shutil.get_terminal_size().columns, 100) - 1)
    env.stdout.write(f"{text}\n")


def _play(
    timeline: Timeline,
    args: argparse.Namespace,
    env: Env,
    catalogue: Catalogue,
    *,
    plain: bool,
    on_change: Callable[[Outcome], None] | None = None,
) -> Outcome:
    """Play with the right face, keys and voice for where we are; Ctrl-C ends early, keeping
    what was done."""
    from backbeat.session.keys import NoKeys, TerminalKeys
    from backbeat.session.plain import PlainFace
    from backbeat.session.player import Player

    voice = _voice(args, env)
    face: PlainFace | RichFace
    if plain:
        face = PlainFace(env.stdout)
    else:
        from backbeat.cli.console import console
        from backbeat.session.terminal import RichFace

        face = RichFace(console(env), timeline=timeline)
    keys = TerminalKeys(env.stdin) if env.stdin.isatty() else NoKeys()

    def easier(movement: Movement) -> Movement | None:
        return catalogue.first(movement.easier)

    player = Player(timeline, face, keys, time.monotonic, easier=easier, voice=voice)
    player.outcome.on_change = on_change
    with ExitStack() as stack:
        stack.enter_context(keys)
        stack.enter_context(face)
        if voice is not None:
            stack.callback(voice.close)
        try:
            return player.play()
        except KeyboardInterrupt:
            player.outcome.ended_early = True
            face.finish(player.outcome)
            return player.outcome


def _voice(args: argparse.Namespace, env: Env) -> SpeechVoice | None:
    if not args.voice:
        return None
    from backbeat.session.voice import SpeechVoice, find_engine

    command = find_engine()
    if command is None:
        env.stderr.write(
            "backbeat: --voice: no speech engine found (looked for espeak-ng, espeak, spd-say "
            "and say). Install espeak-ng to hear the cues; going on without a voice.\n"
        )
        return None
    return SpeechVoice(command)


def _ask(env: Env) -> checkin.CheckIn | None:
    """The three check-in questions; None when input ends, an answer stays unclear, or the
    person presses Ctrl-C (what the session recorded on its own is still saved)."""
    env.stdout.write(f"\n{checkin.HEADING}\n")
    try:
        answers = _answers(env)
    except KeyboardInterrupt:
        env.stdout.write("\n")
        answers = None
    if answers is None:
        env.stdout.write("Check-in skipped: nothing was recorded about pain.\n")
    return answers


def _answers(env: Env) -> checkin.CheckIn | None:
    pain = ask(env, checkin.PAIN_QUESTION, inputs.parse_pain)
    if pain is None:
        return None
    after = ask(env, checkin.AFTER_QUESTION, inputs.parse_pain)
    if after is None:
        return None
    sharp = ask(env, checkin.SHARP_QUESTION, inputs.parse_yes_no)
    if sharp is None:
        return None
    effort = ask(env, checkin.EFFORT_QUESTION, inputs.parse_difficulty)
    return None if effort is None else checkin.CheckIn(pain, sharp, effort, after)


def _save(records: list[Record], args: argparse.Namespace, env: Env) -> str | None:
    """Into ``--history FILE.jsonl`` when given (appended, never rewritten), else the journal.
    Returns where, or None after saying why it failed."""
    if not args.history:
        from backbeat.context import open_journal
        from backbeat.journal.db import PATIENT_WAIT_S, Busy

        journal = open_journal(env)
        if journal is None:
            return None
        try:  # a session done cannot be sent again: this write waits longer than most
            journal.add(records, wait=PATIENT_WAIT_S, added=env.clock())
        except Busy as busy:
            env.stderr.write(f"backbeat: the check-in could not be saved: {busy}.\n")
            return None
        return "your journal"
    path = Path(args.history)
    lines = "".join(json.dumps(as_json(r)) + "\n" for r in records)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a+b", buffering=0) as file:
            end = file.seek(0, 2)
            if end:
                file.seek(-1, 2)
                if file.read(1) != b"\n":
                    lines = "\n" + lines
            data, written = lines.encode(), 0
            try:
                while written < len(data):
                    written += file.write(data[written:]) or 0
            except OSError:
                file.truncate(end)  # a full disk: no half a line left behind
                raise
    except OSError as error:
        said = disk.fault(disk.named(error, path))
        env.stderr.write(f"backbeat: the check-in could not be saved: {said}\n")
        return None
    return str(path)


def _print_timeline(timeline: Timeline, env: Env) -> None:
    for event in timeline.events:
        if event.kind != "tick":
            env.stdout.write(f"{_clock(event.t):>7}  {event.kind:<8} {event.text}\n")
    env.stdout.write(f"{_clock(timeline.duration):>7}  in all\n")


def _clock(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"
