"""A kept weekly state (``backbeat.history``) is taken up on the same basis as before, whichever
door the journal was read through; for a catalogue read from its cache, without reading every
movement to tell that basis again."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from backbeat.catalog.catalogue import Catalogue
from backbeat.catalog.loader import with_user_movements
from backbeat.history import FOLDER, JournalHistory
from backbeat.journal.db import open_database
from backbeat.journal.plain import open_plain
from backbeat.journal.store import Journal
from backbeat.plan import snapshot
from backbeat.records import MorningRecord, MoveRecord, Record

TODAY = date(2026, 11, 23)


def _weeks() -> list[Record]:
    found: list[Record] = []
    for day in range(60):
        at = datetime(2026, 9, 14, 8) + timedelta(days=day)
        found.append(MorningRecord(at=at, morning_pain=3 + day % 3))
        found.append(MoveRecord(at=at + timedelta(hours=1), move="cat-cow", pain_during=2))
    return found


def test_a_cached_catalogue_takes_up_the_kept_state_without_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'journal.db'}"
    journal = Journal(open_database(url))
    journal.add(_weeks())
    catalogue, _ = with_user_movements(tmp_path, tmp_path / "cache")
    assert catalogue.origin is not None
    slow = JournalHistory(journal, tmp_path / "cache", TODAY).window(catalogue, 4, TODAY)
    assert slow.resume is not None and list((tmp_path / "cache" / FOLDER).iterdir())

    def unread(catalogue: Catalogue, usual_pain: int) -> str:
        raise AssertionError("the basis was told again from every movement")

    quick = open_plain(url)
    assert quick is not None
    with monkeypatch.context() as patched:
        patched.setattr(snapshot, "basis", unread)
        again = JournalHistory(quick, tmp_path / "cache", TODAY).window(catalogue, 4, TODAY)
    assert again == slow
    asked: list[int] = []
    real = snapshot.basis

    def counted(catalogue: Catalogue, usual_pain: int) -> str:
        asked.append(usual_pain)
        return real(catalogue, usual_pain)

    monkeypatch.setattr(snapshot, "basis", counted)
    unnamed = Catalogue(catalogue.movements, catalogue.files)  # not known to be the files'
    assert JournalHistory(quick, tmp_path / "cache", TODAY).window(unnamed, 4, TODAY) == slow
    assert asked == [4]
    other = JournalHistory(quick, tmp_path / "cache", TODAY).window(catalogue, 5, TODAY)
    assert asked == [4, 5] and other.resume is not None  # another pain: decided again
    quick.close()
    journal.engine.dispose()
