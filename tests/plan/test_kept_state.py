"""A kept weekly state changes nothing: plans and changes taken up from it are those of a replay
of every check-in, in the core (``Resume``, ``Window``) and from a real journal with the state
kept in its cache folder, also after an older record is added, deleted or corrected."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from backbeat.history import FOLDER, JournalHistory
from backbeat.journal import summary
from backbeat.journal.db import open_database
from backbeat.journal.schema import MorningCheckIn, MoveCheckIn
from backbeat.journal.store import Journal
from backbeat.plan.builder import make_plan
from backbeat.plan.history import Window
from backbeat.plan.model import Plan
from backbeat.plan.profile import Profile
from backbeat.plan.progression import Progression
from backbeat.plan.snapshot import Resume
from backbeat.records import MorningRecord, MoveRecord, Record
from tests.plan.strategies import CATALOGUE, MOVES, START, lived, mostly_low, profiles

PROPERTY = settings(deadline=None, max_examples=40, suppress_health_check=[HealthCheck.too_slow])
JOURNALS = settings(PROPERTY, max_examples=20)
WEEKS = 10
histories = lived(START, 7 * WEEKS, zoned=True)


def since(records: Sequence[Record], day: date) -> list[Record]:
    """What a window holds: the records of ``day`` and after (local time)."""
    return [r for r in records if r.at.date() >= day]


def again(resume: Resume) -> Resume:
    """The state as the cache gives it back."""
    return Resume.from_json(json.loads(json.dumps(resume.as_json())))


@PROPERTY
@given(st.integers(0, 10), histories, st.integers(1, WEEKS), st.integers(0, 30))
def test_a_kept_state_gives_the_programme_a_full_replay_gives(
    pain: int, history: list[Record], weeks: int, later: int
) -> None:
    full = Progression(history, CATALOGUE, pain)
    resume = full.resume(weeks)
    assume(resume is not None)  # no check-in at all: nothing to keep
    assert resume is not None
    day = resume.first_day + timedelta(days=later)
    taken_up = Progression(since(history, resume.needs), CATALOGUE, pain, again(resume))
    assert taken_up.at(day) == full.at(day)


@PROPERTY
@given(profiles, histories, st.integers(1, WEEKS - 1), st.integers(0, 20))
def test_a_plan_from_a_kept_state_is_the_plan_from_every_record(
    profile: Profile, history: list[Record], weeks: int, later: int
) -> None:
    resume = Progression(history, CATALOGUE, profile.pain).resume(weeks)
    assume(resume is not None)
    assert resume is not None
    start = resume.first_day + timedelta(days=later)
    window = Window(since(history, resume.needs), again(resume))
    assert make_plan(profile, CATALOGUE, window, start, 3) == make_plan(
        profile, CATALOGUE, history, start, 3
    )


def test_a_state_cannot_plan_the_weeks_it_holds() -> None:
    history = [MoveRecord(at=datetime(2026, 9, 1, 9), move=MOVES[0], pain_during=1)]
    resume = Progression(history, CATALOGUE, 3).resume(4)
    assert resume is not None
    taken_up = Progression([], CATALOGUE, 3, resume)
    with pytest.raises(ValueError, match="decided before"):
        taken_up.at(resume.first_day - timedelta(days=8))


def test_a_damaged_state_is_refused() -> None:
    history = [MoveRecord(at=datetime(2026, 9, 1, 9), move=MOVES[0], pain_during=1)]
    resume = Progression(history, CATALOGUE, 3).resume(2)
    assert resume is not None
    data = resume.as_json()
    for broken in (
        {**data, "format": 0},
        {**data, "weeks": "2"},
        {**data, "monday": "2026-09-02"},
        {k: v for k, v in data.items() if k != "state"},
        {**data, "state": {**resume.state.as_json(), "changes": [["a", "sideways", None, ""]]}},
        {**data, "state": {**resume.state.as_json(), "seen": "bird-dog"}},
        [data],
    ):
        with pytest.raises(ValueError):
            Resume.from_json(broken)


@st.composite
def edits(draw: st.DrawFn) -> tuple[str, int, int]:
    """An edit of the journal once a state is kept: add an older record, delete one, or
    correct one (delete it, and add it again with another pain); which record, and the pain."""
    return (
        draw(st.sampled_from(["add", "delete", "correct"])),
        draw(st.integers(0, 10_000)),
        draw(mostly_low),
    )


@JOURNALS
@given(profiles, histories, st.integers(0, 6), edits())
def test_plans_from_a_journal_with_a_kept_state_are_those_from_every_record(
    profile: Profile, history: list[Record], offset: int, edit: tuple[str, int, int]
) -> None:
    today = START + timedelta(days=offset)
    with tempfile.TemporaryDirectory() as folder:
        journal = Journal(open_database(f"sqlite:///{folder}/backbeat.db"))
        journal.add(history)
        cache = Path(folder, "cache")

        def same() -> Plan:
            full = make_plan(profile, CATALOGUE, journal.records(), today, 2)
            assert (
                make_plan(profile, CATALOGUE, JournalHistory(journal, cache, today), today, 2)
                == full
            )
            return full

        same()  # no state kept yet: every week decided, the state kept
        first = min(
            (r.at.date() for r in history if isinstance(r, MoveRecord | MorningRecord)),
            default=today,
        )
        assert cache.joinpath(FOLDER).is_dir() == (first < today - timedelta(weeks=4))
        same()  # taken up from the state kept
        _edit(journal, edit, today)
        same()  # the state no longer matches: decided again
        same()


def _edit(journal: Journal, edit: tuple[str, int, int], today: date) -> None:
    what, which, pain = edit
    if what == "add":
        day = today - timedelta(days=21 + which % 40)
        journal.add(
            [
                MoveRecord(
                    at=datetime.combine(day, time(12)), move=MOVES[which % 9], pain_during=pain
                ),
                MorningRecord(at=datetime.combine(day, time(6)), morning_pain=pain),
            ]
        )
        return
    with journal.engine.begin() as connection:
        table = (MoveCheckIn, MorningCheckIn)[which % 2]
        ids = connection.scalars(select(table.id).order_by(table.id)).all()
        if not ids:
            return
        gone = ids[which % len(ids)]
        connection.execute(delete(table).where(table.id == gone))
    if what == "correct":
        record = (
            MoveRecord(
                at=datetime.combine(today - timedelta(days=30), time(9)),
                move=MOVES[0],
                pain_during=pain,
            )
            if table is MoveCheckIn
            else MorningRecord(
                at=datetime.combine(today - timedelta(days=30), time(6)), morning_pain=pain
            )
        )
        journal.add([record])


def test_a_state_kept_for_another_usual_pain_or_catalogue_is_not_taken_up(tmp_path: Path) -> None:
    journal = Journal(open_database(f"sqlite:///{tmp_path}/backbeat.db"))
    first = START - timedelta(weeks=8)
    journal.add(
        MoveRecord(
            at=datetime.combine(first + timedelta(days=n), time(9)),
            move=MOVES[0],
            pain_during=n % 4,
        )
        for n in range(50)
    )
    cache = tmp_path / "cache"
    for pain, catalogue in ((2, CATALOGUE), (7, CATALOGUE), (7, CATALOGUE.without(["micro"]))):
        profile = Profile(pain=pain)
        kept = make_plan(profile, catalogue, JournalHistory(journal, cache, START), START)
        assert kept == make_plan(profile, catalogue, journal.records(), START)


def test_a_damaged_cache_file_is_decided_again(tmp_path: Path) -> None:
    journal = Journal(open_database(f"sqlite:///{tmp_path}/backbeat.db"))
    first = START - timedelta(weeks=8)
    journal.add(
        MoveRecord(
            at=datetime.combine(first + timedelta(days=n), time(9)), move=MOVES[1], pain_during=1
        )
        for n in range(50)
    )
    cache = tmp_path / "cache"
    profile = Profile()
    full = make_plan(profile, CATALOGUE, journal.records(), START)
    assert make_plan(profile, CATALOGUE, JournalHistory(journal, cache, START), START) == full
    (kept,) = cache.joinpath(FOLDER).iterdir()
    for damage in (b"", b"{", b"[]", kept.read_bytes()[:50], b'{"basis": 1}'):
        kept.write_bytes(damage)
        assert make_plan(profile, CATALOGUE, JournalHistory(journal, cache, START), START) == full


def test_a_journal_read_as_a_sequence_gives_every_record(tmp_path: Path) -> None:
    journal = Journal(open_database(f"sqlite:///{tmp_path}/backbeat.db"))
    journal.add([MorningRecord(at=datetime(2026, 11, 1, 7), morning_pain=n) for n in range(3)])
    history = JournalHistory(journal, None, START)
    assert list(history) == journal.records() and len(history) == 3


def test_the_fingerprint_tells_any_change_before_its_instant(database_url: str) -> None:
    journal = Journal(open_database(database_url))
    october = [
        MoveRecord(at=datetime(2026, 10, d, 9, tzinfo=UTC), move=MOVES[d % 3], pain_during=d % 5)
        for d in range(1, 29)
    ]
    journal.add([*october, MorningRecord(at=datetime(2026, 10, 2, 7), morning_pain=3)])
    cut = datetime(2026, 11, 1, tzinfo=UTC)

    def taken() -> summary.Fingerprint:
        with summary.reading(journal.engine) as connection:
            person = summary.person_id(connection, journal.person)
            assert person is not None
            return summary.fingerprint(connection, person, cut)

    before = taken()
    journal.add([MoveRecord(at=datetime(2026, 11, 2, 9, tzinfo=UTC), move=MOVES[0], pain_during=1)])
    assert taken() == before  # made after the instant
    older = MoveRecord(at=datetime(2026, 10, 30, 9, tzinfo=UTC), move=MOVES[1], pain_during=2)
    journal.add([older])
    added = taken()
    assert added != before
    with journal.engine.begin() as connection:  # taken back and corrected: on SQLite, same id
        connection.execute(delete(MoveCheckIn).where(MoveCheckIn.id == added[0][3]))
    journal.add([older.model_copy(update={"pain_during": 3})])
    assert taken() not in (before, added)
    with journal.engine.begin() as connection:
        connection.execute(delete(MorningCheckIn))
    assert taken()[1] == [0, 0, 0, None, None]


def test_plans_from_a_kept_state_on_every_database(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = Journal(open_database(database_url))
    first = datetime.combine(START - timedelta(weeks=9), time(9), UTC)
    journal.add(
        MoveRecord(at=first + timedelta(days=n), move=MOVES[n % 2], pain_during=n % 3)
        for n in range(60)
    )
    profile = Profile()
    full = make_plan(profile, CATALOGUE, journal.records(), START, 3)
    assert make_plan(profile, CATALOGUE, JournalHistory(journal, tmp_path, START), START, 3) == full

    def from_week_one(*args: object) -> None:
        raise AssertionError("the kept state was not taken up")

    monkeypatch.setattr(summary, "first_checkin", from_week_one)
    assert make_plan(profile, CATALOGUE, JournalHistory(journal, tmp_path, START), START, 3) == full
