"""Reading what the API is sent to change the journal: one record for ``POST /api/v1/records``
(JSON in the history format, limited to a movement check-in, a morning check-in or a weekly
review, read by the same rules as the commands that record them, ``log``, ``checkin``,
``review``, and as an import), and a correction for ``PATCH /api/v1/records/{id}`` (the fields
``backbeat correct`` takes).

Every problem found is named by its key; a request with any problem changes nothing.
"""

from __future__ import annotations

import json
from datetime import datetime, tzinfo

from pydantic import ValidationError

from backbeat.catalog.catalogue import Catalogue
from backbeat.catalog.problems import NESTED
from backbeat.inputs import parse_when
from backbeat.progress.review import parse_activity
from backbeat.records import KINDS, Record, parse_record
from backbeat.web.api.models import MORNING_FIELDS, MOVE_FIELDS, RECORD_MODELS, Correction
from backbeat.web.api.problems import from_errors, problem

ONLY = (
    "only a movement check-in (move), a morning check-in (morning_pain) or a weekly review "
    "(weekly_pain) can be added here"
)


def _no_constant(name: str) -> object:
    raise ValueError(f"{name} is not a JSON number")


def json_object(body: bytes) -> tuple[dict[str, object] | None, list[dict[str, str]]]:
    """The JSON object ``body`` holds (in UTF-8, no NaN, no lone surrogate), or why not."""
    try:
        data = json.loads(body.decode("utf-8"), parse_constant=_no_constant)
        json.dumps(data, ensure_ascii=False).encode("utf-8")  # no lone surrogate in any text
    except (UnicodeError, ValueError) as error:
        return None, [problem("(body)", f"is not a JSON object in UTF-8 ({error})")]
    except RecursionError:
        return None, [problem("(body)", NESTED)]
    if not isinstance(data, dict):
        return None, [problem("(body)", "expected a JSON object {...}")]
    return data, []


def read_record(
    body: bytes, catalogue: Catalogue, zone: tzinfo, now: datetime
) -> tuple[Record | None, list[dict[str, str]]]:
    """The record ``body`` holds, or every problem with it."""
    data, problems = json_object(body)
    if data is None:
        return None, problems
    named = [key for key in KINDS if key in data]
    if len(named) != 1 or named[0] not in RECORD_MODELS:
        said = f"names {' and '.join(named)}" if named else "names none of them"
        return None, [problem("(record)", f"{ONLY}; this one {said}")]
    kind = named[0]
    try:
        sent = RECORD_MODELS[kind].model_validate(data)
    except ValidationError as error:
        return None, from_errors(error.errors(include_url=False), skip=0)
    fields = sent.model_dump(exclude_none=True)
    problems = []
    move = fields.get("move")
    if isinstance(move, str) and catalogue.get(move) is None:
        close = catalogue.suggest(move)
        hint = f" (did you mean {' or '.join(close)}?)" if close else " (GET /moves lists them)"
        problems.append(problem("move", f"{move!r} is not a movement in the catalogue{hint}"))
    if "activity" in fields:
        try:
            fields["activity"] = parse_activity(fields["activity"])
        except ValueError as error:
            problems.append(problem("activity", str(error)))
    at = now
    if "at" in fields:
        try:
            at = parse_when(fields["at"], zone, now)
        except ValueError as error:
            problems.append(problem("at", str(error)))
    if problems:
        return None, problems
    record, found = parse_record({**fields, "at": at}, "record")
    return record, [problem(p.field, p.message) for p in found]


MOVE = "a movement check-in"
MORNING = "a morning check-in"
EVERY_FIELD = tuple(dict.fromkeys((*MOVE_FIELDS, *MORNING_FIELDS)))


def allowed(what: str) -> str:
    fields = MOVE_FIELDS if what == MOVE else MORNING_FIELDS
    return f"for {what}: {', '.join(fields)}"


def read_correction(data: dict[str, object]) -> tuple[dict[str, object], list[dict[str, str]]]:
    """The fields a correction changes (``at`` still as sent), or every problem with them that
    does not depend on the record: a key no correction takes, a value of the wrong type, or
    fields of both kinds of check-in at once."""
    both = f"{allowed(MOVE)}; {allowed(MORNING)}"
    unknown = [key for key in data if key not in EVERY_FIELD]
    if unknown:
        return {}, [problem(k, f"is not a field a correction changes ({both})") for k in unknown]
    if not data:
        return {}, [problem("(body)", f"says nothing to change ({both})")]
    try:
        sent = Correction.model_validate(data)
    except ValidationError as error:
        return {}, from_errors(error.errors(include_url=False), skip=0)
    fields = {key: getattr(sent, key) for key in data}
    moves = [k for k in fields if k in MOVE_FIELDS and k != "at"]
    mornings = [k for k in fields if k in MORNING_FIELDS and k != "at"]
    if moves and mornings:
        said = f"{mornings[0]} is for {MORNING} and {moves[0]} for {MOVE}"
        return {}, [problem(mornings[0], f"{said}: one record is one of them ({both})")]
    return fields, []
