"""Which movements a person may be given, and where: avoid lists, safety limits, pauses and the
variations progression has moved them to. Every rule of the plan chooses through this one door.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TypeVar

from backbeat.catalog.catalogue import Catalogue
from backbeat.catalog.schema import Movement
from backbeat.plan.profile import Profile
from backbeat.plan.progression import GENTLE as STAND_IN_EFFORT
from backbeat.plan.progression import Progress

SEVERE_PAIN = 8  # from this pain on, only the gentlest movements and short sessions
GENTLEST = 2  # the highest effort open at severe pain
BACKBEND_MAX_PAIN = 3  # backward bends only once pain during movement is this or less

T = TypeVar("T")


def rotate(items: Sequence[T], by: int) -> list[T]:
    """``items`` starting at position ``by`` (wrapping): variety without randomness."""
    if not items:
        return []
    k = by % len(items)
    return [*items[k:], *items[:k]]


Shared = dict[tuple[object, ...], tuple[Movement, ...]]
"""Answers of ``Chooser.where`` that choosers of the days of one plan share: the days of a week
mostly choose alike, and with a large catalogue asking again is most of a plan's cost."""


@dataclass(frozen=True)
class Chooser:
    """The movements open to one person this week. Choosers given the same ``shared`` must
    choose from the same catalogue."""

    catalogue: Catalogue
    profile: Profile
    progress: Progress
    shared: Shared = field(default_factory=dict, compare=False, repr=False)

    @property
    def severe(self) -> bool:
        return self.profile.pain >= SEVERE_PAIN

    @property
    def backbends_ok(self) -> bool:
        """Backward bends wait until reported pain during movement is 3/10 or less."""
        if self.severe:
            return False
        recent = self.progress.recent_pain_during
        pain = recent if recent is not None else self.profile.pain
        return pain <= BACKBEND_MAX_PAIN

    @cached_property
    def _avoided(self) -> frozenset[str]:
        return frozenset(self.profile.prefs.avoid)

    @cached_property
    def _resting(self) -> frozenset[str]:
        return self.progress.paused | self.progress.stepped_back

    @cached_property
    def _choosing(self) -> tuple[object, ...]:
        """All that ``where`` answers from besides its arguments (and the catalogue)."""
        progress = self.progress
        return (
            self._avoided,
            self._gentle_only,
            frozenset(progress.swaps.items()),
            progress.stepped_back,
            progress.paused,
        )

    @cached_property
    def _gentle_only(self) -> tuple[bool, bool]:
        """(severe, backward bends allowed), asked once per chooser rather than per movement."""
        return self.severe, self.backbends_ok

    @cached_property
    def _blocked(self) -> frozenset[str]:
        """The ids of the catalogue's movements ``allowed`` refuses, from its index rather than
        movement by movement (the same rules)."""
        having = self.catalogue.having
        avoid = self._avoided
        blocked = set(avoid) | self._resting
        for value in avoid:
            blocked |= having("position", value) | having("kind", value)
        severe, backbends_ok = self._gentle_only
        if not backbends_ok:
            blocked |= having("tag", "backbend")
        if severe:
            blocked |= {m.id for m in self.catalogue.movements.values() if not _gentlest(m)}
        return frozenset(blocked)

    def allowed(self, m: Movement) -> bool:
        """Not avoided (by id, position or kind), not paused, not stepped back from because it
        hurt, and safe at today's pain."""
        avoid = self._avoided
        if m.id in avoid or m.position in avoid or m.kind in avoid:
            return False
        if m.id in self._resting:
            return False
        severe, backbends_ok = self._gentle_only
        if not backbends_ok and "backbend" in m.tags:
            return False
        return not severe or _gentlest(m)

    def fits(self, m: Movement, place: str) -> bool:
        return place in m.places and place not in m.avoid_places

    def pick(self, m: Movement, place: str) -> Movement | None:
        """``m`` as it is given at ``place`` this week: its current variation when that is open
        there, else ``m`` itself when it is, else nothing."""
        now = self.catalogue.get(self.progress.current(m.id))
        if now is not None and self.fits(now, place) and self.allowed(now):
            return now
        if now is not m and self.fits(m, place) and self.allowed(m):
            return m
        return None

    def pool(self, candidates: Iterable[Movement], place: str) -> list[Movement]:
        """Candidates usable at ``place``, each replaced by its current variation when that is
        allowed there too; duplicates dropped, order kept.

        A movement stepped back from because it hurt never comes back in its easier
        variation's stead: where that variation rests or cannot be done, the next gentle
        candidate (effort 2 or less) open there takes its place, or nothing does."""
        listed = list(candidates)
        chosen: dict[str, Movement] = {}  # by id: comparing whole models is slow in a big catalogue
        movements, swaps = self.catalogue.movements, self.progress.swaps
        stepped_back, blocked = self.progress.stepped_back, self._blocked
        for n, m in enumerate(listed):
            if m.id not in swaps and movements.get(m.id) is m:  # ``pick``, quickly: no variation
                if place in m.places and place not in m.avoid_places and m.id not in blocked:
                    choice: Movement | None = m
                elif m.id not in stepped_back:
                    continue
                else:
                    choice = None
            else:
                choice = self.pick(m, place)
            if choice is None and m.id in self.progress.stepped_back:
                others = (self.pick(c, place) for c in [*listed[n + 1 :], *listed[:n]])
                choice = next(
                    (
                        c
                        for c in others
                        if c is not None and c.effort <= STAND_IN_EFFORT and c.id not in chosen
                    ),
                    None,
                )
            if choice is not None:
                chosen.setdefault(choice.id, choice)
        return list(chosen.values())

    def where(
        self, place: str, *, kinds: Iterable[str] = (), tag: str | None = None
    ) -> list[Movement]:
        """Open movements of the given kinds (any if none) or tag, usable at ``place``."""
        wanted = tuple(sorted(set(kinds)))
        key = (place, wanted, tag, self._choosing)
        found = self.shared.get(key)
        if found is None:
            found = self.shared[key] = tuple(self._where(place, set(wanted), tag))
        return list(found)

    def _where(self, place: str, wanted: set[str], tag: str | None) -> list[Movement]:
        # Only movements done at ``place``, or moved on to a variation, or stepped back from, can
        # come out of ``pool``; the others are left out before asking (the order is the id's).
        movements, progress = self.catalogue.movements, self.progress
        candidates = self.catalogue.at(place)
        if not (progress.swaps or progress.stepped_back):  # ``pool`` of plain candidates, at once
            blocked = self._blocked
            return [
                m
                for m in candidates
                if (not wanted or m.kind in wanted)
                and (tag is None or tag in m.tags)
                and m.id not in blocked
            ]
        if others := [
            movements[i] for i in progress.swaps.keys() | progress.stepped_back if i in movements
        ]:
            merged = {m.id: m for m in (*candidates, *others)}
            candidates = tuple(merged[i] for i in sorted(merged))
        return self.pool(
            (
                m
                for m in candidates
                if (not wanted or m.kind in wanted) and (tag is None or tag in m.tags)
            ),
            place,
        )


def _gentlest(m: Movement) -> bool:
    """Open at severe pain: effort 2 or less, and not lying face down."""
    return m.effort <= GENTLEST and m.position != "prone"
