"""The history a plan reads. A face that holds every record passes them as a sequence; a face
that reads a journal passes a source that answers ``window`` (``backbeat.history`` keeps the
weekly state between runs), so the cost of a plan follows the weeks since the last kept state,
not the years of the journal. Both give the same plan: that is what the kept state is for.

Pure: the records, or the source, come in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol, runtime_checkable

from backbeat.catalog.catalogue import Catalogue
from backbeat.plan.snapshot import Resume
from backbeat.records import Record


@dataclass(frozen=True)
class Window:
    """The records a plan from some day on reads, and the programme they take up from (None:
    the records are the whole history). With a resume, ``records`` hold at least the check-ins
    and sessions from its ``needs`` day on."""

    records: Sequence[Record]
    resume: Resume | None = None

    def window(self, catalogue: Catalogue, usual_pain: int, start: date) -> Window:
        return self


@runtime_checkable
class Windowed(Protocol):
    """A history that gives, for plans from ``start`` on with this catalogue and usual pain,
    only the records they need and the kept programme those follow on from."""

    def window(self, catalogue: Catalogue, usual_pain: int, start: date) -> Window: ...


History = Sequence[Record] | Windowed


def window(history: History, catalogue: Catalogue, usual_pain: int, start: date) -> Window:
    """What a plan from ``start`` reads of ``history``."""
    if isinstance(history, Windowed):
        return history.window(catalogue, usual_pain, start)
    return Window(history)
