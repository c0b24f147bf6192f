"""The player's words: short, calm, second person, and several of each so a session does not
sound like a loop. Movement-specific cues live in the catalogue (``[say]``); these are the rest.

Kept in one module so that other languages can come later without touching the timeline.
"""

from __future__ import annotations

from collections.abc import Sequence

HOLD = (
    "Hold it there and breathe",
    "Stay here, breathing slowly",
    "Keep it easy and hold",
    "Breathe and stay there",
)
REST = (
    "Rest",
    "Let everything soften",
    "Relax for a moment",
    "Breathe and rest",
)
ONE_MORE = "Rest. One more to go"
LAST_REST = "Rest, and notice how that felt"
SWITCH = (
    "Now the other side: {side}",
    "Change sides, {side} side now",
    "Over to the {side} side",
)
PREPARE_FIRST = "First, {name}. {setup}"
PREPARE_NEXT = "Next, {name}. {setup}"
PREPARE_INSTEAD = "Instead, {name}. {setup}"
PREPARE_LAST = "Last one, {name}. {setup}"
INTRO_ONE = "{name}, {about}. Go gently, and stop if anything feels sharp."
INTRO_MANY = "{count} movements, {about}. Go gently, and stop if anything feels sharp."
DONE = (
    "That's it, well done. Notice how your back feels now.",
    "All done. Take a moment to notice how you feel.",
)
FALLBACK_MOVE = "Slowly into {name}"
FALLBACK_RELEASE = "and slowly back"
SIDED = "{Side} side: {cue}"
HOLD_FOR = "{cue}, {seconds} seconds"
WALK_END = "Slow down gently and come to a stop"

SKIPPED = "Skipped {name}."
STOPPED = (
    "Stopped {name}. Rest for a moment. It has no gentler version, "
    "so leave it out until it feels easier."
)
STOPPED_OFFER = (
    "Stopped {name}. Rest for a moment. Press e to try the gentler {gentler} instead, "
    "or wait to go on."
)

ENOUGH = (
    "Stopped {name}. That is {count} movements that hurt in this session: it may be kinder to "
    "your back to stop here for today. Press q to end the session, or wait to go on gently."
)
ENOUGH_HURT = 2  # movements stopped because they hurt before ending the session is offered

NUMBERS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def pick(options: Sequence[str], n: int) -> str:
    """The ``n``-th option, round and round: varied, yet the same session always says the same."""
    return options[n % len(options)]


def in_turn(options: Sequence[str], rep: int) -> str:
    """The first option on the first repetition (it teaches), then the others in turn."""
    if rep <= 1 or len(options) == 1:
        return options[0]
    return options[1 + (rep - 2) % (len(options) - 1)]


def about(seconds: float) -> str:
    """A session length as a person would say it: ``about 4 minutes``."""
    if seconds < 60:
        return "under a minute"
    minutes = round(seconds / 60)
    return "about a minute" if minutes == 1 else f"about {minutes} minutes"


def count(n: int) -> str:
    """Small counts in words, for speech: ``Three movements``."""
    return NUMBERS[n].capitalize() if n < len(NUMBERS) else str(n)
