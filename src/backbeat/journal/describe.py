"""One line, in plain words, for each kind of record: what ``backbeat history`` prints."""

from __future__ import annotations

from collections.abc import Mapping

from backbeat.records import (
    ForgetRecord,
    MorningRecord,
    MoveRecord,
    PlanRecord,
    ProfileRecord,
    Record,
    ReminderRecord,
    ReviewRecord,
    SessionRecord,
    parse_record,
)
from backbeat.words import listing

_REMINDER = {
    "sent": "reminded you",
    "started": "you started it from the reminder",
    "done": "you said you had done it",
    "snoozed": "you snoozed the reminder",
    "skipped": "you skipped it",
    "dismissed": "the reminder was closed unanswered",
    "held-dnd": "it waited: do not disturb was on",
    "held-locked": "it waited: the screen was locked",
    "held-screen": "it waited: a full-screen window had the focus",
    "held-busy": "it waited: a busy event in your calendar",
}


Names = Mapping[str, str]
"""Movement names by id: what a person reads in place of ``single-knee-to-chest``."""


def describe(record: Record, names: Names | None = None) -> str:
    named = names or {}
    if isinstance(record, MoveRecord):
        return _move(record, named)
    if isinstance(record, MorningRecord):
        stiff = f", stiffness {record.stiffness}/10" if record.stiffness is not None else ""
        return f"morning: pain {record.morning_pain}/10{stiff}"
    if isinstance(record, SessionRecord):
        return _session(record, named)
    if isinstance(record, ReviewRecord):
        return (
            f"weekly review: pain {record.weekly_pain}/10, in the way of daily life "
            f"{record.interference}/10, {record.activity} {record.activity_ability}/10"
        )
    if isinstance(record, ReminderRecord):
        what = _REMINDER[record.reminder]
        return f"reminder for the {record.due:%H:%M} {record.slot} slot: {what}"
    if isinstance(record, ProfileRecord):
        return "profile saved"
    if isinstance(record, ForgetRecord):
        return _forget(record, named)
    return _plan(record)


def _forget(record: ForgetRecord, names: Names) -> str:
    was, _ = parse_record(record.was, "was")
    what = describe(was, names) if was is not None else "a record"
    if record.corrected:
        return f"corrected ({record.corrected} replaces {record.forget}): was {what}"
    return f"deleted {record.forget}: {what}"


def _move(record: MoveRecord, names: Names) -> str:
    parts = [names.get(record.move, record.move)]
    if record.pain_during is not None:
        parts.append(f"pain {record.pain_during}/10 during")
    if record.pain_after is not None:
        parts.append(f"{record.pain_after}/10 after")
    if record.difficulty:
        parts.append(record.difficulty)
    if record.sharp:
        parts.append("sharp")
    if record.hurt:
        parts.append("stopped: it hurt")
    return ", ".join(parts)


def _session(record: SessionRecord, names: Names) -> str:
    minutes = (record.ended - record.at).total_seconds() / 60
    slot = f"{record.slot} session" if record.slot else "session"
    parts = [f"{slot}, {minutes:.0f} min: {len(record.done)} of {len(record.session)} done"]
    if record.skipped:
        parts.append(f"skipped {listing([names.get(m, m) for m in record.skipped])}")
    if record.stopped:
        parts.append(
            f"stopped because it hurt: {listing([names.get(m, m) for m in record.stopped])}"
        )
    if record.ended_early:
        parts.append("ended early")
    if record.unfinished:
        parts.append("left unfinished (no check-in)")
    return ", ".join(parts)


def _plan(record: PlanRecord) -> str:
    week = record.plan.get("week")
    start = record.plan.get("start")
    return f"plan given: week {week}, from {start}" if week else "plan given"
