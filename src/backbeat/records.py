"""History records: what a person did and how their back felt, one JSON object per line.

The journal stores and exports these same records; the plan reads the movement and morning ones
to progress. Each kind is told apart by a key only it has (``move``, ``morning_pain``,
``session``, ``weekly_pain``, ``reminder``, ``profile``, ``plan``), so a line says what it is.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import datetime
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from backbeat.catalog.problems import Problem, from_validation
from backbeat.inputs import instant, plain_text

Pain = Annotated[int, Field(ge=0, le=10)]
Instant = Annotated[datetime, BeforeValidator(instant)]
MoveId = Annotated[str, Field(min_length=1, max_length=60), AfterValidator(plain_text)]
SlotId = Annotated[str, Field(min_length=1, max_length=80), AfterValidator(plain_text)]
"""A plan slot's id (``2026-11-30/evening``); records made before slots had ids name the moment."""
Key = Annotated[str, Field(min_length=1, max_length=120), AfterValidator(plain_text)]
"""What makes a record one that grows: a session saved as it is played keeps one key, and each
save of it replaces the one before instead of adding another."""
RecordId = Annotated[str, Field(pattern=r"^[0-9a-f]{12}$")]
"""A record's id: the start of its fingerprint, the same on every machine that holds it."""
ID_LENGTH = 12


_PAIN_MISSING = "is missing (allowed: 0 to 10; only a record with hurt = true may leave it out)"


class _Record(BaseModel):
    # Strict: a file or a client that sends ``true`` or ``"3"`` for a pain score is told so,
    # rather than having 1 or 3 stored in its name.
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, defer_build=True)

    at: Instant


class MoveRecord(_Record):
    """A movement check-in: pain during (and after) one movement, and whether anything was sharp.

    ``hurt`` says the person stopped it mid-session because it hurt; that alone is worth
    recording, so such a record may leave ``pain_during`` out when no check-in followed.
    """

    move: MoveId
    pain_during: Pain | None = None
    pain_after: Pain | None = None
    sharp: bool = False
    difficulty: Literal["easy", "ok", "hard"] | None = None
    hurt: bool = False
    key: Key | None = None  # made in a session saved as it went: the session's key and the move

    @model_validator(mode="after")
    def _pain_or_hurt(self) -> MoveRecord:
        if self.pain_during is None and not self.hurt:
            raise ValueError(f"pain_during {_PAIN_MISSING}")
        return self


class MorningRecord(_Record):
    """A morning check-in: how the back feels on waking."""

    morning_pain: Pain
    stiffness: Pain | None = None


class SessionRecord(_Record):
    """A guided session: from ``at`` to ``ended``, the movements it held (``session``, in order)
    and what became of them: done, skipped, or stopped because they hurt."""

    session: list[MoveId] = Field(min_length=1)
    ended: Instant
    slot: SlotId | None = None
    done: list[MoveId] = []
    skipped: list[MoveId] = []
    stopped: list[MoveId] = []
    ended_early: bool = False
    key: Key | None = None  # saved as it was played: each save replaces the one before
    unfinished: bool | None = None  # True while (or when) it was left before its check-in

    @field_validator("ended")
    @classmethod
    def _ends_after_it_starts(cls, ended: datetime, info: ValidationInfo) -> datetime:
        at = info.data.get("at")
        if not isinstance(at, datetime):
            return ended  # ``at`` itself is wrong, and is reported
        if (ended.utcoffset() is None) != (at.utcoffset() is None):
            raise ValueError("give a time zone on both at and ended, or on neither")
        if ended < at:
            raise ValueError(f"{ended.isoformat()} is before at (allowed: at or later)")
        return ended


class ReviewRecord(_Record):
    """The weekly review, three 0-10 answers: the week's usual pain, how much pain got in the
    way of daily life, and how well the person managed one activity that matters to them."""

    weekly_pain: Pain
    interference: Pain
    activity: Annotated[str, Field(min_length=1, max_length=80), AfterValidator(plain_text)]
    activity_ability: Pain


HeldEvent = Literal["held-dnd", "held-locked", "held-screen", "held-busy"]
"""A reminder that waited for a better moment, and why: do not disturb, a locked screen, a
full-screen window, a busy event in the person's calendar."""
ReminderEvent = Literal[
    "sent",
    "started",
    "done",
    "snoozed",
    "skipped",
    "dismissed",
    "held-dnd",
    "held-locked",
    "held-screen",
    "held-busy",
]
HELD_EVENTS: tuple[HeldEvent, ...] = get_args(HeldEvent)
REMINDER_EVENTS: tuple[ReminderEvent, ...] = get_args(ReminderEvent)


class ReminderRecord(_Record):
    """What happened to one reminder for a plan slot due at ``due``: sent, then acted on
    (started, done), put off (snoozed), turned down (skipped), or closed unanswered; or held
    back for a better moment (``held-...``, with the reason)."""

    reminder: ReminderEvent
    slot: SlotId
    due: Instant
    moves: list[MoveId] = []


class ProfileRecord(_Record):
    """A version of the profile, as it was saved at ``at``."""

    profile: dict[str, Any]


class PlanRecord(_Record):
    """A plan as it was given to the person at ``at`` (the plan's JSON)."""

    plan: dict[str, Any]


class ForgetRecord(_Record):
    """A record taken back at ``at``: deleted (``backbeat forget``, undo), or replaced by a
    correction (``corrected`` is the new record's id). It keeps the record as it ``was``, so
    nothing leaves the journal silently and an export carries the deletion to another machine."""

    forget: RecordId
    was: dict[str, Any]
    corrected: RecordId | None = None

    @model_validator(mode="after")
    def _names_what_it_was(self) -> ForgetRecord:
        record, problems = parse_record(self.was, "was")
        if record is None:
            raise ValueError(f"was: {problems[0].message if problems else 'not a record'}")
        if isinstance(record, ForgetRecord):
            raise ValueError("was: a deletion cannot itself be deleted (allowed: any other record)")
        if record_id(record) != self.forget:
            raise ValueError(f"forget: {self.forget} is not the id of the record in was")
        return self


Record = (
    MoveRecord
    | MorningRecord
    | SessionRecord
    | ReviewRecord
    | ReminderRecord
    | ProfileRecord
    | PlanRecord
    | ForgetRecord
)
RecordType = (
    type[MoveRecord]
    | type[MorningRecord]
    | type[SessionRecord]
    | type[ReviewRecord]
    | type[ReminderRecord]
    | type[ProfileRecord]
    | type[PlanRecord]
    | type[ForgetRecord]
)
KINDS: dict[str, RecordType] = {
    "move": MoveRecord,
    "morning_pain": MorningRecord,
    "session": SessionRecord,
    "weekly_pain": ReviewRecord,
    "reminder": ReminderRecord,
    "profile": ProfileRecord,
    "plan": PlanRecord,
    "forget": ForgetRecord,
}
"""The key that tells each kind of record apart, in the order ``history`` documents them."""


def parse_record(data: object, where: str) -> tuple[Record | None, list[Problem]]:
    """One record from decoded JSON; ``where`` names it in problems (``file: line 3``)."""
    if not isinstance(data, dict):
        return None, [Problem(where, "(record)", "expected a JSON object {...}")]
    keys = [key for key in KINDS if key in data]
    if len(keys) != 1:
        named = "names none of" if not keys else f"names {' and '.join(keys)}, more than one of"
        return None, [
            Problem(where, "(record)", f"{named} {', '.join(KINDS)} (allowed: exactly one)")
        ]
    model = KINDS[keys[0]]
    if model is MoveRecord and data.get("pain_during") is None and data.get("hurt") is not True:
        return None, [Problem(where, "pain_during", _PAIN_MISSING)]
    try:
        return model.model_validate(data), []
    except ValidationError as error:
        return None, from_validation(where, error, model)


def parse_lines(lines: Iterable[str], name: str) -> tuple[list[Record], list[Problem]]:
    """Records from JSON lines; blank lines are skipped, every bad line is reported."""
    records: list[Record] = []
    problems: list[Problem] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{name}: line {number}"
        try:
            data = json.loads(line)
        except json.JSONDecodeError as error:
            problems.append(Problem(where, "(record)", f"is not valid JSON ({error.msg})"))
            continue
        record, found = parse_record(data, where)
        problems += found
        if record is not None:
            records.append(record)
    return records, problems


def as_json(record: Record) -> dict[str, object]:
    """The record as one line of the history format."""
    return record.model_dump(mode="json", exclude_none=True)


def history_json(entries: Iterable[tuple[str, Record]]) -> list[dict[str, object]]:
    """Records with their ids, as ``history --json`` and ``GET /api/v1/records`` list them, in
    the order given: the id first, then the record as the history format has it."""
    return [{"id": id_, **as_json(record)} for id_, record in entries]


def fingerprint(record: Record) -> str:
    """A fingerprint of every field: equal records share it, any difference changes it."""
    canonical = json.dumps(as_json(record), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def record_id(record: Record) -> str:
    """The id people see and type (``backbeat forget ID``): the start of the fingerprint."""
    return fingerprint(record)[:ID_LENGTH]
