"""``backbeat review``: the weekly review, from flags or asked at the terminal (or a pipe)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, TypeVar

from backbeat import disk
from backbeat.cli.ask import ask
from backbeat.cli.journal import BadValue, maybe_pain_flag, said_busy, when
from backbeat.coach import rescreen, rescreened
from backbeat.context import Env, open_catalogue, open_journal
from backbeat.inputs import parse_pain, parse_yes_no
from backbeat.plan.profile_file import profile_state
from backbeat.progress import review as words
from backbeat.records import ReviewRecord
from backbeat.safety import wording
from backbeat.status import ExitStatus

if TYPE_CHECKING:
    from backbeat.journal.store import Journal

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
    asked = None in (pain, interference, activity, ability)
    flags: list[str] = list(dict.fromkeys(args.red_flag))
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
        if asked and not flags:
            flags = _new_flags(env)
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
    from backbeat.journal.db import Busy

    try:
        added = journal.add([record], added=env.clock())
    except Busy as busy:
        return said_busy(env, "review", busy)
    if not added:
        env.stdout.write("Already in your journal.\n")
    else:
        env.stdout.write("Saved your weekly review.\n")
        for line in words.compare(before, record):
            env.stdout.write(f"{line}\n")
    return _rescreen(env, journal, flags, at) if flags else ExitStatus.OK


def _new_flags(env: Env) -> list[str]:
    """Whether anything on the safety list is new, and if so which: each question then needs a
    yes or a no."""
    new = ask(env, words.RESCREEN_QUESTION, parse_yes_no)
    if new is None:
        raise BadValue("no clear answer about the safety list; nothing was saved")
    if not new:
        return []
    flags = []
    for key, question in wording.QUESTIONS.items():
        found = ask(env, f"{question} (y/n): ", parse_yes_no)
        if found is None:
            raise BadValue(f"no clear answer for {key}; nothing was saved")
        if found:
            flags.append(key)
    return flags


def _rescreen(env: Env, journal: Journal, flags: list[str], at: datetime) -> ExitStatus:
    """The new safety answers into the profile (a new version), and the referral they give."""
    catalogue = open_catalogue(env)
    if catalogue is None:
        return ExitStatus.INVALID
    path = env.home / "profile.toml"
    state = profile_state(path, catalogue)
    try:
        referral, saved = rescreen(journal, state, flags, at)
    except OSError as error:  # the referral all the same: it matters more than the file
        referral, _ = rescreened(state, flags)
        env.stderr.write(
            "backbeat review: your review was saved, but not the new safety answers: "
            f"{disk.fault(error)}.\n"
        )
        saved = None
    if saved:
        env.stdout.write(f"Your safety answers in {path} now say so.\n")
    elif saved is False:
        env.stderr.write(
            f"backbeat review: {path} could not take the new safety answers (it has problems of "
            "its own); mend it or answer the questions again with `backbeat init --force`.\n"
        )
    if referral is None:
        env.stdout.write(f"{wording.FRAGILE_BONES}\n" if "osteoporosis_steroids" in flags else "")
        return ExitStatus.OK if saved is not None else ExitStatus.INVALID
    env.stdout.write(f"\n{wording.HEADINGS[referral.level]}\n\n{referral.message}\n")
    return ExitStatus.REFERRAL


def _activity(text: str) -> str:
    try:
        return words.parse_activity(text)
    except ValueError as error:
        raise BadValue(f"--activity: {error}") from None
