"""A printable handout of today's plan, as a physiotherapist would give: the day's moments, then
each movement with its figures, dose, steps and cautions, sized for A4 or Letter."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from backbeat.catalog.schema import Movement
from backbeat.plan.model import Item, Slot
from backbeat.web.site import site_from
from backbeat.web.today import today_or_response

PAPERS = ("a4", "letter")
CARDS = 10
"""Movements drawn in full, those of the day's own moments first, then those the repeated
breaks take in turn; any more are one line each (name, dose, first step and cautions), so the
handout stays on two pages however many movements the day goes through."""


@dataclass
class Row:
    """One line of the handout's day: a slot, or a run of the same moment (desk breaks every
    half hour) written once with its first and last time."""

    first: str
    last: str
    moment: str
    place: str
    times: int = 1
    moves: list[str] = field(default_factory=list)


def shared_cautions(movements: Sequence[Movement]) -> dict[str, list[str]]:
    """Cautions that several of the day's movements share (pregnancy, hip surgery, fragile
    bones), each with the names of the movements it belongs to: printed once, so that every
    caution is on the page without the same paragraph under half the movements."""
    names: dict[str, list[str]] = {}
    for movement in movements:
        for caution in movement.cautions:
            names.setdefault(caution, []).append(movement.name)
    return {caution: found for caution, found in names.items() if len(found) > 1}


def split(first: dict[str, Item], slots: Sequence[Slot]) -> tuple[list[Item], list[Item]]:
    """The movements drawn in full, and those listed briefly (``CARDS``)."""
    counts: dict[tuple[str, str], int] = {}
    for slot in slots:
        counts[slot.moment, slot.place] = counts.get((slot.moment, slot.place), 0) + 1
    only_in_breaks = {
        item.move
        for item in first.values()
        if all(
            counts[s.moment, s.place] > 1
            for s in slots
            if any(i.move == item.move for i in s.items)
        )
    }
    ordered = sorted(first.values(), key=lambda item: item.move in only_in_breaks)
    return ordered[:CARDS], ordered[CARDS:]


def rows(slots: Sequence[Slot]) -> list[Row]:
    found: list[Row] = []
    for slot in slots:
        if found and found[-1].moment == slot.moment and found[-1].place == slot.place:
            row = found[-1]
            row.last, row.times = slot.time, row.times + 1
        else:
            row = Row(slot.time, slot.time, slot.moment, slot.place)
            found.append(row)
        row.moves += [i.move for i in slot.items if i.move not in row.moves]
    return found


def handout(request: Request) -> Response:
    site = site_from(request)
    paper = request.query_params.get("paper", "a4")
    if paper not in PAPERS:
        raise HTTPException(400, f"paper: {paper!r} (allowed: {', '.join(PAPERS)})")
    day = today_or_response(request, site)
    if isinstance(day, Response):
        return day
    first: dict[str, Item] = {}  # each movement once, at its first dose of the day
    for slot in day.day.slots:
        for item in slot.items:
            first.setdefault(item.move, item)
    shared = shared_cautions([site.catalogue.movements[m] for m in first])
    cards, brief = split(first, day.day.slots)
    return site.render(
        request,
        "handout.html",
        title="Your movement plan",
        active="/handout",
        today=day,
        items=cards,
        brief=brief,
        shared=shared,
        rows=rows(day.day.slots),
        movements=site.catalogue.movements,
        paper=paper,
        papers=PAPERS,
    )


ROUTES = [Route("/handout", handout)]
