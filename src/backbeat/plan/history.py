"""History records: what a person did and how their back felt, one JSON object per line.

The journal will store and export these same records; the plan reads them to progress.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from backbeat.catalog.problems import Problem, from_validation

Pain = Annotated[int, Field(ge=0, le=10)]


_PAIN_MISSING = "is missing (allowed: 0 to 10; only a record with hurt = true may leave it out)"


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    at: datetime


class MoveRecord(_Record):
    """A movement check-in: pain during (and after) one movement, and whether anything was sharp.

    ``hurt`` says the person stopped it mid-session because it hurt; that alone is worth
    recording, so such a record may leave ``pain_during`` out when no check-in followed.
    """

    move: Annotated[str, Field(min_length=1, max_length=60)]
    pain_during: Pain | None = None
    pain_after: Pain | None = None
    sharp: bool = False
    difficulty: Literal["easy", "ok", "hard"] | None = None
    hurt: bool = False

    @model_validator(mode="after")
    def _pain_or_hurt(self) -> MoveRecord:
        if self.pain_during is None and not self.hurt:
            raise ValueError(f"pain_during {_PAIN_MISSING}")
        return self


class MorningRecord(_Record):
    """A morning check-in: how the back feels on waking."""

    morning_pain: Pain
    stiffness: Pain | None = None


Record = MoveRecord | MorningRecord


def parse_record(data: object, where: str) -> tuple[Record | None, list[Problem]]:
    """One record from decoded JSON; ``where`` names it in problems (``file: line 3``)."""
    if not isinstance(data, dict):
        return None, [Problem(where, "(record)", "expected a JSON object {...}")]
    model: type[MoveRecord] | type[MorningRecord]
    if "move" in data:
        model = MoveRecord
    elif "morning_pain" in data:
        model = MorningRecord
    else:
        return None, [
            Problem(where, "(record)", "names neither move nor morning_pain (allowed: one of them)")
        ]
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
