"""The check-in after a session: three questions, their answers checked, and the history
records (and words of care) that follow from them. Pure: the shell asks and stores."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from backbeat.inputs import Difficulty
from backbeat.records import MoveRecord, SessionRecord
from backbeat.session.player import Outcome

HEADING = "How did that go? Four quick questions."
# The questions as a page asks them; the terminal adds how to answer.
PAIN = "How much did your back hurt during the movements?"
SHARP = "Did you feel anything sharp, shooting, or spreading down a leg?"
EFFORT = "How hard did it feel?"
AFTER = "How is your back now, after them?"
PAIN_QUESTION = f"{PAIN} 0 (not at all) to 10 (worst): "
AFTER_QUESTION = f"{AFTER} 0 (no pain) to 10 (worst): "
SHARP_QUESTION = f"{SHARP} (y/n): "
EFFORT_QUESTION = f"{EFFORT} easy, ok or hard: "
HIGH_PAIN = 6  # from here on, the plan will ease off and we say so


@dataclass(frozen=True, slots=True)
class CheckIn:
    pain: int
    sharp: bool
    difficulty: Difficulty
    pain_after: int | None = None  # 6 or more counts as pain during of 6 or more


def records(
    outcome: Outcome, answers: CheckIn | None, at: datetime, key: str | None = None
) -> list[MoveRecord]:
    """One record per movement started; a movement stopped with "this hurts" is marked so,
    and is recorded even when the check-in was skipped. With the session's ``key``, each
    record has its own (the session's and the movement's), so the check-in's records replace
    the ones saved while the session was played instead of adding to them."""
    found: list[MoveRecord] = []
    for move in [*outcome.started, *(m for m in outcome.hurt if m not in outcome.started)]:
        hurt = move in outcome.hurt
        if answers is None and not hurt:
            continue
        found.append(
            MoveRecord(
                at=at,
                move=move,
                pain_during=answers.pain if answers else None,
                pain_after=answers.pain_after if answers else None,
                sharp=answers.sharp if answers else False,
                difficulty=answers.difficulty if answers else None,
                hurt=hurt,
                key=None if key is None else f"{key}/{move}",
            )
        )
    return found


def session_record(
    outcome: Outcome,
    planned: list[str],
    slot: str | None,
    started: datetime,
    ended: datetime,
    *,
    key: str | None = None,
    unfinished: bool = False,
) -> SessionRecord:
    """The session as a whole: what it held (with any easier variation taken in its course)
    and what became of each movement. ``key`` names a session saved as it is played; while it
    goes on (or when it was left before its end), it is ``unfinished``."""
    return SessionRecord(
        at=started,
        ended=max(ended, started),
        slot=slot,
        session=list(dict.fromkeys([*planned, *outcome.taken])),
        done=outcome.completed,
        skipped=outcome.skipped,
        stopped=outcome.hurt,
        ended_early=outcome.ended_early,
        key=key,
        unfinished=True if unfinished else None,
    )


def advice(outcome: Outcome, answers: CheckIn | None) -> list[str]:
    """What to say back: care when something was sharp or hurt, and what the plan will do."""
    said: list[str] = []
    if answers is not None and answers.sharp:
        said.append(
            "Leave out whatever brought that on until it settles; your plan will pause it. "
            "If pain shoots or spreads down a leg again, or comes with numbness, tingling or "
            "weakness, please see a clinician."
        )
    if outcome.hurt:
        said.append(
            "You stopped a movement because it hurt. That was the right call: your plan will "
            "offer a gentler version. See a clinician if the pain is severe, unusual or growing."
        )
    worst = max(answers.pain, answers.pain_after or 0) if answers is not None else 0
    if answers is not None and not answers.sharp and worst >= HIGH_PAIN:
        said.append(
            f"Pain of {worst}/10 is more than these movements should cause. Go more "
            "gently, or do fewer, and your plan will step back. See a clinician if it stays."
        )
    if answers is not None and not said:
        said.append("Thank you. Keeping at small movements like these may help your back.")
    return said
