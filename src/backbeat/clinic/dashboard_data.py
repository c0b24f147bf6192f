"""What the dashboard reads: a clinic's patients and, for all of them at once, their last two
weeks of journal, in a few queries (one or two per journal table, ``person_id IN (...)`` and
``at >= since``, by the tables' indexes), summed up in the database where it can be.

Never every record of every patient: a clinician with 200 patients, each with a year of
journal, asks for the dashboard many times a day. What it reads is what
``attention.recent_of`` makes of the same records (a test holds the two together).
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    JSON,
    Connection,
    Date,
    Engine,
    Integer,
    String,
    any_,
    bindparam,
    cast,
    func,
    literal,
    literal_column,
    or_,
    select,
    text,
    union_all,
)
from sqlalchemy.dialects.postgresql import ARRAY, distinct_on

from backbeat.clinic import attention, care
from backbeat.clinic.attention import Activity, Hurt, Recent
from backbeat.clinic.schema import accounts
from backbeat.journal.kinds import KINDS, from_utc
from backbeat.journal.schema import (
    GuidedSession,
    MorningCheckIn,
    MoveCheckIn,
    Person,
    PlanGiven,
    ProfileVersion,
    WeeklyReview,
)
from backbeat.records import PlanRecord

PLAN_DAYS = 7  # a plan kept holds this many days from the day it was given (journal.versions)
KEPT_PLANS = 50_000  # plans' counts a worker keeps, by the plan's fingerprint


@dataclass(frozen=True, slots=True)
class Patient:
    id: str
    email: str
    joined: date
    signed_up: bool


def patients(engine: Engine, clinic_id: int) -> list[Patient]:
    """The clinic's patients, by e-mail."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(
                accounts.c.id,
                accounts.c.email,
                accounts.c.created,
                accounts.c.password.is_not(None).label("signed_up"),
            )
            .where(accounts.c.clinic_id == clinic_id, accounts.c.role == "patient")
            .order_by(accounts.c.email)
        )
        return [Patient(r.id, r.email, r.created.date(), r.signed_up) for r in rows]


def recent(engine: Engine, people: Sequence[Patient], today: date) -> dict[str, Recent]:
    """Each patient's ``Recent`` for the dashboard of ``today``, by patient id."""
    start = today - timedelta(days=attention.WINDOW_DAYS - 1)
    # a day early in UTC: a local date begins up to 14 hours before or after UTC's
    cut = datetime.combine(start - timedelta(days=1), time())
    with engine.connect() as connection:
        names = {care.PERSON.format(id=p.id): p for p in people}
        rows = connection.execute(
            select(Person.id, Person.name).where(_among(Person.name, list(names), String))
        ).all()
        owner = {row.id: names[row.name].id for row in rows}
        found: dict[str, dict[str, Any]] = {p.id: defaultdict(list) for p in people}
        if owner:
            ids = list(owner)
            _moves(connection, ids, cut, owner, found)
            _mornings(connection, ids, cut, owner, found)
            _sessions(connection, ids, cut, owner, found)
            _last(connection, ids, cut, owner, found)
            _screens(connection, ids, owner, found)
            _plans(connection, ids, cut - timedelta(days=PLAN_DAYS), owner, found)
    answer = {}
    for patient in people:
        mine = found[patient.id]
        answer[patient.id] = _recent(mine, patient, start, today)
    return answer


def _recent(mine: Mapping[str, Any], patient: Patient, start: date, today: date) -> Recent:
    def inside(day: date) -> bool:
        return start <= day <= today

    last = mine.get("last") or [None]
    at, what = last[0] if last[0] is not None else (None, None)
    if at is not None and not inside(at.date()):
        at, what = None, None
    plans = sorted(mine.get("plans", ()), key=lambda p: p[0])
    planned: dict[date, int] = {}
    for _, counts in plans:
        planned.update(counts)
    return Recent(
        hurts=tuple(
            sorted(
                (h for h in mine.get("hurts", ()) if inside(h.at.date())),
                key=lambda h: (h.at.replace(tzinfo=None), h.move, h.sharp),
            )
        ),
        mornings=tuple(sorted((d, p) for d, p in mine.get("mornings", ()) if inside(d))),
        done={d: n for d, n in mine.get("done", ()) if inside(d)},
        planned={d: n for d, n in planned.items() if inside(d)},
        last=at,
        last_what=what,
        screen=(mine.get("screen") or [None])[0],
        joined=patient.joined,
    )


def board(engine: Engine, clinic_id: int, today: date, names: Mapping[str, str]) -> Board:
    """The clinic's patients, who needs attention first, each with their concerns: read again
    only when one of their journals changed (or the day, or who the patients are), so twenty
    clinicians looking at once cost one reading, not twenty."""
    people = patients(engine, clinic_id)
    key = (today, tuple(people), tuple(names.items()), _clinic_mark(engine, people))
    kept = _kept_board(clinic_id, key)
    if kept is not None:
        return kept
    with _reading(clinic_id):  # one reading at a time per clinic; the others wait for it
        kept = _kept_board(clinic_id, key)
        if kept is not None:
            return kept
        read = recent(engine, people, today)
        assessed = [(p.email, p, attention.assess(read[p.id], today, names)) for p in people]
        found = [(p, a) for _, p, a in attention.ordered(assessed)]
        with _boards_lock:
            _boards[clinic_id] = (key, found)
    return found


Board = list[tuple[Patient, attention.Attention]]
_boards: dict[int, tuple[tuple[object, ...], Board]] = {}
_readings: dict[int, threading.Lock] = {}
_boards_lock = threading.Lock()


def _kept_board(clinic_id: int, key: tuple[object, ...]) -> Board | None:
    with _boards_lock:
        kept = _boards.get(clinic_id)
    return kept[1] if kept is not None and kept[0] == key else None


def _reading(clinic_id: int) -> threading.Lock:
    """The lock of a clinic's reading: twenty clinicians asking while the board is out of date
    wait for one reading (on a busy worker a reading takes seconds, and twenty at once took
    twenty times the database's and the worker's time, for the same board)."""
    with _boards_lock:
        return _readings.setdefault(clinic_id, threading.Lock())


def _clinic_mark(engine: Engine, people: Sequence[Patient]) -> tuple[object, ...]:
    """A value that changes whenever any of these patients' journals does: for each kind of
    record, the newest row id among theirs (each person's from the journal's (person, id)
    index; every change to a journal adds a row)."""
    names = [care.PERSON.format(id=p.id) for p in people]
    with engine.connect() as connection:
        return tuple(connection.execute(_CLINIC_MARK, {"names": names}).one())


_CLINIC_MARK = text(
    "SELECT "
    + ", ".join(
        f"(SELECT max((SELECT max(t.id) FROM {kind.name} t WHERE t.person_id = p.id)) "
        "FROM person p WHERE p.name = ANY(:names))"
        for kind in KINDS
    )
)


def _among(column: Any, values: Sequence[Any], kind: Any) -> Any:
    """``column = ANY(:values)``: one parameter, an array, so the statement is the same text
    (prepared once, kept by the server) whatever the number of patients."""
    return column == any_(bindparam(f"{column.key}_among", list(values), type_=ARRAY(kind)))


def _local_day(table: Any) -> Any:
    """A row's date in the patient's own time, as ``from_utc`` gives it."""
    minutes = func.coalesce(table.utc_offset, 0) * literal_column("interval '1 minute'")
    return cast(table.at + minutes, Date)


def _moves(
    connection: Connection,
    ids: list[int],
    cut: datetime,
    owner: Mapping[int, str],
    found: dict[str, dict[str, Any]],
) -> None:
    t = MoveCheckIn
    day = _local_day(t).label("day")
    where = (_among(t.person_id, ids, Integer), t.at >= cut)
    counted = (
        select(t.person_id, day, func.count().label("n")).where(*where).group_by(t.person_id, day)
    )
    for row in connection.execute(counted):
        found[owner[row.person_id]]["done"].append((row.day, row.n))
    hurt = select(t.person_id, t.at, t.utc_offset, t.move, t.hurt, t.sharp).where(
        *where, or_(t.hurt.is_(True), t.sharp.is_(True))
    )
    for row in connection.execute(hurt):
        at = from_utc(row.at, row.utc_offset)
        found[owner[row.person_id]]["hurts"].append(
            Hurt(at, row.move, bool(row.sharp) and not row.hurt)
        )


def _mornings(
    connection: Connection,
    ids: list[int],
    cut: datetime,
    owner: Mapping[int, str],
    found: dict[str, dict[str, Any]],
) -> None:
    t = MorningCheckIn
    query = select(t.person_id, t.at, t.utc_offset, t.pain).where(
        _among(t.person_id, ids, Integer), t.at >= cut
    )
    for row in connection.execute(query):
        day = from_utc(row.at, row.utc_offset).date()
        found[owner[row.person_id]]["mornings"].append((day, row.pain))


def _sessions(
    connection: Connection,
    ids: list[int],
    cut: datetime,
    owner: Mapping[int, str],
    found: dict[str, dict[str, Any]],
) -> None:
    t = GuidedSession
    query = select(t.person_id, t.at, t.utc_offset, t.stopped).where(
        _among(t.person_id, ids, Integer), t.at >= cut, t.stopped != "[]"
    )
    for row in connection.execute(query):
        at = from_utc(row.at, row.utc_offset)
        found[owner[row.person_id]]["hurts"].extend(
            Hurt(at, str(move), False) for move in json.loads(row.stopped)
        )


def _last(
    connection: Connection,
    ids: list[int],
    cut: datetime,
    owner: Mapping[int, str],
    found: dict[str, dict[str, Any]],
) -> None:
    """Each patient's latest movement, check-in, session or review in the window."""
    tables: tuple[tuple[Any, Activity], ...] = (
        (MoveCheckIn, "move"),
        (MorningCheckIn, "morning"),
        (GuidedSession, "session"),
        (WeeklyReview, "review"),
    )
    parts = [
        select(
            t.person_id.label("person_id"),
            t.at.label("at"),
            t.utc_offset.label("utc_offset"),
            literal(what).label("what"),
            literal(n).label("rank"),
        ).where(_among(t.person_id, ids, Integer), t.at >= cut)
        for n, (t, what) in enumerate(tables)
    ]
    every = union_all(*parts).subquery()
    latest = (
        select(every)
        .order_by(every.c.person_id, every.c.at.desc(), every.c.rank.desc())
        .ext(distinct_on(every.c.person_id))
    )
    for row in connection.execute(latest):
        found[owner[row.person_id]]["last"] = [(from_utc(row.at, row.utc_offset), row.what)]


def _screens(
    connection: Connection,
    ids: list[int],
    owner: Mapping[int, str],
    found: dict[str, dict[str, Any]],
) -> None:
    """The safety answers of each patient's latest profile, whenever it was kept."""
    t = ProfileVersion
    query = (
        select(t.person_id, cast(t.profile, JSON)["screen"].label("screen"))
        .where(_among(t.person_id, ids, Integer))
        .order_by(t.person_id, t.at.desc(), t.id.desc())
        .ext(distinct_on(t.person_id))
    )
    for row in connection.execute(query):
        found[owner[row.person_id]]["screen"] = [row.screen]


_counts: OrderedDict[str, dict[date, int]] = OrderedDict()
_counts_lock = threading.Lock()


def _plans(
    connection: Connection,
    ids: list[int],
    cut: datetime,
    owner: Mapping[int, str],
    found: dict[str, dict[str, Any]],
) -> None:
    """Movements planned per day by the plans given: each plan's counts are worked out once
    per worker, by its fingerprint (a kept plan never changes), so only new plans are read."""
    t = PlanGiven
    rows = connection.execute(
        select(t.id, t.person_id, t.at, t.digest).where(
            _among(t.person_id, ids, Integer), t.at >= cut
        )
    ).all()
    with _counts_lock:
        missing = [row.id for row in rows if row.digest not in _counts]
    if missing:
        texts = connection.execute(select(t.digest, t.plan).where(_among(t.id, missing, Integer)))
        made = {row.digest: _plan_counts(row.plan) for row in texts}
        with _counts_lock:
            _counts.update(made)
            while len(_counts) > KEPT_PLANS:
                _counts.popitem(last=False)
    with _counts_lock:
        counts = {row.digest: _counts.get(row.digest) for row in rows}
    for row in rows:
        kept = counts[row.digest]
        if kept is not None:
            found[owner[row.person_id]]["plans"].append(((row.at, row.id), kept))


def _plan_counts(text: str) -> dict[date, int]:
    """Movements per day in one kept plan, counted as progress counts them."""
    from backbeat.progress.planned import plans_given

    moment = datetime(2000, 1, 1, tzinfo=UTC)  # not read: one plan alone
    return plans_given([PlanRecord.model_construct(at=moment, plan=json.loads(text))])
