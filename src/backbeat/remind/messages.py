"""Words for reminders, kept in one module so other languages can come later.

A reminder is one line: what to do and for how long. Long lists are cut short, because a
notification that needs reading twice is one that gets dismissed.
"""

from __future__ import annotations

from collections.abc import Sequence

from backbeat.words import listing

MOST_NAMED = 3  # more movements than this are summed up as "and N more"

LABELS = {
    "waking": "On waking",
    "morning": "Morning routine",
    "desk": "Desk break",
    "car": "Driving break",
    "standing": "Standing break",
    "evening": "Evening stretches",
    "walk": "Your walk",
    "bedtime": "At bedtime",
}
TITLES = {
    "first": "{label}",
    "repeat": "{label}, in case you missed it",
    "snoozed": "{label}, as you asked",
}
ACTIONS = {"start": "Start", "snooze": "Snooze", "skip": "Skip", "done": "Done"}
NEXT_STOP = "Once you have parked, with the engine off: {what}"
BACKED_OFF = (
    "You skipped the last three reminders, so backbeat will remind you less often. "
    "Start or Done on any of them brings the usual ones back."
)
TERMINAL_PROMPT = "[start, snooze, skip or done]"
UNCLEAR_ANSWER = "{answer!r} is not an answer here (allowed: start, snooze, skip or done)"
NO_SERVICE = (
    "backbeat remind: no desktop notifications here ({why}), so reminders come in this "
    "terminal, with a bell."
)
NO_IDLE = (
    "backbeat remind: this system does not tell backbeat when you are away from the computer "
    "({why}), so natural breaks are not counted; reminders keep to the plan."
)
NO_ATTENTION = (
    "backbeat remind: reminders wait while you are busy, but this system cannot tell backbeat "
    "of {what}."
)
NOTHING_DUE = "Nothing is due now."
NEXT = "Next: {time} {label}."
NONE_LEFT = "No more reminders today."
RUNNING = "Reminding you at your plan's moments through the day ({how}). Ctrl-C stops."


def label(moment: str) -> str:
    """What a slot is called in a reminder: ``desk`` is a "Desk break"; a person's own moment
    keeps the name they gave it."""
    return LABELS.get(moment, moment)


def title(moment: str, kind: str) -> str:
    return TITLES[kind].format(label=label(moment))


def how_long(seconds: float) -> str:
    """``28`` is "30 seconds", ``70`` "1 minute", ``200`` "3 minutes"."""
    if seconds < 55:
        return f"{max(10, round(seconds / 10) * 10)} seconds"
    minutes = max(1, round(seconds / 60))
    return "1 minute" if minutes == 1 else f"{minutes} minutes"


def reminder_text(names: Sequence[str], seconds: float, *, car: bool = False) -> str:
    """One line: "Shoulder rolls and seated twist, 1 minute"; in the car it is for the next
    stop, never for now."""
    named = [names[0], *(_lower_first(n) for n in names[1:])]
    if len(named) > MOST_NAMED:
        named = [*named[: MOST_NAMED - 1], f"{len(named) - MOST_NAMED + 1} more"]
    what = f"{listing(named)}, {how_long(seconds)}"
    return NEXT_STOP.format(what=_lower_first(what)) if car else what


def _lower_first(text: str) -> str:
    """Lower-case a name's first letter for the middle of a sentence, unless it is an
    abbreviation (two capitals in a row)."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]
