"""Which movements a person may be given, and where: avoid lists, safety limits, pauses and the
variations progression has moved them to. Every rule of the plan chooses through this one door.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from backbeat.catalog.catalogue import Catalogue
from backbeat.catalog.schema import Movement
from backbeat.plan.profile import Profile
from backbeat.plan.progression import Progress

SEVERE_PAIN = 8  # from this pain on, only the gentlest movements and short sessions
BACKBEND_MAX_PAIN = 3  # backward bends only once pain during movement is this or less

T = TypeVar("T")


def rotate(items: Sequence[T], by: int) -> list[T]:
    """``items`` starting at position ``by`` (wrapping): variety without randomness."""
    if not items:
        return []
    k = by % len(items)
    return [*items[k:], *items[:k]]


@dataclass(frozen=True)
class Chooser:
    """The movements open to one person this week."""

    catalogue: Catalogue
    profile: Profile
    progress: Progress

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

    def allowed(self, m: Movement) -> bool:
        """Not avoided (by id, position or kind), not paused, and safe at today's pain."""
        avoid = set(self.profile.prefs.avoid)
        if avoid & {m.id, m.position, m.kind} or m.id in self.progress.paused:
            return False
        if "backbend" in m.tags and not self.backbends_ok:
            return False
        return not self.severe or (m.effort <= 2 and m.position != "prone")

    def fits(self, m: Movement, place: str) -> bool:
        return place in m.places and place not in m.avoid_places

    def pool(self, candidates: Iterable[Movement], place: str) -> list[Movement]:
        """Candidates usable at ``place``, each replaced by its current variation when that is
        allowed there too; duplicates dropped, order kept."""
        chosen: list[Movement] = []
        for m in candidates:
            now = self.catalogue.get(self.progress.current(m.id))
            pick = now if now is not None and self.allowed(now) and self.fits(now, place) else m
            if self.allowed(pick) and self.fits(pick, place) and pick not in chosen:
                chosen.append(pick)
        return chosen

    def where(
        self, place: str, *, kinds: Iterable[str] = (), tag: str | None = None
    ) -> list[Movement]:
        """Open movements of the given kinds (any if none) or tag, usable at ``place``."""
        wanted = set(kinds)
        return self.pool(
            (
                m
                for m in self.catalogue.movements.values()
                if (not wanted or m.kind in wanted) and (tag is None or tag in m.tags)
            ),
            place,
        )
