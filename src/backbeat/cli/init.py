"""``backbeat init``: a short questionnaire that writes ``profile.toml``, red-flag screen first.

Works at a terminal and from a pipe (one answer per line). Every safety question needs a yes or
a no: a blank answer is asked again, and input that ends before they are all answered writes
nothing. After them, an empty line or the end of input takes the default shown in brackets.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar, cast

from pydantic import ValidationError

from backbeat import disk
from backbeat.cli.journal import keep_version
from backbeat.context import Env
from backbeat.inputs import file_name, parse_yes_no
from backbeat.plan.onboarding import (
    COMMUTE_MINUTES_MAX,
    MOMENT_AT,
    MOMENT_PLACE,
    MOMENT_PLACES,
    MOMENTS_MAX,
    SUGGESTED,
    WORK_PLACES,
    Answers,
    Commute,
    Moment,
    profile_data,
)
from backbeat.plan.profile import ONSETS, WEEKDAYS, Profile, Weekday, parse_clock
from backbeat.plan.profile_file import saving_profile
from backbeat.safety import wording
from backbeat.safety.screen import Screen, refer
from backbeat.status import ExitStatus

T = TypeVar("T")


class _Asker:
    def __init__(self, env: Env) -> None:
        self.env = env

    def ask(self, question: str, default: str, check: Callable[[str], T]) -> T:
        """Ask until the answer passes ``check`` (which raises ValueError with what is allowed)."""
        while True:
            self.env.stdout.write(f"{question} [{default}] ")
            self.env.stdout.flush()
            line = self.env.stdin.readline()
            answer = line.strip() or default
            try:
                return check(answer)
            except ValueError as error:
                self.env.stdout.write(f"  {error}\n")
                if not line:  # end of input: no one can answer again
                    raise

    def yes(self, question: str, default: bool = False) -> bool:
        return self.ask(question, "y" if default else "n", parse_yes_no)

    def must(self, question: str) -> bool:
        """A yes or a no with no default: a blank answer is asked again, and the end of input
        leaves the question unanswered (``Unanswered``)."""
        while True:
            self.env.stdout.write(f"{question} (y/n) ")
            self.env.stdout.flush()
            line = self.env.stdin.readline()
            if not line:
                raise Unanswered
            try:
                return parse_yes_no(line)
            except ValueError as error:
                self.env.stdout.write(f"  {error}\n")


class Unanswered(Exception):
    """Input ended before a safety question had its yes or no."""


def _number(low: int, high: int) -> Callable[[str], int]:
    def check(text: str) -> int:
        if not text.isdigit() or not low <= int(text) <= high:
            raise ValueError(f"{text!r}: please give a whole number from {low} to {high}")
        return int(text)

    return check


def _optional(check: Callable[[str], T]) -> Callable[[str], T | None]:
    """``check``, or None for a blank answer."""

    def maybe(text: str) -> T | None:
        return check(text) if text else None

    return maybe


def _time(text: str) -> str:
    parse_clock(text)
    return text


def _choice(*allowed: str) -> Callable[[str], str]:
    def check(text: str) -> str:
        if text not in allowed:
            raise ValueError(f"{text!r}: please choose one of {', '.join(allowed)}")
        return text

    return check


def _days(text: str) -> tuple[Weekday, ...]:
    days = [d.strip().lower()[:3] for d in text.replace(",", " ").split()]
    if not days or any(d not in WEEKDAYS for d in days):
        raise ValueError(f"{text!r}: please list days like mon tue wed thu fri")
    return tuple(cast(Weekday, d) for d in days)


def init(args: argparse.Namespace, env: Env) -> ExitStatus:
    try:
        path = Path(file_name(args.profile)) if args.profile else env.home / "profile.toml"
    except ValueError as error:
        env.stderr.write(f"backbeat init: --profile: {error}\n")
        return ExitStatus.INVALID
    if path.exists() and not args.force:
        env.stderr.write(f"backbeat: {path} already exists; use --force to replace it.\n")
        return ExitStatus.USAGE
    asker = _Asker(env)
    screen: dict[str, bool] = {}
    try:
        data = _questionnaire(asker, env, screen)
        profile = Profile.model_validate(data)
    except Unanswered:
        left = [key for key in wording.QUESTIONS if key not in screen]
        env.stderr.write(
            f"\nbackbeat: no profile written: every safety question needs a yes or a no, and "
            f"{len(left)} had none ({', '.join(left)}). Run `backbeat init` again to answer "
            "them.\n"
        )
        return ExitStatus.INVALID
    except (ValueError, ValidationError) as error:
        env.stderr.write(f"backbeat: no profile written ({error}).\n")
        return ExitStatus.INVALID
    try:
        with saving_profile(path, profile, replace=True):  # init replaces: the layout anew
            keep_version(env, profile)
    except OSError as error:
        env.stderr.write(f"backbeat: no profile written: {disk.fault(error)}.\n")
        return ExitStatus.INVALID
    env.stdout.write(f"\nSaved your profile to {path}.\n")
    referral = refer(profile.screen)
    if referral is not None:
        env.stdout.write(f"\n{referral.message}\n")
        return ExitStatus.REFERRAL
    env.stdout.write("Next: `backbeat plan` shows your day. " + wording.NOT_TREATMENT + "\n")
    return ExitStatus.OK


def _commute(asker: _Asker, work_days: tuple[Weekday, ...]) -> Commute | None:
    """A drive to work, when there is one: its length, when it leaves, and on which days."""
    length = asker.ask(
        "Do you drive to work? How many minutes is the drive (blank if you don't)?",
        "",
        _optional(_number(1, COMMUTE_MINUTES_MAX)),
    )
    if length is None:
        return None
    at = asker.ask("What time do you leave (HH:MM)?", "08:15", _time)
    days = asker.ask("On which days do you drive?", " ".join(work_days), _days)
    return Commute(at, length, days)


def _questionnaire(asker: _Asker, env: Env, screen: dict[str, bool]) -> dict[str, object]:
    """The answers as profile data; ``screen`` fills with the safety answers as they come."""
    out = env.stdout.write
    out("First, a few safety questions. Each needs a yes or a no: answer y or n.\n")
    for key, question in wording.QUESTIONS.items():
        screen[key] = asker.must(question)
    if refer(Screen(**screen)) is not None:
        return profile_data(screen, None)
    out("\nThank you. Now your back and your day.\n")
    s = SUGGESTED
    age = asker.ask("How old are you? (blank to skip)", "", _optional(_number(12, 120)))
    onset = asker.ask(
        "How long have you had this back pain: days (under 6 weeks), weeks (6 to 12 weeks) or "
        "months (over 12 weeks)? (blank to skip)",
        "",
        _optional(_choice(*ONSETS)),
    )
    pain = asker.ask(
        "How bad has your back pain been this week, 0 (none) to 10 (worst)?",
        str(s.pain),
        _number(0, 10),
    )
    wake = asker.ask("What time do you usually wake up (HH:MM)?", s.wake, _time)
    sleep = asker.ask("And go to sleep (HH:MM)?", s.sleep, _time)
    place = asker.ask(
        "Where do you work: desk, car, standing, or none?", s.work_place, _choice(*WORK_PLACES)
    )
    start, end, days = s.work_start, s.work_end, s.work_days
    if place != "none":
        start = asker.ask("Work starts at (HH:MM)?", s.work_start, _time)
        end = asker.ask("And ends at (HH:MM)?", s.work_end, _time)
        days = asker.ask("On which days?", " ".join(s.work_days), _days)
    moments: list[Moment] = []
    while len(moments) < MOMENTS_MAX:
        name = asker.ask(
            "A moment in your day to tie a movement to (e.g. TV, cooking), or blank to finish?",
            "",
            str,
        )
        if not name:
            break
        at = asker.ask(f"What time is {name} (HH:MM)?", MOMENT_AT, _time)
        spot = asker.ask(f"Where are you for {name}?", MOMENT_PLACE, _choice(*MOMENT_PLACES))
        moments.append(Moment(name, at, spot))
    minutes = asker.ask(
        "How many minutes a day can you give to movement?", str(s.minutes_per_day), _number(2, 180)
    )
    walk = asker.yes("Plan a walk after dinner?", default=s.walk)
    commute = _commute(asker, days if place != "none" else s.work_days)
    answers = Answers(
        pain,
        wake,
        sleep,
        place,
        start,
        end,
        days,
        tuple(moments),
        minutes,
        walk,
        age,
        onset,
        commute,
    )
    return profile_data(screen, answers)
