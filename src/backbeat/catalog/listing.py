"""A movement as JSON: the listing ``backbeat moves --json`` and ``GET /api/v1/moves`` give, and
the whole entry ``moves show ID --json`` and ``GET /api/v1/moves/{id}`` give. One shape for
both faces, built here."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from backbeat.catalog.schema import Movement

LIST_FIELDS = (
    *("id", "name", "summary", "kind", "position", "places", "avoid_places", "regions"),
    *("effort", "tags", "dose", "easier", "harder", "cautions", "sources"),
)
"""The keys of a movement in a listing, in order."""


def movement_json(movement: Movement, *, full: bool) -> dict[str, Any]:
    """The JSON shape of a movement: the listing fields, or with ``full`` the whole entry."""
    data = movement.model_dump(mode="json", exclude_none=True)
    return data if full else {key: data[key] for key in LIST_FIELDS}


def listing_json(movements: Iterable[Movement]) -> list[dict[str, Any]]:
    """Movements as a listing, in the order given."""
    return [movement_json(m, full=False) for m in movements]
