"""``backbeat review``: the weekly review, from flags or asked at the terminal (or a pipe)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TypeVar

from backbeat.cli.ask import ask
from backbeat.cli.journal import BadValue, maybe_pain_flag, when
from backbeat.context import Env, open_journal
from backbeat.inputs import parse_pain
from backbeat.progress import review as words
from backbeat.records import ReviewRecord
from backbeat.status import ExitStatus

T = TypeVar("T")


def review(args: argparse.Namespace, env: Env) -> ExitStatus:
    try:
        at = when(args.at, env)
        pain = maybe_pain_flag("--pain", args.pain)
        interference = maybe_pain_flag("--interference", args.interference)
        ability = maybe_pain_flag("--ability", args.ability)
        activity = None if args.activity is None else _activity(args.activity)
    except BadValue as error:
        env.stderr.write(f"backbeat review: {error}\n")
        return ExitStatus.INVALID
    journal = open_journal(env)
    if journal is None:
        return ExitStatus.INVALID
    before = journal.latest(ReviewRecord)

    def answer(given: T | None, flag: str, prompt: str, parse: Callable[[str], T]) -> T:
        if given is not None:
            return given
        found = ask(env, prompt, parse)
        if found is None:
            raise BadValue(f"no clear answer for {flag}; nothing was saved")
        return found

    last = f" [{before.activity}]" if before else ""
    try:
        pain = answer(pain, "--pain", words.PAIN_QUESTION, parse_pain)
        interference = answer(
            interference, "--interference", words.INTERFERENCE_QUESTION, parse_pain
        )
        activity = answer(
            activity,
            "--activity",
            words.ACTIVITY_QUESTION.format(last=last),
            lambda text: words.activity_answer(text, before),
        )
        ability = answer(
            ability, "--ability", words.ABILITY_QUESTION.format(activity=activity), parse_pain
        )
    except BadValue as error:
        env.stderr.write(f"backbeat review: {error}\n")
        return ExitStatus.INVALID
    record = ReviewRecord(
        at=at,
        weekly_pain=pain,
        interference=interference,
        activity=activity,
        activity_ability=ability,
    )
    if not journal.add([record]):
        env.stdout.write("Already in your journal.\n")
        return ExitStatus.OK
    env.stdout.write("Saved your weekly review.\n")
    for line in words.compare(before, record):
        env.stdout.write(f"{line}\n")
    return ExitStatus.OK


def _activity(text: str) -> str:
    try:
        return words.parse_activity(text)
    except ValueError as error:
        raise BadValue(f"--activity: {error}") from None
