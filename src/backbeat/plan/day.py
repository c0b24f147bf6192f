"""One day's slots, rule by rule, before the time budget is applied.

Times are planned as minutes after waking, so a day that runs past midnight (a night shift) is
an ordinary day: every slot lies between waking (0) and sleep (``awake``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, time

from backbeat.catalog.schema import Movement
from backbeat.catalog.timing import dose_seconds
from backbeat.plan import reasons
from backbeat.plan.choose import Chooser, rotate
from backbeat.plan.model import Item, Number, Slot
from backbeat.plan.profile import WEEKDAYS, Moment, WorkBlock
from backbeat.plan.progression import MORNING_TAG, WORK_KINDS, spread

DAY = 24 * 60
MORNING_AFTER_WAKING = 15  # minutes: the routine follows the waking rhythm
BEDTIME_BEFORE_SLEEP = 10
EVENING_BEFORE_SLEEP = 120
MORNING_SECONDS = 240  # the morning routine is about 4 minutes
DRIVING_MIN_GAP = 60  # stops on a drive come no more often than hourly
DRIVE_STOP_EVERY = 90  # minutes: a long drive (a moment in the car) has a stop about this often
LUNCH_MINUTES = 30  # a moment called lunch with no length holds no work break for this long
APART = 5  # minutes at least between two slots, so that no two reminders fire at once
WALK_DEFAULT = time(19, 30)
DESK_KINDS = WORK_KINDS
DESK_PLACES = ("desk", "car", "standing")  # the work-break slots, named as their place
FIXED = ("waking", "bedtime")  # slots that keep their time when two would fire at once
KNEES_TO_CHEST = "knees-to-chest"  # seed 002: a few times a day
NECK_TILTS = "neck-tilts"  # seed 004: ending the day with neck tilts before bed
FLOW = ("supine", "side-lying", "hands-and-knees", "kneeling", "prone", "seated", "standing")


def minutes_of(t: time) -> int:
    return t.hour * 60 + t.minute


def awake_minutes(wake: time, sleep: time) -> int:
    """Minutes from waking to sleep; a sleep time before the wake time is the next day's."""
    span = (minutes_of(sleep) - minutes_of(wake)) % DAY
    return span or DAY


def clock(wake: time, offset: int) -> str:
    """The local time ``offset`` minutes after waking, as HH:MM."""
    total = (minutes_of(wake) + offset) % DAY
    return f"{total // 60:02d}:{total % 60:02d}"


def item(m: Movement, why: str, scale: float = 1.0, *, half: bool = False) -> Item:
    """``m`` at its catalogue dose (or shortened by ``scale``); ``half`` first takes about half
    of it (half the repetitions, rounded up, or half the time), as after a rest."""
    dose = m.dose
    if half:
        if dose.reps and dose.reps > 1:
            dose = dose.model_copy(update={"reps": (dose.reps + 1) // 2})
        elif dose.duration_s:
            dose = dose.model_copy(update={"duration_s": max(5.0, round(dose.duration_s / 2))})
        elif dose.hold_s:
            dose = dose.model_copy(update={"hold_s": round(dose.hold_s / 2, 1)})
    if scale < 1.0:
        if dose.reps:
            dose = dose.model_copy(update={"reps": max(2, int(dose.reps * scale))})
        elif dose.duration_s:
            dose = dose.model_copy(update={"duration_s": max(30.0, round(dose.duration_s * scale))})
    raw = dose.model_dump(exclude_none=True)
    if raw.get("sides") == "none":
        del raw["sides"]
    tidy: list[tuple[str, Number | str]] = [
        (k, int(v) if isinstance(v, float) and v.is_integer() else v) for k, v in raw.items()
    ]
    return Item(m.id, tuple(tidy), why, dose_seconds(dose), scale, half)


class DayBuilder:
    """Applies rules 1 to 7 and 9 for one date; ``index`` drives the rotation."""

    def __init__(self, chooser: Chooser, day: date) -> None:
        self.chooser = chooser
        self.profile = chooser.profile
        self.day = day
        self.index = day.toordinal()
        self.wake = self.profile.day.wake
        self.awake = awake_minutes(self.wake, self.profile.day.sleep)
        self.scale = 0.6 if chooser.severe else 1.0
        self.per_slot = 2 if chooser.severe else 6

    def entry(self, m: Movement, why: str, scale: float | None = None) -> Item:
        """``m`` for a slot, shortened by ``scale`` (the severe-pain scale if not given); at
        about half its dose, and saying so, when it is back from a rest this week."""
        scale = self.scale if scale is None else scale
        if m.id in self.chooser.progress.returning:
            return item(m, f"{why} {reasons.RETURNING}", scale, half=True)
        return item(m, why, scale)

    def slot(
        self, offset: int, moment: str, place: str, items: Sequence[Item], walk: bool = False
    ) -> Slot | None:
        if not items or not 0 <= offset <= self.awake:
            return None
        return Slot(
            offset, clock(self.wake, offset), moment, place, tuple(items[: self.per_slot]), walk
        )

    def build(self) -> tuple[list[Slot], list[str]]:
        notes: list[str] = []
        candidates = [
            *self.rhythm(notes),
            self.morning(),
            *self.work(),
            self.evening(),
            *self.moments(),
            self.walk(),
        ]
        slots = apart([s for s in candidates if s is not None], self.wake, self.awake)
        return with_ids(slots, self.day), notes

    def rhythm(self, notes: list[str]) -> list[Slot | None]:
        """Rule 1: slow rhythmic movements lying on the back, in bed, on waking and at bedtime."""
        pool = self.chooser.where("bed", kinds=("rhythm",))
        if not pool:
            notes.append(reasons.NO_RHYTHM)
            return []
        count = 1 if len(pool) == 1 else 2
        waking = [self.entry(m, reasons.WAKING) for m in rotate(pool, self.index)[:count]]
        bedtime = [self.entry(m, reasons.BEDTIME) for m in rotate(pool, self.index + count)[:count]]
        hug = self.extra(KNEES_TO_CHEST, "bed", reasons.KNEES_TO_CHEST)
        return [
            self.slot(0, "waking", "bed", waking + hug),
            self.slot(
                max(self.awake - BEDTIME_BEFORE_SLEEP, 1),
                "bedtime",
                "bed",
                bedtime + hug + self.extra(NECK_TILTS, "bed", reasons.NECK_BEFORE_BED),
            ),
        ]

    def extra(self, move: str, place: str, why: str) -> list[Item]:
        """One named movement added to a slot (seeds 002 and 004), as progression has it now
        (its current variation, or what stands in for it), when it is open to this person at
        ``place``; none otherwise."""
        movement = self.chooser.catalogue.get(move)
        found = self.chooser.pool([movement], place) if movement is not None else []
        return [self.entry(m, why) for m in found[:1]]

    def morning(self) -> Slot | None:
        """Rule 2: a routine of about 4 minutes, 3 to 6 movements, on the floor after waking:
        three in turn, and the movements progression added to it."""
        pool = self.chooser.where("floor", tag=MORNING_TAG)
        picked = rotate(pool, self.index)[:3]
        if len(picked) < 3:
            return None
        added = self.chooser.pool(self.added(lambda m: MORNING_TAG in m.tags), "floor")
        picked += [m for m in added if m not in picked][: 6 - len(picked)]
        picked.sort(key=lambda m: _flow_rank(self.chooser, m.id))
        flow = [self.entry(m, reasons.MORNING) for m in picked]
        over = sum(i.seconds for i in flow) / MORNING_SECONDS
        if over > 1.25:
            flow = [self.entry(m, reasons.MORNING, self.scale / over) for m in picked]
        return self.slot(MORNING_AFTER_WAKING, "morning", "floor", flow)

    def added(self, belongs: Callable[[Movement], bool]) -> list[Movement]:
        """The movements progression added, in order, that ``belongs`` keeps."""
        catalogue = self.chooser.catalogue
        found = (catalogue.get(move) for move in self.chooser.progress.added)
        return [m for m in found if m is not None and belongs(m)]

    def work(self) -> list[Slot | None]:
        """Rules 3 to 5: breaks through each work block on its days, outside quiet spans, each
        the next movement of the whole pool for its place, so no movement comes again within
        two breaks while the pool holds three or more."""
        weekday = WEEKDAYS[self.day.weekday()]
        slots: list[Slot | None] = []
        turns: dict[str, int] = {}
        quiet = self.quiet()
        for block in self.profile.day.work:
            if weekday in block.days:
                slots += self._breaks(block, turns, quiet)
        return slots

    def quiet(self) -> list[tuple[int, int]]:
        """Spans (minutes after waking) with no work breaks: the quiet hours, and the person's
        moments that have a length today (a lunch break, a drive, a meeting)."""
        spans = [
            ((minutes_of(a) - minutes_of(self.wake)) % DAY, (minutes_of(b) - minutes_of(a)) % DAY)
            for a, b in self.profile.prefs.quiet
        ]
        for moment in self.todays_moments():
            length = moment.minutes or (LUNCH_MINUTES if "lunch" in moment.name.lower() else 0)
            if length:
                spans.append(((minutes_of(moment.at) - minutes_of(self.wake)) % DAY, length))
        return [(start, start + length) for start, length in spans]

    def _breaks(
        self, block: WorkBlock, turns: dict[str, int], quiet: Sequence[tuple[int, int]]
    ) -> list[Slot | None]:
        place = block.place
        every = self.profile.prefs.break_every
        if place == "car":
            every = max(every, DRIVING_MIN_GAP)
        repertoire = self.repertoire(place)
        start = (minutes_of(block.start) - minutes_of(self.wake)) % DAY
        length = (minutes_of(block.end) - minutes_of(block.start)) % DAY or DAY
        why = {"desk": reasons.DESK, "car": reasons.CAR, "standing": reasons.STANDING}[place]
        slots: list[Slot | None] = []
        for offset in range(start + every, start + length, every):
            if repertoire and not any(a <= offset % DAY < b for a, b in quiet):
                k = turns[place] = turns.get(place, -1) + 1
                m = repertoire[(k + self.index) % len(repertoire)]
                entry = self.entry(m, why.format(every=every), 1.0)
                slots.append(self.slot(offset, place, place, [entry]))
        return slots

    def repertoire(self, place: str) -> list[Movement]:
        """The movements for work breaks at ``place``: the whole pool open there, a new body
        region each time first, and the movements progression added to them."""
        pool = self.chooser.where(place, kinds=DESK_KINDS)
        chosen = spread(pool, len(pool))
        added = self.chooser.pool(self.added(lambda m: m.kind in DESK_KINDS), place)
        return chosen + [m for m in added if m not in chosen]

    def vary(self, slots: Sequence[Slot], limit: float) -> list[Slot]:
        """The work breaks left after the budget, each given the next movement of its pool that
        is not in either of the two breaks before it (the budget may have left out the breaks
        between), at the scale the budget gave it. A break whose every choice would go over
        ``limit`` seconds of movement is left out rather than repeat one."""
        kept: list[Slot] = []
        lasts: dict[str, list[str]] = {}  # by place: the movements of its breaks so far
        pools: dict[str, list[Movement]] = {}
        total = sum(i.seconds for s in slots if not s.walk for i in s.items)
        for s in slots:
            if s.moment not in DESK_PLACES or s.moment != s.place or len(s.items) != 1:
                kept.append(s)
                continue
            now = s.items[0]
            last = lasts.setdefault(s.place, [])
            if now.move not in last[-2:]:
                kept.append(s)
                last.append(now.move)
                continue
            pool = pools.get(s.place) or pools.setdefault(s.place, self.repertoire(s.place))
            start = next((n for n, m in enumerate(pool) if m.id == now.move), 0)
            choice = None
            for m in rotate(pool, start + 1):
                if m.id in last[-2:]:
                    continue
                entry = self.entry(m, now.why, now.scale)
                if total - now.seconds + entry.seconds <= limit:
                    choice = entry
                    break
            total -= now.seconds
            if choice is not None:
                total += choice.seconds
                kept.append(replace(s, items=(choice,)))
                last.append(choice.move)
        return kept

    def evening(self) -> Slot | None:
        """Rule 6: floor stretches in the evening, on the floor (never knee rolls on a bed)."""
        if self.awake < 4 * 60:
            return None
        pool = self.chooser.where("floor", kinds=("stretch",))
        picked = [self.entry(m, reasons.EVENING) for m in rotate(pool, self.index)[:3]]
        return self.slot(self.awake - EVENING_BEFORE_SLEEP, "evening", "floor", picked)

    def todays_moments(self) -> list[Moment]:
        weekday = WEEKDAYS[self.day.weekday()]
        return [m for m in self.profile.day.moments if weekday in m.days]

    def moments(self) -> list[Slot | None]:
        """Rule 7: one small movement that fits each of the person's own moments on its days;
        a drive's comes when it ends (parked), with stops on a long one."""
        slots: list[Slot | None] = []
        for n, moment in enumerate(self.profile.day.moments):
            if moment in self.todays_moments():
                slots += self._moment(n, moment)
        return slots

    def _moment(self, n: int, moment: Moment) -> list[Slot | None]:
        pool = [m for m in self.chooser.where(moment.place) if m.effort <= 2 and m.kind != "walk"]
        if not pool:
            return []
        offset = (minutes_of(moment.at) - minutes_of(self.wake)) % DAY
        if moment.place != "car" or not moment.minutes:
            why = reasons.MOMENT.format(name=moment.name, place=moment.place)
            m = rotate(pool, self.index + n)[0]
            return [self.slot(offset, moment.name, moment.place, [self.entry(m, why)])]
        length = moment.minutes
        stops = -(-length // DRIVE_STOP_EVERY) - 1  # a stop about every 90 minutes
        at = [offset + round(length * k / (stops + 1)) for k in range(1, stops + 2)]
        slots: list[Slot | None] = []
        for k, when in enumerate(at):
            arrived = k == len(at) - 1
            words = reasons.DRIVE_END if arrived else reasons.DRIVE_STOP
            why = words.format(name=moment.name, minutes=length)
            m = rotate(pool, self.index + n + k)[0]
            slots.append(self.slot(when, moment.name, "car", [self.entry(m, why)]))
        return slots

    def walk(self) -> Slot | None:
        """Rule 7: a walk after dinner when the person wants one."""
        if not self.profile.prefs.walk:
            return None
        walks = self.chooser.where("standing", kinds=("walk",))
        walk = next((m for m in walks if m.id == "walk-after-dinner"), walks[0] if walks else None)
        if walk is None:
            return None
        dinner = next((m for m in self.profile.day.moments if "dinner" in m.name.lower()), None)
        at = (
            minutes_of(dinner.at) + (0 if "after" in dinner.name.lower() else 30)
            if dinner
            else minutes_of(WALK_DEFAULT)
        )
        offset = (at - minutes_of(self.wake)) % DAY
        last = self.awake - 60
        if offset > last:
            offset = max(last, 0)
        return self.slot(offset, "walk", "standing", [self.entry(walk, reasons.WALK)], walk=True)


def apart(slots: Sequence[Slot], wake: time, awake: int) -> list[Slot]:
    """The slots in order, no two within ``APART`` minutes, so no two reminders fire at once:
    waking and bedtime keep their times, then the person's own moments (a drive's end is when
    it is); the morning routine, breaks, evening stretches and the walk move a few minutes
    earlier or later (each kept whole: a slot is one place and one session)."""

    def rank(s: Slot) -> tuple[int, int, str]:
        fixed = 0 if s.moment in FIXED else 2 if s.walk or s.moment in FLEXIBLE else 1
        return (fixed, s.offset, s.moment)

    placed: list[Slot] = []
    for s in sorted(slots, key=rank):
        tries = [s.offset + APART * k * sign for k in range(13) for sign in (-1, 1)]
        for offset in tries:
            if 0 <= offset <= awake and all(abs(p.offset - offset) >= APART for p in placed):
                placed.append(replace(s, offset=offset, time=clock(wake, offset)))
                break
    return sorted(placed, key=lambda s: (s.offset, s.moment))


FLEXIBLE = ("morning", "evening", "walk", *DESK_PLACES)


def with_ids(slots: Sequence[Slot], day: date) -> list[Slot]:
    """Each slot with its id: ``2026-11-30/evening`` for the one slot of a moment that day,
    ``2026-11-30/desk-1030`` when a moment comes more than once (by its time, so an id does not
    change when the budget leaves another slot out), and ``-2``, ``-3``... after a second slot
    of the same moment at the same minute. Two slots at one minute (TV and the evening
    stretches at 21:00) stay two slots with two ids."""
    names = [slug(s.moment) for s in slots]
    repeated = {n for n in names if names.count(n) > 1}
    seen: dict[str, int] = {}
    named: list[Slot] = []
    for s, name in zip(slots, names, strict=True):
        key = f"{name}-{s.time.replace(':', '')}" if name in repeated else name
        seen[key] = seen.get(key, 0) + 1
        suffix = f"-{seen[key]}" if seen[key] > 1 else ""
        named.append(replace(s, id=f"{day.isoformat()}/{key}{suffix}"))
    return named


def slug(name: str) -> str:
    """A moment's name as a part of an address: ``TV`` gives ``tv``, ``Après-ski!`` gives
    ``apres-ski``; a name with no letters or digits of the Latin alphabet gives ``moment``."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = "".join(c if c.isalnum() else " " for c in plain.lower()).split()
    return "-".join(words)[:40].strip("-") or "moment"


def _flow_rank(chooser: Chooser, move: str) -> tuple[int, str]:
    position = chooser.catalogue.movements[move].position
    return (FLOW.index(position) if position in FLOW else len(FLOW), move)
