"""The weekly review: three 0-10 answers a person can compare week on week.

The questions are ours, in plain words; they ask what such reviews usually ask (pain, how much
it gets in the way, and one activity that matters to this person), without reproducing any
licensed questionnaire. Pure: the shell asks and stores.
"""

from __future__ import annotations

from backbeat.inputs import plain_text
from backbeat.records import ReviewRecord

PAIN_QUESTION = "Over the past week, how bad was your back pain on a usual day? 0 (none) to 10: "
INTERFERENCE_QUESTION = (
    "How much did your back get in the way of daily life this week (work, chores, sleep, "
    "time with others)? 0 (not at all) to 10 (completely): "
)
ACTIVITY_QUESTION = (
    "Name one activity that matters to you and that your back makes harder "
    "(for example: lifting a child, gardening, a long drive){last}: "
)
ABILITY_QUESTION = (
    "How well could you manage {activity} this week? 0 (not at all) to 10 (as well as you "
    "would like): "
)
RESCREEN_QUESTION = (
    "Since your last review, has anything on the safety list started or got worse (bladder or "
    "bowel trouble, numbness, weakness, fever, an injury, weight loss, pain at night...)? (y/n): "
)
ACTIVITY_MAX = 80
HIGH = 7  # from here on, a review's answer is worth a clinician's view if it persists


def parse_activity(text: str) -> str:
    value = plain_text(" ".join(text.split()))
    if not value:
        raise ValueError("please name one activity (for example: gardening)")
    if len(value) > ACTIVITY_MAX:
        raise ValueError(f"that is {len(value)} characters (allowed: up to {ACTIVITY_MAX})")
    return value


def activity_answer(text: str, before: ReviewRecord | None) -> str:
    """The activity a review is about: as typed, or, left blank, last week's (asked about
    again so weeks compare); blank with no review before is refused."""
    if not text.strip() and before is not None:
        return before.activity
    return parse_activity(text)


def compare(before: ReviewRecord | None, now: ReviewRecord) -> list[str]:
    """What the new review says beside the last one, in plain and honest words."""
    said: list[str] = []
    if before is None:
        said.append("This is your first weekly review. Next week you can see how things moved.")
    else:
        same = before.activity == now.activity
        activity = f", {now.activity} {before.activity_ability} -> {now.activity_ability}"
        said.append(
            f"Since your review of {before.at:%a %d %b}: usual pain {before.weekly_pain} -> "
            f"{now.weekly_pain}, in the way of daily life {before.interference} -> "
            f"{now.interference}{activity if same else ''}."
        )
        better = now.weekly_pain < before.weekly_pain or now.interference < before.interference
        worse = now.weekly_pain > before.weekly_pain and now.interference >= before.interference
        if worse:
            said.append(
                "This week was harder. Weeks vary; go gently. If your back keeps getting worse "
                "from week to week, please see a clinician."
            )
        elif better:
            said.append("That is a step in a good direction. Keep the movements small and often.")
    if now.weekly_pain >= HIGH or now.interference >= HIGH:
        said.append(
            "Pain this strong, or getting this much in your way, is worth talking over with a "
            "clinician, especially if it has lasted for weeks."
        )
    return said
