"""A person's journal as a plan reads it (see ``backbeat.plan.history``): the state of their
programme after all but the last three weeks is kept in the cache folder, beside a fingerprint
of the check-ins it was decided from (``backbeat.journal.summary``), so that a plan reads and
decides only the weeks since, however many years the journal holds.

A kept state is taken up only while its fingerprint still matches, and only with the catalogue,
usual pain and rules it was decided with; otherwise the weeks are decided again from week 1, a
quarter of the check-ins read at a time (memory stays that of a quarter), and the new state is
kept. The cache is only ever a shortcut: the plan is the one every record gives.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from contextlib import AbstractContextManager
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Protocol, overload

from backbeat import disk
from backbeat.catalog.catalogue import Catalogue
from backbeat.journal.access import Fingerprint
from backbeat.plan import progression, reasons, snapshot
from backbeat.plan.history import Window
from backbeat.plan.progression import Progression
from backbeat.plan.snapshot import Resume
from backbeat.records import MorningRecord, MoveRecord, Record, RecordType

FOLDER = "programme"  # in the cache folder: one file per journal and person
QUARTER = 13  # weeks of check-ins read at a time when deciding from week 1
SPAN = timedelta(weeks=1)
"""How far back from today the kept state serves plans: a plan day begins at waking, so early
on a Monday it is still the Sunday before."""


class Reading(Protocol):
    """The questions a plan asks of one read of the journal (``summary.Reading`` through
    SQLAlchemy, ``plain.Reading`` through sqlite3)."""

    def person_id(self, name: str) -> int | None: ...

    def first_checkin(self, person: int) -> datetime | None: ...

    def fingerprint(self, person: int, before: datetime) -> Fingerprint: ...

    def records(
        self,
        person: int,
        *,
        since: datetime | None = None,
        before: datetime | None = None,
        kinds: tuple[RecordType, ...] = ...,
    ) -> list[Record]: ...


class Source(Protocol):
    """A journal as a plan reads it: ``Journal``, or ``PlainJournal`` for a quick command."""

    @property
    def person(self) -> str: ...

    @property
    def address(self) -> str: ...

    def reading(self) -> AbstractContextManager[Reading]: ...

    def records(self) -> list[Record]: ...


class JournalHistory(Sequence[Record]):
    """A person's journal: as a sequence, every record, newest first (read when first asked,
    for what reads the whole history); as a ``Windowed`` history, what a plan reads.
    ``today`` is the day the kept state serves; ``cache`` None keeps nothing."""

    def __init__(self, journal: Source, cache: Path | None, today: date) -> None:
        self.journal = journal
        self.cache = cache
        self.today = today
        self._all: list[Record] | None = None

    @overload
    def __getitem__(self, index: int) -> Record: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Record]: ...

    def __getitem__(self, index: int | slice) -> Record | Sequence[Record]:
        return self._everything()[index]

    def __len__(self) -> int:
        return len(self._everything())

    def _everything(self) -> list[Record]:
        if self._all is None:
            self._all = self.journal.records()
        return self._all

    def window(self, catalogue: Catalogue, usual_pain: int, start: date) -> Window:
        """The records a plan from ``start`` needs, and the kept state they follow on from
        (brought up to date, and kept, when the weeks have moved on)."""
        basis = _Basis(catalogue, usual_pain)
        with self.journal.reading() as reading:
            person = reading.person_id(self.journal.person)
            if person is None:
                return Window(())
            replay = _Replay(reading, person, catalogue, usual_pain)
            kept = self._kept(reading, person, basis)
            resume = replay.until(kept, self.today - SPAN)
            if resume is not None and resume is not kept:
                self._keep(basis, resume, reading.fingerprint(person, _cut(resume)))
            if resume is not None and resume.first_day > start:  # a plan of days gone by
                resume = replay.until(None, start)
            since = None if resume is None else _since(resume.needs)
            return Window(reading.records(person, since=since), resume)

    def _path(self) -> Path | None:
        if self.cache is None:
            return None
        url = self.journal.address
        name = hashlib.sha256(f"{url}\n{self.journal.person}".encode()).hexdigest()[:32]
        return self.cache / FOLDER / f"{name}.json"

    def _kept(self, reading: Reading, person: int, basis: _Basis) -> Resume | None:
        """The kept state, if it was decided on this basis from the check-ins there are now."""
        path = self._path()
        if path is None:
            return None
        try:
            data = json.loads(path.read_bytes())
            resume = Resume.from_json(data["resume"])
            matches = basis.matches(data) and data["fingerprint"] == reading.fingerprint(
                person, _cut(resume)
            )
        except (OSError, ValueError, TypeError, KeyError):  # none yet, or not one we wrote
            return None
        return resume if matches else None

    def _keep(self, basis: _Basis, resume: Resume, fingerprint: Fingerprint) -> None:
        """Keep the state for the next plan; a cache that cannot be written is only slower."""
        path = self._path()
        if path is None:
            return
        data = {**basis.as_json(), "fingerprint": fingerprint, "resume": resume.as_json()}
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            disk.write_whole(path, json.dumps(data, separators=(",", ":")).encode())
        except OSError:
            pass


class _Replay:
    """Weeks of one person's programme decided in turn, a quarter of check-ins read at a time."""

    def __init__(
        self, reading: Reading, person: int, catalogue: Catalogue, usual_pain: int
    ) -> None:
        self.reading = reading
        self.person = person
        self.catalogue = catalogue
        self.usual_pain = usual_pain

    def until(self, resume: Resume | None, day: date) -> Resume | None:
        """``resume`` (None: week 1) taken on to the state a plan of ``day`` takes up from:
        every week before the one before ``day``'s decided. None when there is no such week."""
        while True:
            if resume is None:
                first = self.reading.first_checkin(self.person)
                if first is None:
                    return None
                since = None
                before = datetime.combine(first.date() + timedelta(weeks=QUARTER), time(), UTC)
            else:
                wanted = _weeks_before(resume.monday, day)
                if resume.weeks >= wanted:
                    return resume
                weeks = min(wanted, resume.weeks + QUARTER)
                since, before = _since(resume.needs), _cut(resume, weeks)
            found = self.reading.records(
                self.person,
                since=since,
                before=before,
                kinds=(MoveRecord, MorningRecord),
            )
            line = Progression(found, self.catalogue, self.usual_pain, resume)
            if resume is None:
                if line.monday is None:
                    return None
                read = (before.date() - timedelta(days=2) - line.monday).days // 7
                weeks = min(_weeks_before(line.monday, day), read)
            resume = line.resume(weeks)
            if resume is None:
                return None


def _weeks_before(monday: date, day: date) -> int:
    """How many weeks a plan of ``day`` takes as decided: all but its own and the one before,
    which it decides from the check-ins before ``day``."""
    return (day - monday).days // 7 - 1


def _since(day: date) -> datetime:
    """An instant before every record made on ``day`` or later, in any time zone."""
    return datetime.combine(day - timedelta(days=1), time(), UTC)


def _cut(resume: Resume, weeks: int | None = None) -> datetime:
    """An instant after every record the state after ``weeks`` weeks (``resume``'s own by
    default) was decided from, in any time zone: those made up to the Monday after, whose
    morning tells whether the Sunday before flared."""
    weeks = resume.weeks if weeks is None else weeks
    return datetime.combine(resume.monday + timedelta(weeks=weeks, days=2), time(), UTC)


class _Basis:
    """What a kept state was decided on besides the check-ins: the catalogue and usual pain, and
    the rules (backbeat's version, and for a tree being worked on, the time and size of the
    modules holding them). Worked out only when asked, as it reads every movement; and for a
    catalogue read from its cache (``Catalogue.origin``: the same movement files), taken from the
    kept state that was decided on the same files, rules and pain, without reading them."""

    def __init__(self, catalogue: Catalogue, usual_pain: int) -> None:
        from backbeat import __version__

        self.catalogue = catalogue
        self.usual_pain = usual_pain
        self.rules = [__version__]
        for module in (progression, snapshot, reasons):
            if module.__file__ is not None:
                stat = Path(module.__file__).stat()
                self.rules.append(f"{stat.st_mtime_ns}.{stat.st_size}")
        origin = catalogue.origin
        self.quick = None if origin is None else ":".join([*self.rules, origin, str(usual_pain)])
        self._whole: str | None = None

    def whole(self) -> str:
        if self._whole is None:
            decided = snapshot.basis(self.catalogue, self.usual_pain)
            self._whole = ":".join([*self.rules, decided])
        return self._whole

    def matches(self, kept: object) -> bool:
        """Whether a kept state (as read from its file) was decided on this basis."""
        if not isinstance(kept, dict):
            return False
        basis = kept.get("basis")
        if self.quick is not None and kept.get("quick") == self.quick and isinstance(basis, str):
            self._whole = basis  # the same files, rules and pain: the same basis
            return True
        return basis == self.whole()

    def as_json(self) -> dict[str, object]:
        return {"basis": self.whole(), "quick": self.quick}
