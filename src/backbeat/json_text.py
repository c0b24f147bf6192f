"""The one way backbeat writes JSON for people and programs: two spaces of indent, ASCII only,
and a final newline. ``--json`` output and the API's answers to the same question are made by
this function from the same core object, so they are the same bytes."""

from __future__ import annotations

import json


def json_text(data: object) -> str:
    """``data`` as JSON text; a float that is not finite is refused rather than written as
    ``NaN``, which no JSON reader takes."""
    return json.dumps(data, indent=2, allow_nan=False) + "\n"
