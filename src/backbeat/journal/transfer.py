"""The journal's export format: every record, oldest first, under a format name and version.

One record per line keeps a large export readable and easy to compare. Reading checks the whole
file before anything is stored, so a bad file changes nothing: every problem is reported with
the record's place (``records[12]``) and field.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from backbeat.catalog.problems import NESTED, Problem
from backbeat.records import Record, as_json, parse_record

FORMAT = "backbeat-journal"
VERSION = 1  # raised when a release writes something an older one could not read


def dump(records: Sequence[Record]) -> str:
    """The export file's text; the same records always give the same text."""
    lines = [json.dumps(as_json(r), ensure_ascii=False, separators=(", ", ": ")) for r in records]
    body = ",\n".join(f"    {line}" for line in lines)
    return (
        f'{{\n  "format": "{FORMAT}",\n  "version": {VERSION},\n  "records": [\n'
        + (f"{body}\n" if lines else "")
        + "  ]\n}\n"
    )


def load(text: str, name: str) -> tuple[list[Record], list[Problem]]:
    """The records of an export file, or every problem found in it (then no records)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno} column {error.colno}"
        return [], [Problem(name, where, f"is not valid JSON ({error.msg})")]
    except RecursionError:
        return [], [Problem(name, "(file)", NESTED)]
    problems = _heading(data, name)
    if problems:
        return [], problems
    assert isinstance(data, dict)
    records: list[Record] = []
    for index, item in enumerate(data["records"]):
        record, found = parse_record(item, f"{name}: records[{index}]")
        problems += found
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
