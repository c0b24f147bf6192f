"""What a command says about a movement id it does not know, and the catalogue's ids for a
command that needs no more of it."""

from __future__ import annotations

from collections.abc import Iterable

from backbeat.catalog.catalogue import Catalogue, nearest
from backbeat.context import Env, opened


def hint(known: Catalogue | Iterable[str], name: str) -> str:
    """What to add after "unknown movement NAME": the nearest ids, or where to find them all."""
    close = known.suggest(name) if isinstance(known, Catalogue) else nearest(known, name)
    if not close:
        return "; `backbeat moves` lists them all"
    return f" (did you mean {' or '.join(close)}?)"


def open_ids(env: Env) -> dict[str, str] | None:
    """The ids (and files) of the catalogue ``open_catalogue`` gives, read from its cache
    without the movements when it can, its problems said as ``open_catalogue`` says them."""
    from backbeat.catalog.loader import movement_ids

    return opened(env, movement_ids)
