"""The journal's export format: every record, oldest first, under a format name and version.

One record per line keeps a large export readable and easy to compare. Reading checks the whole
file before anything is stored, so a bad file changes nothing: every problem is reported with
the record's place (``records[12]``) and field.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from datetime import datetime

from backbeat.catalog.problems import NESTED, Problem
from backbeat.inputs import in_range
from backbeat.records import MoveRecord, Record, SessionRecord, as_json, parse_record

FORMAT = "backbeat-journal"
TOO_LONG = "holds a number too long to read (allowed: numbers such as pain scores, 0 to 10)"
VERSION = 2  # raised when a release writes something an older one could not read


def dump(records: Sequence[Record]) -> str:
    """The export file's text; the same records always give the same text."""
    lines = [json.dumps(as_json(r), ensure_ascii=False, separators=(", ", ": ")) for r in records]
    body = ",\n".join(f"    {line}" for line in lines)
    return (
        f'{{\n  "format": "{FORMAT}",\n  "version": {VERSION},\n  "records": [\n'
        + (f"{body}\n" if lines else "")
        + "  ]\n}\n"
    )


def load(text: str, name: str, now: datetime | None = None) -> tuple[list[Record], list[Problem]]:
    """The records of an export file, or every problem found in it (then no records). With
    ``now``, a record made more than a day after it is refused, naming its place and field."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno} column {error.colno}"
        return [], [Problem(name, where, f"is not valid JSON ({error.msg})")]
    except RecursionError:
        return [], [Problem(name, "(file)", NESTED)]
    except ValueError:  # a number of thousands of digits, which JSON allows and Python refuses
        return [], [Problem(name, "(file)", TOO_LONG)]
    problems = _heading(data, name)
    if problems:
        return [], problems
    assert isinstance(data, dict)
    records: list[Record] = []
    for index, item in enumerate(data["records"]):
        where = f"{name}: records[{index}]"
        record, found = parse_record(item, where)
        problems += found
        if record is not None and now is not None:
            try:
                in_range(record.at, now)
            except ValueError as error:
                problems.append(Problem(where, "at", str(error)))
                continue
        if record is not None:
            records.append(record)
    return ([], problems) if problems else (records, [])


def _heading(data: object, name: str) -> list[Problem]:
    """Whether this is an export file of a version this backbeat can read."""
    if not isinstance(data, dict):
        return [Problem(name, "(file)", "expected a JSON object made by `backbeat export`")]
    if data.get("format") != FORMAT:
        found = json.dumps(data.get("format"))
        return [Problem(name, "format", f"is {found} (allowed: {json.dumps(FORMAT)})")]
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        return [Problem(name, "version", f"is {json.dumps(version)} (allowed: 1 to {VERSION})")]
    if version > VERSION:
        return [
            Problem(
                name,
                "version",
                f"is {version}, from a newer backbeat (this one reads up to {VERSION}); "
                "update backbeat to import it",
            )
        ]
    if not isinstance(data.get("records"), list):
        return [Problem(name, "records", "expected a list of records [...]")]
    unknown = sorted(set(data) - {"format", "version", "records"})
    if unknown:
        return [Problem(name, unknown[0], "is not a key of the export format")]
    return []


def unknown_movements(records: Sequence[Record], known: Collection[str]) -> list[str]:
    """Movement ids the records name that this catalogue does not hold: kept as they are (a
    movement of one's own from another machine), and named in the import's summary."""
    named: dict[str, None] = {}
    for record in records:
        if isinstance(record, MoveRecord):
            named[record.move] = None
        elif isinstance(record, SessionRecord):
            named.update(dict.fromkeys(record.session))
    return sorted(move for move in named if move not in known)


def unknown_sentence(moves: Sequence[str]) -> str | None:
    """The summary's words for them; None when every movement is known."""
    if not moves:
        return None
    shown = ", ".join(moves[:10]) + (f" and {len(moves) - 10} more" if len(moves) > 10 else "")
    return (
        f"Kept as they are, though not in this catalogue (movements of your own from another "
        f"machine, perhaps): {shown}."
    )
