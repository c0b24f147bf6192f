"""A person's programme after some weeks' decisions: what progression carries from one week to
the next, and what a face may keep between runs (as JSON) so that a plan decides again only the
weeks since, not every week from the first check-in. What was decided is never decided again
differently: a kept state is worth keeping only while the check-ins it came from are unchanged,
which the face that keeps it checks.

Pure: values in, values and JSON out.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal, get_args

from backbeat.catalog.catalogue import Catalogue

ChangeKind = Literal["harder", "easier", "paused", "added", "steady", "held", "replaced", "resumed"]
_KINDS: dict[str, ChangeKind] = {kind: kind for kind in get_args(ChangeKind)}
FORMAT = 1  # of the JSON below: a kept state in another format is not read


@dataclass(frozen=True, slots=True)
class Change:
    """One decision about one movement, with the reason in plain words."""

    move: str
    change: ChangeKind
    to: str | None
    why: str

    def as_json(self) -> dict[str, object]:
        return {"move": self.move, "change": self.change, "to": self.to, "why": self.why}


@dataclass(frozen=True, slots=True)
class Up:
    """A change up still open to the morning rule: ``move`` stepped up to from ``before`` on
    the line of ``base``, or added (``base`` and ``before`` None)."""

    move: str
    base: str | None = None
    before: str | None = None


@dataclass(frozen=True)
class Snapshot:
    """The programme after some weeks' decisions: ``changes`` and ``paused`` are the last
    week's."""

    swaps: dict[str, str] = field(default_factory=dict)  # in the order made: see ``_Week``
    added: tuple[str, ...] = ()
    changes: tuple[Change, ...] = ()
    paused: frozenset[str] = frozenset()
    back: frozenset[str] = frozenset()  # stepped back from, until grown back into
    returning: frozenset[str] = frozenset()  # back from a pause at half dose, until it goes well
    ups: tuple[Up, ...] = ()  # changes up, oldest first
    seen: frozenset[str] = frozenset()  # every movement checked in so far

    def as_json(self) -> dict[str, object]:
        return {
            "swaps": [[base, now] for base, now in self.swaps.items()],
            "added": list(self.added),
            "changes": [[c.move, c.change, c.to, c.why] for c in self.changes],
            "paused": sorted(self.paused),
            "back": sorted(self.back),
            "returning": sorted(self.returning),
            "ups": [[u.move, u.base, u.before] for u in self.ups],
            "seen": sorted(self.seen),
        }

    @classmethod
    def from_json(cls, data: object) -> Snapshot:
        """The snapshot ``as_json`` gave; ``ValueError`` for anything else."""
        found = _mapping(data)
        changes = []
        for move, change, to, why in (_row(c, 4) for c in _list(found["changes"])):
            kind = _KINDS.get(_text(change))
            if kind is None:
                raise ValueError(f"not a change: {change!r}")
            changes.append(Change(_text(move), kind, _maybe(to), _text(why)))
        return cls(
            swaps={_text(b): _text(n) for b, n in (_row(s, 2) for s in _list(found["swaps"]))},
            added=_texts(found["added"]),
            changes=tuple(changes),
            paused=frozenset(_texts(found["paused"])),
            back=frozenset(_texts(found["back"])),
            returning=frozenset(_texts(found["returning"])),
            ups=tuple(
                Up(_text(m), _maybe(b), _maybe(p))
                for m, b, p in (_row(u, 3) for u in _list(found["ups"]))
            ),
            seen=frozenset(_texts(found["seen"])),
        )


@dataclass(frozen=True)
class Resume:
    """Where a replay of a person's check-ins may take up: ``state`` after deciding weeks 1 to
    ``weeks`` (week 1 begins on ``monday``; ``earliest`` is the day of the first check-in)."""

    monday: date
    earliest: date
    weeks: int
    state: Snapshot

    def __post_init__(self) -> None:
        if self.weeks < 1 or self.monday.weekday() != 0 or self.earliest < self.monday:
            raise ValueError(f"not a programme's week: {self.weeks} from {self.monday}")

    @property
    def needs(self) -> date:
        """The first day whose check-ins the weeks after still need: the Monday of the last
        week decided, whose mornings are the baseline of the next week's."""
        return self.monday + timedelta(weeks=self.weeks - 1)

    @property
    def first_day(self) -> date:
        """The first day it can plan: a day is planned with the weeks before its own decided,
        the last of them from the check-ins before that day."""
        return self.monday + timedelta(weeks=self.weeks + 1)

    def as_json(self) -> dict[str, object]:
        return {
            "format": FORMAT,
            "monday": self.monday.isoformat(),
            "earliest": self.earliest.isoformat(),
            "weeks": self.weeks,
            "state": self.state.as_json(),
        }

    @classmethod
    def from_json(cls, data: object) -> Resume:
        """The resume ``as_json`` gave; ``ValueError`` for anything else (another format, a
        file cut short, a key missing or of the wrong type)."""
        found = _mapping(data)
        weeks = found["weeks"]
        if found["format"] != FORMAT or not isinstance(weeks, int) or isinstance(weeks, bool):
            raise ValueError("another format")
        return cls(
            date.fromisoformat(_text(found["monday"])),
            date.fromisoformat(_text(found["earliest"])),
            weeks,
            Snapshot.from_json(found["state"]),
        )


def basis(catalogue: Catalogue, usual_pain: int) -> str:
    """What decisions rest on besides the check-ins: every movement of the catalogue (their
    names are in the reasons given, their variations and places in the choices) and the pain
    the person usually has. A kept state made on another basis is not taken up."""
    digest = hashlib.sha256(f"{usual_pain}\n".encode())
    for movement in catalogue.movements.values():
        digest.update(movement.model_dump_json().encode())
    return digest.hexdigest()


class _Fields(dict[str, object]):
    """An object read from JSON, whose missing key is a ``ValueError`` like any other flaw."""

    def __missing__(self, key: str) -> object:
        raise ValueError(f"{key} is missing")


def _mapping(data: object) -> _Fields:
    if not isinstance(data, Mapping):
        raise ValueError("not an object")
    return _Fields({str(k): v for k, v in data.items()})


def _list(data: object) -> Sequence[object]:
    if not isinstance(data, list):
        raise ValueError("not a list")
    return data


def _row(data: object, size: int) -> Sequence[object]:
    found = _list(data)
    if len(found) != size:
        raise ValueError(f"not {size} items")
    return found


def _text(data: object) -> str:
    if not isinstance(data, str):
        raise ValueError("not a string")
    return data


def _maybe(data: object) -> str | None:
    return None if data is None else _text(data)


def _texts(data: object) -> tuple[str, ...]:
    return tuple(_text(item) for item in _list(data))
