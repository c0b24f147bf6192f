"""Problems found in movement files, worded so a person can fix the file without reading code.

Every problem reads ``FILE: field: what is wrong (allowed: ...)``.
"""

from __future__ import annotations

import re
import tomllib
import types
import typing
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, get_args, get_origin

from backbeat import disk

if TYPE_CHECKING:  # pydantic loads only where a file is validated; a Problem needs none of it
    from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound="BaseModel")
_LINE = re.compile(r"at line (\d+)")
NESTED = "is nested too deeply to read (allowed: tables and lists a few levels deep)"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with one file."""

    file: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.field}: {self.message}"


def read_toml(path: Path) -> tuple[dict[str, Any] | None, list[Problem]]:
    """A TOML file's tables, or the one problem that kept it from being read (with its line).
    A folder, a FIFO or a device where the file should be is named, never waited on."""
    file = str(path)
    try:
        return tomllib.loads(disk.read_text(path)), []
    except UnicodeDecodeError as error:
        return None, [Problem(file, "(file)", f"is not UTF-8 text ({error.reason})")]
    except OSError as error:
        return None, [Problem(file, "(file)", f"cannot be read ({disk.reason(error)})")]
    except RecursionError:
        return None, [Problem(file, "(file)", NESTED)]
    except tomllib.TOMLDecodeError as error:
        line = _LINE.search(str(error))
        where = f"line {line.group(1)}" if line else "(file)"
        return None, [Problem(file, where, f"malformed TOML: {error}")]


def read_model(path: Path, model: type[M]) -> tuple[M | None, list[Problem]]:
    """A TOML file validated as ``model``, or every problem that kept it from being one."""
    from pydantic import ValidationError

    data, problems = read_toml(path)
    if data is None:
        return None, problems
    try:
        return model.model_validate(data), []
    except ValidationError as error:
        return None, from_validation(str(path), error, model)


def field_path(loc: Sequence[str | int]) -> str:
    """``("motion", "keyframes", 1, "t")`` becomes ``motion.keyframes[1].t``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out or "(file)"


def _unwrap(annotation: Any) -> Any:
    """The model, literal or plain type inside ``Annotated``, ``X | None`` and tuples."""
    while True:
        origin = get_origin(annotation)
        if origin is typing.Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            annotation = next(a for a in get_args(annotation) if a is not type(None))
        else:
            return annotation


def _field_at(model: type[BaseModel], loc: Sequence[str | int]) -> Any:
    """The annotation found by walking ``loc`` from ``model`` (None when lost)."""
    from pydantic import BaseModel

    annotation: Any = model
    for part in loc:
        annotation = _unwrap(annotation)
        if isinstance(part, int) or get_origin(annotation) in (tuple, list, dict):
            args = get_args(annotation)
            annotation = args[-1] if args and args[-1] is not Ellipsis else args[0]
            continue
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            return None
        info = annotation.model_fields.get(part)
        if info is None:
            return None
        annotation = info.annotation
        if info.metadata:
            annotation = typing.Annotated[annotation, *info.metadata]
    return annotation


def _constraints(annotation: Any) -> dict[str, Any]:
    """Bounds and lengths declared with ``Field`` or ``Annotated`` on a field, by name."""
    found: dict[str, Any] = {}
    while True:
        origin = get_origin(annotation)
        if origin is typing.Annotated:
            inner, *meta = get_args(annotation)
            for item in meta:
                for constraint in getattr(item, "metadata", [item]):
                    for name in ("ge", "le", "min_length", "max_length"):
                        if hasattr(constraint, name):
                            found[name] = getattr(constraint, name)
            annotation = inner
        elif origin in (typing.Union, types.UnionType):
            annotation = next(a for a in get_args(annotation) if a is not type(None))
        else:
            return found


_TYPE_WORDS = {
    "int": "a whole number",
    "float": "a number",
    "string": "text in quotes",
    "bool": "true or false",
    "tuple": "a list [...]",
    "list": "a list [...]",
    "dict": "a table",
    "model": "a table",
}


def _describe(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _message(error: Any, model: type[BaseModel]) -> str:
    from pydantic import BaseModel

    kind: str = error["type"]
    loc = error["loc"]
    value = error.get("input")
    annotation = _field_at(model, loc)
    if kind == "missing":
        return "missing required key"
    if kind == "extra_forbidden":
        parent = _field_at(model, loc[:-1])
        parent = _unwrap(parent)
        if isinstance(parent, type) and issubclass(parent, BaseModel):
            return f"unknown key (allowed: {', '.join(parent.model_fields)})"
        return "unknown key"
    if kind == "literal_error":
        choices = get_args(_unwrap(annotation)) if annotation is not None else ()
        if not choices:
            return f"unknown value {_describe(value)} ({error['msg']})"
        return f"unknown value {_describe(value)} (allowed: {', '.join(map(str, choices))})"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        limits = _constraints(annotation)
        allowed = f"{limits.get('ge')} to {limits.get('le')}"
        return f"{_describe(value)} is out of range (allowed: {allowed})"
    if kind in ("too_short", "too_long"):
        ctx = error.get("ctx", {})
        limits = _constraints(annotation)
        low, high = limits.get("min_length", 0), limits.get("max_length")
        allowed = f"{low} to {high}" if high is not None else f"at least {low}"
        return f"has {ctx.get('actual_length')} items (allowed: {allowed})"
    if kind in ("string_too_short", "string_too_long"):
        return (
            f"text of {len(value) if isinstance(value, str) else '?'} characters ({error['msg']})"
        )
    if kind == "value_error":
        return str(error.get("ctx", {}).get("error", error["msg"]))
    if kind == "string_pattern_mismatch":
        return f"{_describe(value)} is not a kebab-case id (allowed: lowercase words joined by -)"
    for prefix, words in _TYPE_WORDS.items():
        if kind.startswith(prefix):
            return f"expected {words}, got {_describe(value)}"
    return f"{error['msg']} (got {_describe(value)})"


def from_validation(file: str, error: ValidationError, model: type[BaseModel]) -> list[Problem]:
    """Every error pydantic found, in the file's own terms."""
    return [
        Problem(file, field_path(e["loc"]), _message(e, model))
        for e in error.errors(include_url=False)
    ]
