"""Progression from history, on a pain-monitoring model: grow what is tolerated, hold what is
borderline, step back from what hurts, and leave out what is sharp.

The limits are the pain-monitoring model's (Silbernagel KG, Thomeé R, Eriksson BI, Karlsson J.
Am J Sports Med 2007;35(6):897-906): pain during a movement may reach 5/10, pain after it should
stay at 5/10 or less and settle by the next morning, and morning pain and stiffness should not
build up from week to week. The pace of growth (three easy sessions, at most two changes up a
week) and the half dose after a rest are this plan's own cautious choices.

Pure: records, catalogue, dates in; the state of the person's programme out. Decisions are made
week by week from the first record, so the same history always gives the same programme; a state
kept after some weeks (``backbeat.plan.snapshot``) lets a replay take up from there.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from statistics import fmean

from backbeat.catalog.catalogue import Catalogue
from backbeat.catalog.schema import Movement
from backbeat.plan import reasons
from backbeat.plan.snapshot import Change as Change  # where the faces have found them
from backbeat.plan.snapshot import ChangeKind as ChangeKind
from backbeat.plan.snapshot import Resume, Snapshot, Up
from backbeat.records import MorningRecord, MoveRecord, Record

TOLERATED_MAX = 3  # pain during a movement, 0-10, that counts as tolerated
HOLD_MAX = 5  # 4 to 5: hold steady; above, during or after, steps back
FLARE_RISE = 2  # next-morning pain this far above baseline is a flare
MORNING_RISE = 2  # a week's mornings this much worse on average than the week before hold growth
SESSIONS_TO_GROW = 3  # tolerated sessions in a week before growing
GROWTH_PER_WEEK = 2  # at most this many changes up a week: harder, added, or back to full dose
GENTLE = 2  # the highest effort of a stand-in or of a movement added
WORK_KINDS = ("micro", "mobility")  # the kinds of the work-break repertoire
WORK_PLACES = ("desk", "car", "standing")
WORK_REPERTOIRE = 3  # week 1: two or three distinct micromovements for work breaks
MORNING_TAG = "morning-routine"


@dataclass(frozen=True)
class Progress:
    """Where a person's programme stands in ``week`` (1 is the week of the first record)."""

    week: int = 1
    swaps: dict[str, str] = field(default_factory=dict)  # catalogue id -> variation used now
    paused: frozenset[str] = frozenset()  # left out this week
    added: tuple[str, ...] = ()  # movements added to the work breaks or morning routine
    changes: tuple[Change, ...] = ()  # decided at the end of last week
    recent_pain_during: int | None = None  # highest pain during a movement in the last 7 days
    stepped_back: frozenset[str] = frozenset()  # stepped back from: out until grown back into
    returning: frozenset[str] = frozenset()  # back from a pause, at about half dose

    def current(self, move: str) -> str:
        """The variation to use for a catalogue movement this week."""
        return self.swaps.get(move, move)


def week_of(records: Sequence[Record], start: date) -> tuple[date, int]:
    """The Monday that begins week 1 (the calendar week of the first record, or of ``start``)
    and the week number ``start`` falls in."""
    first = min(min((r.at.date() for r in records), default=start), start)
    monday = first - timedelta(days=first.weekday())
    return monday, (start - monday).days // 7 + 1


def weighed(records: Iterable[MoveRecord]) -> list[MoveRecord]:
    """The check-ins as progression weighs them, in order. A session's check-in gives every
    movement of it the same answers at the same instant; when one of them was stopped because
    it hurt, those answers are put down to it alone, and the others of that session neither
    grow nor step back on them."""
    records = list(records)
    hurt = {_answers(r) for r in records if r.hurt}
    return [r for r in records if r.hurt or _answers(r) not in hurt]


def _answers(r: MoveRecord) -> tuple[object, ...]:
    return (r.at, r.pain_during, r.sharp, r.difficulty)


def worst_pain(done: Iterable[MoveRecord]) -> int:
    """The pain that decides: the highest during, or after when that is above HOLD_MAX (pain
    after a movement counts from 6/10 on, as pain during does)."""
    return max(
        (max(r.pain_during or 0, a if (a := r.pain_after or 0) > HOLD_MAX else 0) for r in done),
        default=0,
    )


def _baseline(mornings: Mapping[date, MorningRecord], day: date, fallback: int) -> float:
    before = [
        mornings[d].morning_pain
        for n in range(7, 0, -1)
        if (d := day - timedelta(days=n)) in mornings
    ]
    return fmean(before) if before else float(fallback)


def progress(
    records: Sequence[Record], catalogue: Catalogue, start: date, usual_pain: int
) -> Progress:
    """The programme for the week holding ``start``, from every check-in before ``start``."""
    return Progression(records, catalogue, usual_pain).at(start)


class Progression:
    """A person's programme on any day, from one pass over their check-ins.

    Only move and morning check-ins count: other records (sessions, reviews, plans given) say
    nothing about how a movement felt, and must not move week 1 either. Decisions are made week
    by week from the first record, so the same history always gives the same programme. The
    state after each week is kept (a snapshot), so the programme of every day of a long plan
    costs a look-up rather than a replay: a day is planned from the check-ins before it, which
    differ from its week's snapshot only in the morning of its own Monday (known from Tuesday
    on) and in the last seven days' pain."""

    def __init__(
        self,
        records: Sequence[Record],
        catalogue: Catalogue,
        usual_pain: int,
        resume: Resume | None = None,
    ) -> None:
        """With a ``resume``, the weeks it holds are taken as decided and ``records`` need only
        hold the check-ins from its ``needs`` day on (older ones are not counted again)."""
        self.catalogue = catalogue
        self.usual_pain = usual_pain
        checkins = [r for r in records if isinstance(r, MoveRecord | MorningRecord)]
        self.mornings = {r.at.date(): r for r in checkins if isinstance(r, MorningRecord)}
        self.moves = sorted(  # by local time: a journal may hold times with a zone and without
            (r for r in checkins if isinstance(r, MoveRecord)),
            key=lambda r: (r.at.replace(tzinfo=None), r.move),
        )
        self.dates = [r.at.date() for r in self.moves]
        self.earliest: date | None
        self.monday: date | None
        if resume is None:
            self.earliest = min((r.at.date() for r in checkins), default=None)
            self.monday = (
                self.earliest - timedelta(days=self.earliest.weekday()) if self.earliest else None
            )
        else:
            self.earliest, self.monday = resume.earliest, resume.monday
        self.by_week: dict[int, list[MoveRecord]] = defaultdict(list)  # one pass: a year is 52
        if self.monday is not None:
            for record in self.moves:
                self.by_week[(record.at.date() - self.monday).days // 7 + 1].append(record)
        self._base = resume.weeks if resume else 0  # the first week of ``_snapshots``
        self._snapshots: list[Snapshot] = [resume.state if resume else Snapshot()]

    def resume(self, weeks: int) -> Resume | None:
        """The state after deciding weeks 1 to ``weeks`` (every morning known), to take up from
        later; None without a check-in, or for no week at all."""
        if self.monday is None or self.earliest is None or weeks < 1:
            return None
        return Resume(self.monday, self.earliest, weeks, self._snapshot(weeks))

    def at(self, day: date) -> Progress:
        """The programme for ``day``: the week it falls in, and the decisions of the weeks
        before it, from the check-ins before ``day``."""
        if self.earliest is None or self.monday is None or self.earliest >= day:
            first = day - timedelta(days=day.weekday())
            week = (day - first).days // 7 + 1
            return Progress(week=week, recent_pain_during=self._recent(day))
        week = (day - self.monday).days // 7 + 1
        if week == 1:
            return Progress(week=1, recent_pain_during=self._recent(day))
        before = self._snapshot(week - 2)
        monday = self.monday + timedelta(weeks=week - 1)
        mornings = self.mornings
        if day <= monday and monday in mornings:  # that morning is not known yet on its own day
            mornings = {d: r for d, r in mornings.items() if d < day}
        last = _decide(
            before,
            self.by_week.get(week - 1, []),
            mornings,
            monday - timedelta(weeks=1),
            self.usual_pain,
            self.catalogue,
        )
        return _progress(last, week, self._recent(day))

    def _snapshot(self, weeks: int) -> Snapshot:
        """The state after deciding weeks 1 to ``weeks``, every morning known."""
        assert self.monday is not None
        if weeks < self._base:
            raise ValueError(f"week {weeks} was decided before the state this took up from")
        while len(self._snapshots) <= weeks - self._base:
            number = self._base + len(self._snapshots)
            self._snapshots.append(
                _decide(
                    self._snapshots[-1],
                    self.by_week.get(number, []),
                    self.mornings,
                    self.monday + timedelta(weeks=number - 1),
                    self.usual_pain,
                    self.catalogue,
                )
            )
        return self._snapshots[weeks - self._base]

    def _recent(self, day: date) -> int | None:
        """The highest pain during a movement in the seven days before ``day``."""
        low = bisect_left(self.dates, day - timedelta(days=7))
        high = bisect_left(self.dates, day)
        pains = [p for r in self.moves[low:high] if (p := r.pain_during) is not None]
        return max(pains) if pains else None


def _progress(state: Snapshot, week: int, recent: int | None) -> Progress:
    return Progress(
        week=week,
        swaps=dict(state.swaps),
        paused=state.paused,
        added=state.added,
        changes=state.changes,
        recent_pain_during=recent,
        stepped_back=state.back,
        returning=state.returning,
    )


def _decide(
    before: Snapshot,
    records: Sequence[MoveRecord],
    mornings: Mapping[date, MorningRecord],
    monday: date,
    usual_pain: int,
    catalogue: Catalogue,
) -> Snapshot:
    """The programme after deciding the week that begins on ``monday``, from its check-ins
    (``records``, in time order) and every morning known."""
    week = _Week(before, catalogue, records)
    by_move: dict[str, list[MoveRecord]] = defaultdict(list)
    for record in weighed(records):
        by_move[record.move].append(record)
    growers: list[tuple[str, int]] = []
    for move, done in sorted(by_move.items()):
        if week.judge(move, done, _flares(done, mornings, usual_pain)):
            growers.append((move, len(done)))
    for move in sorted(before.paused - week.paused - week.stepped):
        week.say(move, "resumed", None, reasons.RESUMED)
    rise = _morning_rise(mornings, monday)
    if rise is None:
        week.grow(growers)
    else:
        for move, _ in growers:
            week.say(move, "held", None, reasons.HELD.format(**rise))
        week.undo_last_step_up(rise)
    week.replace_stand_ins()
    return week.snapshot()


def _flares(
    done: Sequence[MoveRecord], mornings: Mapping[date, MorningRecord], usual_pain: int
) -> bool:
    """Whether the morning after any of ``done`` was 2 or more above the baseline before it."""
    return any(
        (after := mornings.get(r.at.date() + timedelta(days=1))) is not None
        and after.morning_pain >= _baseline(mornings, r.at.date(), usual_pain) + FLARE_RISE
        for r in done
    )


def _morning_rise(mornings: Mapping[date, MorningRecord], monday: date) -> dict[str, str] | None:
    """Morning pain or stiffness whose average over the week from ``monday`` is MORNING_RISE
    or more above the week before's, as words for the reason; None when neither rose so."""
    this = [r for n in range(7) if (r := mornings.get(monday + timedelta(days=n)))]
    last = [r for n in range(1, 8) if (r := mornings.get(monday - timedelta(days=n)))]
    for what, now, then in (
        ("pain", [r.morning_pain for r in this], [r.morning_pain for r in last]),
        (
            "stiffness",
            [s for r in this if (s := r.stiffness) is not None],
            [s for r in last if (s := r.stiffness) is not None],
        ),
    ):
        if now and then and fmean(now) - fmean(then) >= MORNING_RISE:
            return {"what": what, "now": _tenths(fmean(now)), "then": _tenths(fmean(then))}
    return None


def _tenths(value: float) -> str:
    return f"{round(value, 1):g}"


class _Week:
    """One week's decisions, taken in turn on a copy of the programme before it."""

    def __init__(
        self, before: Snapshot, catalogue: Catalogue, records: Sequence[MoveRecord]
    ) -> None:
        self.before = before
        self.catalogue = catalogue
        self.swaps = dict(before.swaps)
        self.origin = {now: first for first, now in before.swaps.items()}
        self.added = list(before.added)
        self.back = set(before.back)
        self.returning = set(before.returning | before.paused)  # a rest ends after a week
        self.ups = list(before.ups)
        self.seen = before.seen | {r.move for r in records}
        self.changes: list[Change] = []
        self.paused: set[str] = set()
        self.stepped: set[str] = set()  # stepped back from this week: not grown into again
        self.grown = 0

    def snapshot(self) -> Snapshot:
        return Snapshot(
            swaps=self.swaps,
            added=tuple(self.added),
            changes=tuple(self.changes),
            paused=frozenset(self.paused),
            back=frozenset(self.back),
            returning=frozenset(self.returning - self.paused),
            ups=tuple(self.ups),
            seen=self.seen,
        )

    def say(self, move: str, change: ChangeKind, to: str | None, why: str) -> None:
        self.changes.append(Change(move, change, to, why))

    def name(self, move: str) -> str:
        found = self.catalogue.get(move)
        return found.name if found else move

    def judge(self, move: str, done: Sequence[MoveRecord], flared: bool) -> bool:
        """Decide one movement's week; True when it went well enough to grow."""
        worst = max(r.pain_during or 0 for r in done)
        counted = worst_pain(done)
        hurt = any(r.hurt for r in done)
        if any(r.sharp for r in done):
            self.pause(move, reasons.SHARP)
        elif counted > HOLD_MAX or hurt or flared:
            if worst > HOLD_MAX:
                why = reasons.HIGH.format(worst=worst)
            elif counted > HOLD_MAX:
                why = reasons.AFTER.format(worst=counted)
            else:
                why = reasons.HURT if hurt else reasons.FLARE
            self.step_back(move, why)
        elif worst > TOLERATED_MAX:
            self.say(move, "steady", None, reasons.STEADY.format(worst=worst))
        else:
            return move in self.before.returning or len(done) >= SESSIONS_TO_GROW
        return False

    def pause(self, move: str, why: str) -> None:
        self.paused.add(move)
        self.say(move, "paused", None, why)

    def step_back(self, move: str, why: str) -> None:
        """To the first easier variation that has not hurt, or a week's rest without one."""
        base = self.origin.get(move, move)
        self.returning.discard(move)
        self.ups = [u for u in self.ups if not (u.base == base and u.move == move)]
        movement = self.catalogue.get(move)
        options = [e for e in (movement.easier if movement else ()) if e not in self.back]
        gentler = self.catalogue.first(options)
        if gentler is None:
            self.pause(move, why + reasons.REST)
            return
        _swap(self.swaps, base, gentler.id)
        self.back.add(move)
        self.stepped.add(move)
        self.say(move, "easier", gentler.id, why + self.elsewhere(move, gentler))

    def elsewhere(self, move: str, gentler: Movement) -> str:
        """What happens where ``move`` was done but its easier variation cannot be."""
        movement = self.catalogue.get(move)
        places = [p for p in (movement.places if movement else ()) if not _fits(gentler, p)]
        if not places:
            return ""
        where = ", ".join(reasons.PLACES.get(p, p) for p in places)
        covered = all(self.stand_in(p, move) for p in places)
        words = reasons.ELSEWHERE if covered else reasons.ELSEWHERE_NONE
        return words.format(easier=_mid(gentler.name), places=where)

    def stand_in(self, place: str, move: str) -> bool:
        """Whether some gentle movement could take ``move``'s place at ``place``."""
        return any(
            m.effort <= GENTLE
            and _fits(m, place)
            and m.id != move
            and m.id not in self.back
            and m.id not in self.paused
            for m in self.catalogue.movements.values()
        )

    def grow(self, growers: Sequence[tuple[str, int]]) -> None:
        """At most GROWTH_PER_WEEK changes up, in order of the movements' ids."""
        for move, count in growers:
            if self.grown >= GROWTH_PER_WEEK:
                return
            if move in self.before.returning:
                self.returning.discard(move)
                self.say(move, "harder", None, reasons.FULL)
                self.grown += 1
            elif self.step_up(move, count):
                self.grown += 1

    def step_up(self, move: str, count: int) -> bool:
        """To the harder variation, or a movement added when there is none."""
        movement = self.catalogue.get(move)
        stronger = self.catalogue.first(movement.harder if movement else ())
        if stronger is None:
            return self.add(move, count)
        if stronger.id in self.stepped or stronger.id in self.paused:
            return False  # what hurt this week does not come back the week after
        base = self.origin.get(move, move)
        _swap(self.swaps, base, stronger.id)
        self.back.discard(stronger.id)
        self.ups.append(Up(stronger.id, base, move))
        self.say(move, "harder", stronger.id, reasons.GROW.format(count=count))
        return True

    def add(self, trigger: str, count: int) -> bool:
        """A new gentle movement for the work breaks or the morning routine: one the person has
        not done yet, near where ``trigger`` is done, in a body region not yet covered."""
        movement = self.catalogue.get(trigger)
        if movement is None:
            return False
        groups = sorted(("work", "morning"), key=lambda g: not _in_group(movement, g))
        taken = self.seen | set(self.added) | self.back | self.paused
        taken |= set(self.swaps) | set(self.swaps.values())
        near = [p for p in WORK_PLACES if _fits(movement, p)]
        for place in near or WORK_PLACES:  # the breaks there already hold these
            taken |= {m.id for m in spread(self.open_at(place), WORK_REPERTOIRE)}
        covered = {m.regions[0] for i in taken if (m := self.catalogue.get(i))}
        for group in groups:
            found = [
                m
                for m in self.catalogue.movements.values()
                if _in_group(m, group)
                and m.effort <= GENTLE
                and m.id not in taken
                and (group != "work" or not near or any(_fits(m, p) for p in near))
            ]
            if found:
                new = min(
                    found,
                    key=lambda m: (
                        group == "work" and not all(_fits(m, p) for p in near),
                        "backbend" in m.tags,
                        m.regions[0] in covered,
                        m.kind != "micro",
                        m.effort,
                        m.id,
                    ),
                )
                self.added.append(new.id)
                self.ups.append(Up(new.id))
                why = reasons.ADD.format(
                    name=_mid(movement.name), count=count, where=reasons.ADD_WHERE[group]
                )
                self.say(new.id, "added", None, why)
                return True
        return False

    def open_at(self, place: str) -> list[Movement]:
        """The work movements open at ``place`` this week, each as its current variation,
        as any person's work breaks would draw on them."""
        found: list[Movement] = []
        for m in self.catalogue.movements.values():
            if not _in_group(m, "work"):
                continue
            now = self.catalogue.get(self.swaps.get(m.id, m.id))
            for choice in (now, m):
                if (
                    choice is not None
                    and _fits(choice, place)
                    and choice.id not in self.back
                    and choice.id not in self.paused
                ):
                    if choice not in found:
                        found.append(choice)
                    break
        return found

    def undo_last_step_up(self, rise: dict[str, str]) -> None:
        """The morning rule: the latest change up still in place goes back."""
        while self.ups:
            up = self.ups.pop()
            if up.base is None or up.before is None:
                if up.move in self.added:
                    self.added.remove(up.move)
                    self.say(up.move, "held", None, reasons.UNDO_ADD.format(**rise))
                    return
            elif self.swaps.get(up.base, up.base) == up.move:
                _swap(self.swaps, up.base, up.before)
                self.back.add(up.move)
                self.back.discard(up.before)
                self.say(up.move, "easier", up.before, reasons.UNDO_STEP.format(**rise))
                return

    def replace_stand_ins(self) -> None:
        """A movement that hurt, whose easier variation rests this week, is not brought back:
        another gentle movement takes its place, or it is left out."""
        for base, now in sorted(self.swaps.items()):
            if base in self.back and now in self.paused:
                movement = self.catalogue.get(base)
                places = movement.places if movement else ()
                covered = all(self.stand_in(p, base) for p in places)
                if base in self.stepped:  # stepped back this week: its change says it all
                    words = reasons.RESTS_TOO if covered else reasons.RESTS_TOO_NONE
                    self.changes = [
                        replace(c, why=c.why + words.format(easier=_mid(self.name(now))))
                        if (c.move, c.change) == (base, "easier")
                        else c
                        for c in self.changes
                    ]
                    continue
                words = reasons.REPLACED if covered else reasons.REPLACED_NONE
                name = _mid(self.name(base))
                self.say(base, "replaced", None, words.format(easier=self.name(now), name=name))


def spread(pool: Iterable[Movement], size: int) -> list[Movement]:
    """``size`` movements for work breaks, micromovements and the gentlest first, a new body
    region each time while one is left."""
    ordered = sorted(pool, key=lambda m: (m.kind != "micro", m.effort, m.id))
    chosen: list[Movement] = []
    covered: set[str] = set()
    for m in ordered:  # first pass: a new region each time
        if len(chosen) < size and m.regions[0] not in covered:
            chosen.append(m)
            covered.add(m.regions[0])
    taken = {m.id for m in chosen}  # by id: comparing whole models is slow in a big catalogue
    return chosen + [m for m in ordered if m.id not in taken][: size - len(chosen)]


def _mid(name: str) -> str:
    """A movement's name inside a sentence: ``Knees to chest`` gives ``knees to chest``."""
    return name[:1].lower() + name[1:]


def _fits(m: Movement, place: str) -> bool:
    return place in m.places and place not in m.avoid_places


def _in_group(m: Movement, group: str) -> bool:
    """Whether ``m`` belongs to the work-break repertoire or to the morning routine."""
    if group == "work":
        return m.kind in WORK_KINDS and any(_fits(m, p) for p in WORK_PLACES)
    return MORNING_TAG in m.tags and _fits(m, "floor")


def _swap(swaps: dict[str, str], base: str, now: str) -> None:
    if now == base:
        swaps.pop(base, None)
    else:
        swaps[base] = now
