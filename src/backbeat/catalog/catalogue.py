"""The catalogue: every known movement by id, and the questions the rest of backbeat asks of it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pydantic's models: a catalogue read from the cache needs none to be built
    from backbeat.catalog.schema import Movement


@dataclass(frozen=True)
class Catalogue:
    """Movements by id (sorted), and which file each came from (for messages). ``origin`` names
    the movement files it was read from, as the loader's cache knows them (their names, times
    and sizes, and the versions reading them), when it was read from files: two catalogues of
    one origin hold the same movements, which lets a cache derived from them skip reading them."""

    movements: Mapping[str, Movement]
    files: Mapping[str, str] = field(default_factory=dict)
    origin: str | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "movements", MappingProxyType(dict(sorted(self.movements.items())))
        )
        object.__setattr__(self, "files", MappingProxyType(dict(self.files)))

    def at(self, place: str) -> tuple[Movement, ...]:
        """The movements that can be done at ``place`` (in it and not avoided there), in order;
        worked out once per place, as a plan asks the same question many times."""
        index: dict[str, tuple[Movement, ...]] = self.__dict__.setdefault("_at", {})
        found = index.get(place)
        if found is None:
            found = index[place] = tuple(
                m
                for m in self.movements.values()
                if place in m.places and place not in m.avoid_places
            )
        return found

    def having(self, key: str, value: str) -> frozenset[str]:
        """Ids of the movements whose ``key`` (``position``, ``kind``, or ``tag``: one of its
        tags) is ``value``; the index is made once per catalogue, so a plan can rule out a kind
        of movement without looking at each movement of a large catalogue."""
        index: dict[tuple[str, str], frozenset[str]] | None = self.__dict__.get("_having")
        if index is None:
            found: dict[tuple[str, str], set[str]] = {}
            for m in self.movements.values():
                keys = [("position", m.position), ("kind", m.kind)]
                for entry in (*keys, *(("tag", t) for t in m.tags)):
                    found.setdefault(entry, set()).add(m.id)
            index = self.__dict__.setdefault(
                "_having", {entry: frozenset(ids) for entry, ids in found.items()}
            )
        return index.get((key, value), frozenset())

    def __len__(self) -> int:
        return len(self.movements)

    def get(self, move_id: str) -> Movement | None:
        return self.movements.get(move_id)

    def first(self, ids: Iterable[str]) -> Movement | None:
        """The first of ``ids`` this catalogue holds: a variation link may name a movement
        that was left out (an invalid user file), and the next one then serves."""
        return next((self.movements[i] for i in ids if i in self.movements), None)

    def suggest(self, name: str, n: int = 3) -> list[str]:
        """The ids nearest to a mistyped one, best first."""
        return nearest(self.movements, name, n)

    def without(self, tags: Iterable[str]) -> Catalogue:
        """This catalogue less the movements carrying any of ``tags`` (variation links to them
        then lead on to the next variation, as ``first`` does)."""
        left = set(tags)
        kept = {i: m for i, m in self.movements.items() if not left & set(m.tags)}
        return Catalogue(kept, {i: f for i, f in self.files.items() if i in kept})

    def select(
        self,
        *,
        place: str | None = None,
        position: str | None = None,
        region: str | None = None,
        kind: str | None = None,
    ) -> tuple[Movement, ...]:
        """Movements matching every filter given; a place also rules out where to avoid it."""
        return tuple(
            m
            for m in self.movements.values()
            if (place is None or (place in m.places and place not in m.avoid_places))
            and (position is None or m.position == position)
            and (region is None or region in m.regions)
            and (kind is None or m.kind == kind)
        )


def nearest(ids: Iterable[str], name: str, n: int = 3) -> list[str]:
    """Of ``ids``, those nearest to a mistyped one, best first (``Catalogue.suggest``, for a
    command that holds only the ids)."""
    import difflib

    known = list(ids)
    close = difflib.get_close_matches(name, known, n=n, cutoff=0.5)
    if not close:
        close = [i for i in known if name and (name in i or i in name)][:n]
    return close
