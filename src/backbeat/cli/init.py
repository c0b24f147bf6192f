"""``backbeat init``: a short questionnaire that writes ``profile.toml``, red-flag screen first.

Works at a terminal and from a pipe (one answer per line; an empty line or the end of input
takes the default shown in brackets).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from pydantic import ValidationError

from backbeat.cli.env import Env
from backbeat.cli.journal import keep_version
from backbeat.plan.profile import WEEKDAYS, Profile, parse_clock
from backbeat.plan.profile_file import profile_toml
from backbeat.safety import wording
from backbeat.safety.screen import refer
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
        return self.ask(question, "y" if default else "n", _yes_no)


def _yes_no(text: str) -> bool:
    if text.lower() in ("y", "yes"):
        return True
    if text.lower() in ("n", "no"):
        return False
    raise ValueError(f"{text!r}: please answer y or n")


def _number(low: int, high: int) -> Callable[[str], int]:
    def check(text: str) -> int:
        if not text.isdigit() or not low <= int(text) <= high:
            raise ValueError(f"{text!r}: please give a whole number from {low} to {high}")
        return int(text)

    return check


def _time(text: str) -> str:
    parse_clock(text)
    return text


def _choice(*allowed: str) -> Callable[[str], str]:
    def check(text: str) -> str:
        if text not in allowed:
            raise ValueError(f"{text!r}: please choose one of {', '.join(allowed)}")
        return text

    return check


def _days(text: str) -> list[str]:
    days = [d.strip().lower()[:3] for d in text.replace(",", " ").split()]
    if not days or any(d not in WEEKDAYS for d in days):
        raise ValueError(f"{text!r}: please list days like mon tue wed thu fri")
    return days


def init(args: argparse.Namespace, env: Env) -> ExitStatus:
    path = Path(args.profile) if args.profile else env.home / "profile.toml"
    if path.exists() and not args.force:
        env.stderr.write(f"backbeat: {path} already exists; use --force to replace it.\n")
        return ExitStatus.USAGE
    asker = _Asker(env)
    try:
        data = _questionnaire(asker, env)
        profile = Profile.model_validate(data)
    except (ValueError, ValidationError) as error:
        env.stderr.write(f"backbeat: no profile written ({error}).\n")
        return ExitStatus.INVALID
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(profile_toml(profile), encoding="utf-8")
    env.stdout.write(f"\nSaved your profile to {path}.\n")
    keep_version(env, profile)
    referral = refer(profile.screen)
    if referral is not None:
        env.stdout.write(f"\n{referral.message}\n")
        return ExitStatus.REFERRAL
    env.stdout.write("Next: `backbeat plan` shows your day. " + wording.NOT_TREATMENT + "\n")
    return ExitStatus.OK


def _questionnaire(asker: _Asker, env: Env) -> dict[str, object]:
    out = env.stdout.write
    out("First, a few safety questions. Answer y or n.\n")
    screen = {key: asker.yes(question) for key, question in wording.QUESTIONS.items()}
    if any(screen.values()):
        return {"screen": screen}
    out("\nThank you. Now your back and your day.\n")
    pain = asker.ask(
        "How bad has your back pain been this week, 0 (none) to 10 (worst)?", "4", _number(0, 10)
    )
    wake = asker.ask("What time do you usually wake up (HH:MM)?", "07:00", _time)
    sleep = asker.ask("And go to sleep (HH:MM)?", "23:00", _time)
    work: list[dict[str, object]] = []
    place = asker.ask(
        "Where do you work: desk, car, standing, or none?",
        "desk",
        _choice("desk", "car", "standing", "none"),
    )
    if place != "none":
        start = asker.ask("Work starts at (HH:MM)?", "09:00", _time)
        end = asker.ask("And ends at (HH:MM)?", "17:30", _time)
        days = asker.ask("On which days?", "mon tue wed thu fri", _days)
        work.append({"start": start, "end": end, "place": place, "days": days})
    moments: list[dict[str, object]] = []
    while len(moments) < 5:
        name = asker.ask(
            "A moment in your day to tie a movement to (e.g. TV, cooking), or blank to finish?",
            "",
            str,
        )
        if not name:
            break
        at = asker.ask(f"What time is {name} (HH:MM)?", "20:00", _time)
        spot = asker.ask(
            f"Where are you for {name}?",
            "sofa",
            _choice("bed", "floor", "desk", "car", "sofa", "standing"),
        )
        moments.append({"name": name, "at": at, "place": spot})
    minutes = asker.ask("How many minutes a day can you give to movement?", "20", _number(2, 180))
    walk = asker.yes("Plan a walk after dinner?", default=True)
    return {
        "pain": pain,
        "day": {"wake": wake, "sleep": sleep, "work": work, "moments": moments},
        "prefs": {"minutes_per_day": minutes, "walk": walk},
        "screen": screen,
    }
