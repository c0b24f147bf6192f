"""Reading ``history --json`` in tests: every record carries its id, which the records
themselves (as files and imports have them) do not, and a session saved as it was played carries
a key made at random for it, which no two runs share."""

from __future__ import annotations

import json
import re
from typing import Any

ID = re.compile(r"[0-9a-f]{12}")


def kept_records(out: str) -> list[dict[str, Any]]:
    """The records ``history --json`` printed, each checked for an id, without it or a key."""
    listed: list[dict[str, Any]] = json.loads(out)
    for record in listed:
        assert ID.fullmatch(record["id"]), record
    return [{k: v for k, v in record.items() if k not in ("id", "key")} for record in listed]
