"""Refusals as the API gives them: ``{"problems": [{"field": ..., "message": ...}]}``, whatever
refused the request (a query parameter, a key of the body, a header, the profile file)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from starlette.responses import JSONResponse, Response

from backbeat.catalog.problems import Problem, field_path
from backbeat.json_text import json_text


class JSONText(JSONResponse):
    """JSON as the commands print it (``backbeat.json_text``), so an answer and a ``--json``
    output made from the same core object are the same bytes."""

    def render(self, content: Any) -> bytes:
        return json_text(content).encode()


def problem(field: str, message: str) -> dict[str, str]:
    return {"field": field, "message": message}


def refusal(
    status: int, problems: Iterable[dict[str, str]], headers: dict[str, str] | None = None
) -> Response:
    return JSONText({"problems": list(problems)}, status_code=status, headers=headers)


def from_file(problems: Sequence[Problem]) -> list[dict[str, str]]:
    """A file's problems (the profile's), by key."""
    return [problem(p.field, p.message) for p in problems]


def from_errors(errors: Sequence[Any], *, skip: int = 1) -> list[dict[str, str]]:
    """pydantic's errors, each named by its field (the first ``skip`` parts of each location
    say where it was, as ``query`` or ``body``, and are left out)."""
    found = []
    for error in errors:
        loc = [part for part in error.get("loc", ())[skip:] if not _is_branch(part)]
        found.append(problem(field_path(loc) if loc else "(body)", message(error)))
    return found


def _is_branch(part: object) -> bool:
    """The name pydantic gives a branch of a union or a validator, not a key."""
    return isinstance(part, str) and ("[" in part or part.startswith("function-"))


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


_TYPES = {
    "int": "a whole number",
    "float": "a number",
    "bool": "true or false",
    "string": "text in quotes",
    "list": "a list [...]",
    "dict": "an object {...}",
    "model": "an object {...}",
}


def message(error: Any) -> str:
    """One pydantic error in the words the rest of backbeat uses: what is wrong, and what is
    allowed."""
    kind: str = error.get("type", "")
    ctx = error.get("ctx") or {}
    value = error.get("input")
    if kind == "missing":
        return "is missing"
    if kind == "extra_forbidden":
        return "is not a key this takes"
    if kind == "json_invalid":
        return f"is not valid JSON ({ctx.get('error', 'unreadable')})"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bounds = {
            "ge": "at least {}",
            "le": "at most {}",
            "gt": "above {}",
            "lt": "below {}",
        }
        allowed = next(words.format(ctx[k]) for k, words in bounds.items() if k in ctx)
        return f"{_shown(value)} is out of range (allowed: {allowed})"
    if kind in ("literal_error", "enum"):
        return f"{_shown(value)} is not allowed (allowed: {ctx.get('expected', '')})"
    if kind == "string_pattern_mismatch":
        return f"{_shown(value)} is not in the form allowed (the pattern {ctx.get('pattern')})"
    if kind in ("string_too_short", "string_too_long", "too_short", "too_long"):
        return f"{_shown(value)}: {error.get('msg', '')}"
    if kind == "value_error":
        return str(ctx.get("error", error.get("msg", "")))
    if kind in ("int_from_float", "int_parsing", "int_type"):
        return f"expected a whole number, got {_shown(value)}"
    for prefix, words in _TYPES.items():
        if kind.startswith(prefix):
            return f"expected {words}, got {_shown(value)}"
    return f"{error.get('msg', 'is not allowed')} (got {_shown(value)})"
