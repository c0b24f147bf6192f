"""What a command says about a movement id it does not know."""

from __future__ import annotations

from backbeat.catalog.catalogue import Catalogue


def hint(catalogue: Catalogue, name: str) -> str:
    """What to add after "unknown movement NAME": the nearest ids, or where to find them all."""
    close = catalogue.suggest(name)
    if not close:
        return "; `backbeat moves` lists them all"
    return f" (did you mean {' or '.join(close)}?)"
