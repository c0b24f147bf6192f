"""A value sent back into a form's typed field (time, number) only when the field's type allows
it: a refused answer such as ``25:00`` or ``x`` is named in the page's list of problems, while
the field itself must hold a valid value (HTML says so, and browsers would show it empty)."""

from __future__ import annotations

import re

_TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?")
_NUMBER = re.compile(r"-?(\d+(\.\d+)?|\.\d+)([eE][-+]?\d+)?")


def typed(value: object, kind: str) -> str:
    """``value`` as text when it is a valid ``kind`` ("time" or "number") for an input, else ""."""
    text = "" if value is None else str(value).strip()
    pattern = _TIME if kind == "time" else _NUMBER
    return text if pattern.fullmatch(text) else ""
