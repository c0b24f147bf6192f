"""Writing ``profile.toml`` with tomlkit: the values put in place in the file as it stands, its
comments and layout kept, or the documented layout. A module of its own so that reading a
profile (every command) never imports tomlkit."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, MutableMapping
from typing import Any, TypeVar

import tomlkit
from tomlkit.exceptions import TOMLKitError
from tomlkit.items import AoT, Table

from backbeat.plan.profile import WEEKDAYS, Profile

T = TypeVar("T")
ROWS = ("work", "moments")
"""The profile's lists of tables (``[[day.work]]``, ``[[day.moments]]``)."""


def profile_toml(profile: Profile, existing: str | None = None) -> str:
    """The profile as TOML: ``existing`` (a profile file's text) with each value that changed
    put in its place, its comments and layout kept; with none, or text that cannot take the
    values faithfully, the documented layout (times as "HH:MM")."""
    data = _profile_data(profile)
    if existing is not None:
        kept = _updated(existing, data)
        if kept is not None:
            return kept
    return tomlkit.dumps(_layout(data))


def _profile_data(profile: Profile) -> dict[str, Any]:
    """The profile's tables as the file holds them: an answer not given is left out, and so are
    a moment's days when it is every day (the default)."""
    data = profile.model_dump(mode="json", exclude_none=True)
    for moment in data.get("day", {}).get("moments", []):
        if tuple(moment.get("days", ())) == WEEKDAYS:
            del moment["days"]
    return data


def _layout(data: Mapping[str, Any]) -> tomlkit.TOMLDocument:
    """The documented layout: the answers about the back, then ``[day]`` with its work blocks
    and moments, ``[prefs]`` and ``[screen]``, a blank line before each table."""
    doc = tomlkit.document()
    for key, value in data.items():
        if not isinstance(value, dict):
            doc.add(key, value)
    doc.add(tomlkit.nl())
    for key, value in data.items():
        if isinstance(value, dict):
            doc.add(key, _table(value))
    return doc


def _table(data: Mapping[str, Any]) -> Table:
    table = tomlkit.table()
    for key, value in data.items():
        if key in ROWS:
            if value:  # no blocks: no key (every key is optional)
                table.add(key, _rows(value))
        elif isinstance(value, dict):
            table.add(key, _table(value))
        else:
            table.add(key, value)
    return table


def _rows(rows: list[dict[str, Any]]) -> AoT:
    array = tomlkit.aot()
    for row in rows:
        array.append(_table(row))
    return array


def _updated(existing: str, data: dict[str, Any]) -> str | None:
    """``existing`` with ``data``'s values in place, or None when it is not TOML or would not
    read back as ``data`` (a layout too unusual to update faithfully)."""
    try:
        doc = tomlkit.parse(existing)
        _update(doc, data)
        text = doc.as_string().rstrip("\n") + "\n"
        kept = tomllib.loads(text)
    except (TOMLKitError, RecursionError, LookupError, TypeError, ValueError, AttributeError):
        return None  # a layout too odd for tomlkit to update: the documented one instead
    return text if _same(kept, _as_written(data)) else None


def _as_written(data: Mapping[str, Any]) -> dict[str, Any]:
    """``data`` as a file holds it: an empty list of tables is no key at all."""
    return {
        key: _as_written(value) if isinstance(value, dict) else value
        for key, value in data.items()
        if not (key in ROWS and not value)
    }


def _update(box: MutableMapping[str, Any], data: Mapping[str, Any]) -> None:
    """Each key of ``data`` into the table ``box``: a value that is the same is left exactly as
    written (quotes, spacing, comment), a changed one takes the old one's place and comment, a
    new one goes at the end; keys that ``data`` no longer has are removed."""
    for key in [key for key in box if key not in data]:
        del box[key]
    for key, value in data.items():
        if key not in box:
            if key in ROWS:
                if value:
                    box[key] = _spaced(_rows(value))
            elif isinstance(value, dict):
                box[key] = _spaced(_table(value))
            else:
                box[key] = value
            continue
        old = box[key]
        if isinstance(value, dict) and isinstance(old, MutableMapping):
            _update(old, value)
        elif key in ROWS and isinstance(old, AoT):
            _update_rows(box, key, old, value)
        elif not _same(_plain(old), value):
            box[key] = _rows(value) if key in ROWS else value


def _update_rows(box: MutableMapping[str, Any], key: str, old: AoT, rows: list[Any]) -> None:
    """A list of tables updated row by row: rows added at its end, rows gone removed."""
    if not rows:
        del box[key]
        return
    for i, row in enumerate(rows[: len(old)]):
        _update(old[i], row)
    while len(old) > len(rows):
        del old[len(old) - 1]
    for row in rows[len(old) :]:
        last = old[len(old) - 1]
        if not last.as_string().endswith("\n\n"):
            last.add(tomlkit.nl())
        old.append(_spaced(_table(row)))


def _spaced(item: T) -> T:
    """A table added to an existing file, with a blank line after it as the layout has."""
    if isinstance(item, Table):
        item.add(tomlkit.nl())
    elif isinstance(item, AoT) and len(item):
        item[len(item) - 1].add(tomlkit.nl())
    return item


def _plain(value: object) -> object:
    unwrap = getattr(value, "unwrap", None)
    return unwrap() if callable(unwrap) else value


def _same(a: object, b: object) -> bool:
    """Equal values of the same types (TOML's ``true`` is not ``1``)."""
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b
