"""The catalogue: every movement as a card with a small looping figure, filtered as
``backbeat moves`` filters, and a page per movement."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from backbeat.catalog.schema import Movement
from backbeat.catalog.vocabulary import KINDS, PLACES, POSITIONS, REGIONS
from backbeat.web.site import Site, site_from

FILTERS = (("place", PLACES), ("position", POSITIONS), ("region", REGIONS), ("kind", KINDS))


def moves(request: Request) -> Response:
    site = site_from(request)
    chosen: dict[str, str] = {}
    problems = []
    for name, allowed in FILTERS:
        value = request.query_params.get(name, "")
        if value and value not in allowed:
            problems.append(f"{name}: {value!r} is not one of {', '.join(allowed)}")
        elif value:
            chosen[name] = value
    found = site.catalogue.select(**chosen)
    return site.render(
        request,
        "moves.html",
        status=400 if problems else 200,
        title="Movements",
        active="/moves",
        filters=FILTERS,
        chosen=chosen,
        found=found,
        total=len(site.catalogue),
        problems=problems,
    )


def _movement(site: Site, move_id: str) -> Movement:
    movement = site.catalogue.get(move_id)
    if movement is None:
        close = site.catalogue.suggest(move_id)
        hint = f" Did you mean {' or '.join(close)}?" if close else ""
        raise HTTPException(404, f"There is no movement {move_id!r}.{hint}")
    return movement


def move(request: Request) -> Response:
    site = site_from(request)
    movement = _movement(site, request.path_params["move"])
    links = {
        label: [site.catalogue.movements[i] for i in ids if i in site.catalogue.movements]
        for label, ids in (("Easier", movement.easier), ("Harder", movement.harder))
    }
    return site.render(
        request,
        "move.html",
        title=movement.name,
        active="/moves",
        movement=movement,
        links=links,
    )


ROUTES = [
    Route("/moves", moves),
    Route("/moves/{move}", move),
]
