"""Opening the catalogue for a command: built-in plus the user's own, problems on stderr."""

from __future__ import annotations

from backbeat.catalog.catalogue import Catalogue
from backbeat.catalog.loader import BrokenCatalogue, with_user_movements
from backbeat.cli.env import Env


def open_catalogue(env: Env) -> Catalogue | None:
    """The catalogue; a user movement file that is invalid is reported and skipped.

    Returns None (after saying why) only when the built-in catalogue itself is broken.
    """
    try:
        catalogue, problems = with_user_movements(env.home)
    except BrokenCatalogue as error:
        env.stderr.write(
            f"backbeat: the built-in catalogue is broken, please report this:\n{error}\n"
        )
        return None
    for problem in problems:
        env.stderr.write(f"backbeat: skipped a movement file: {problem}\n")
    return catalogue


def hint(catalogue: Catalogue, name: str) -> str:
    """What to add after "unknown movement NAME": the nearest ids, or where to find them all."""
    close = catalogue.suggest(name)
    if not close:
        return "; `backbeat moves` lists them all"
    return f" (did you mean {' or '.join(close)}?)"
