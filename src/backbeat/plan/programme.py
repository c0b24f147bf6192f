"""A clinician's programme: the file format, and the rule that shapes a day's plan from it.

A programme names movements with their doses, the moments or places of the day they belong to,
whether backbeat may progress each (``allowed``, ``held``, or within named limits) and the
clinician's notes. A person who has one is ``Prescribed``: their plan is the programme's, fitted
to their day, instead of backbeat's own choice. The red-flag screen still comes first (the plan
builder refers before it plans anything), and the safety rules still hold: a movement that
hurt rests, pain of 8/10 keeps to the gentlest, an avoid list is kept; each is said in the day's
notes, never silently.

Pure: the programme, the catalogue, the person and the progression state come in.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

from backbeat import disk
from backbeat.catalog.catalogue import Catalogue
from backbeat.catalog.problems import NESTED, Problem, from_validation
from backbeat.catalog.schema import Dose, MoveId, Movement
from backbeat.catalog.vocabulary import Place
from backbeat.inputs import plain_text
from backbeat.json_text import json_text
from backbeat.plan import reasons
from backbeat.plan.choose import Chooser
from backbeat.plan.day import (
    BEDTIME_BEFORE_SLEEP,
    DAY,
    DRIVING_MIN_GAP,
    EVENING_BEFORE_SLEEP,
    MORNING_AFTER_WAKING,
    WALK_DEFAULT,
    awake_minutes,
    clock,
    item,
    minutes_of,
    with_ids,
)
from backbeat.plan.model import DayPlan, Item, Slot
from backbeat.plan.profile import WEEKDAYS, Profile
from backbeat.plan.profile_file import PROGRAMME_FILE

FORMAT = "backbeat-programme"
VERSION = 1  # raised when a release writes something an older one could not read
FILE = PROGRAMME_FILE  # beside profile.toml
WORK = ("desk", "car", "standing")
MOMENTS = ("waking", "morning", *WORK, "evening", "walk", "bedtime")
"""The moments of every day a programme can name; the person's own moments (``TV``) too."""

# Words for people.
PRESCRIBED = "From your programme."
FROM_CLINICIAN = "From your clinician: {notes}"
NOT_OPEN = "{move} from your programme is not open to you here (not in your catalogue)."
RESTING = "{move} from your programme rests this week because it hurt: tell your clinician."
LEFT_OUT = "{move} from your programme is left out today (your pain or your avoid list)."
NO_MOMENT = "{move} belongs to {moment}, which is not a moment of your day: add it to your profile."

Text = Annotated[str, Field(min_length=1, max_length=2000), AfterValidator(plain_text)]
Name = Annotated[str, Field(min_length=1, max_length=40), AfterValidator(plain_text)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Ceiling(_Strict):
    """The most of a dose a progressed variation is given (seconds for times)."""

    reps: Annotated[int, Field(ge=1, le=60)] | None = None
    hold_s: Annotated[float, Field(ge=0, le=120)] | None = None
    duration_s: Annotated[float, Field(ge=5, le=3600)] | None = None


class Limits(_Strict):
    """Progress allowed within named limits: no harder than ``up_to`` (a variation along the
    catalogue's ``harder`` links), and a progressed variation's dose no more than ``max``."""

    model_config = ConfigDict(
        json_schema_extra={  # the rule of ``_named``, for clients that read the schema
            "anyOf": [
                {"required": ["up_to"], "properties": {"up_to": {"type": "string"}}},
                {"required": ["max"], "properties": {"max": {"type": "object"}}},
            ]
        }
    )
    up_to: MoveId | None = None
    max: Ceiling | None = None

    @model_validator(mode="after")
    def _named(self) -> Limits:
        if self.up_to is None and self.max is None:
            raise ValueError("names no limit (allowed: up_to, max, or both)")
        return self


class Entry(_Strict):
    """One prescribed movement: its dose, where it belongs, and whether it may progress."""

    move: MoveId
    dose: Dose
    moments: tuple[Name, ...] = ()
    places: tuple[Place, ...] = ()
    progress: Literal["allowed", "held"] | Limits = "held"
    notes: Text | None = None

    model_config = ConfigDict(
        json_schema_extra={  # the rule of ``_belongs``, for clients that read the schema
            "anyOf": [
                {"required": ["moments"], "properties": {"moments": {"minItems": 1}}},
                {"required": ["places"], "properties": {"places": {"minItems": 1}}},
            ]
        }
    )

    @model_validator(mode="after")
    def _belongs(self) -> Entry:
        if not self.moments and not self.places:
            raise ValueError("belongs nowhere (allowed: a list of moments, of places, or both)")
        return self


class Programme(_Strict):
    """A programme file (see the README's "Programme files")."""

    format: Literal["backbeat-programme"]
    version: Annotated[int, Field(ge=1, le=VERSION)]
    title: Name
    clinician: Name | None = None
    notes: Text | None = None
    movements: Annotated[tuple[Entry, ...], Field(min_length=1, max_length=40)]


class Prescribed(Profile):
    """A profile whose plan follows a programme. The programme is kept beside the profile file
    (``programme.json``), never in it: it is left out of every dump of the profile."""

    programme: Programme = Field(exclude=True)


def following(profile: Profile, programme: Programme | None) -> Profile:
    """``profile`` prescribed ``programme`` (or, with None, the profile alone)."""
    fields = {name: getattr(profile, name) for name in Profile.model_fields}
    if programme is None:
        return profile if type(profile) is Profile else Profile(**fields)
    return Prescribed(**fields, programme=programme)


def dump(programme: Programme) -> str:
    """The file's text: the same programme always gives the same text."""
    return json_text(programme.model_dump(mode="json", exclude_none=True))


def load(
    text: str, name: str, catalogue: Catalogue | None = None
) -> tuple[Programme | None, list[Problem]]:
    """The programme in ``text``, or every problem found (each naming its field); with a
    catalogue, movements it does not hold and limits off a movement's ``harder`` links too."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        return None, [Problem(name, f"line {error.lineno} column {error.colno}", error.msg)]
    except (RecursionError, ValueError):
        return None, [Problem(name, "(file)", NESTED)]
    if not isinstance(data, dict):
        return None, [Problem(name, "(file)", "expected a JSON object (a backbeat programme)")]
    if data.get("format") != FORMAT:
        found = json.dumps(data.get("format"))[:60]
        return None, [Problem(name, "format", f"is {found} (allowed: {json.dumps(FORMAT)})")]
    version = data.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
        why = f"is {version}, from a newer backbeat (this one reads up to {VERSION})"
        return None, [Problem(name, "version", why)]
    try:
        programme = Programme.model_validate(data)
    except ValidationError as error:
        return None, from_validation(name, error, Programme)
    problems = check(programme, catalogue, name) if catalogue is not None else []
    return (None, problems) if problems else (programme, [])


def read_beside(profile: Path, catalogue: Catalogue) -> tuple[Programme | None, list[Problem]]:
    """The programme kept beside the profile file at ``profile`` (None when there is none), or
    what is wrong with it. The one place the programme is read from the disk."""
    path = profile.with_name(FILE)
    if not path.exists():
        return None, []
    try:
        text = disk.read_text(path)
    except UnicodeDecodeError as error:
        return None, [Problem(str(path), "(file)", f"is not UTF-8 text ({error.reason})")]
    except OSError as error:
        return None, [Problem(str(path), "(file)", f"cannot be read ({disk.reason(error)})")]
    return load(text, str(path), catalogue)


def check(programme: Programme, catalogue: Catalogue, name: str) -> list[Problem]:
    """What a valid file asks of a catalogue that this one cannot give."""
    problems = []
    for n, entry in enumerate(programme.movements):
        where = f"movements[{n}]"
        if catalogue.get(entry.move) is None:
            problems.append(
                Problem(name, f"{where}.move", f"{entry.move!r} is not in the catalogue")
            )
            continue
        limits = entry.progress
        up_to = limits.up_to if isinstance(limits, Limits) else None
        if up_to is not None and not path_to(catalogue, entry.move, up_to):
            why = f"{up_to!r} is not a harder variation of {entry.move!r}"
            problems.append(Problem(name, f"{where}.progress.up_to", why))
    return problems


def path_to(catalogue: Catalogue, start: str, goal: str) -> tuple[str, ...]:
    """The variations from ``start`` up its ``harder`` links to ``goal`` (both included);
    empty when ``goal`` is not among them."""
    paths: dict[str, tuple[str, ...]] = {start: (start,)}
    queue = [start]
    while queue:
        current = queue.pop(0)
        if current == goal:
            return paths[current]
        movement = catalogue.get(current)
        for harder in movement.harder if movement is not None else ():
            if harder not in paths:
                paths[harder] = (*paths[current], harder)
                queue.append(harder)
    return ()


@dataclass(frozen=True, slots=True)
class Moment:
    """A moment of one day that programme movements can belong to."""

    offset: int  # minutes after waking
    name: str
    place: str
    turn: int | None = None  # the n-th break of a work block: its movements take turns

    @property
    def walk(self) -> bool:
        return self.name == "walk"


def timetable(profile: Profile, day: date) -> list[Moment]:
    """The day's moments, at the times ``backbeat.plan.day`` plans them."""
    shape = profile.day
    wake, awake = shape.wake, awake_minutes(shape.wake, shape.sleep)
    found = [Moment(0, "waking", "bed"), Moment(MORNING_AFTER_WAKING, "morning", "floor")]
    weekday = WEEKDAYS[day.weekday()]
    for block in shape.work:
        if weekday not in block.days:
            continue
        every = profile.prefs.break_every
        every = max(every, DRIVING_MIN_GAP) if block.place == "car" else every
        start = (minutes_of(block.start) - minutes_of(wake)) % DAY
        length = (minutes_of(block.end) - minutes_of(block.start)) % DAY or DAY
        for k, offset in enumerate(range(start + every, start + length, every)):
            found.append(Moment(offset, block.place, block.place, k))
    if awake >= 4 * 60:
        found.append(Moment(awake - EVENING_BEFORE_SLEEP, "evening", "floor"))
    for moment in shape.moments:
        found.append(
            Moment((minutes_of(moment.at) - minutes_of(wake)) % DAY, moment.name, moment.place)
        )
    dinner = next((m for m in shape.moments if "dinner" in m.name.lower()), None)
    at = (
        minutes_of(dinner.at) + (0 if "after" in dinner.name.lower() else 30)
        if dinner
        else minutes_of(WALK_DEFAULT)
    )
    found.append(Moment(min((at - minutes_of(wake)) % DAY, max(awake - 60, 0)), "walk", "standing"))
    found.append(Moment(max(awake - BEDTIME_BEFORE_SLEEP, 1), "bedtime", "bed"))
    return [m for m in found if 0 <= m.offset <= awake]


def belongs(entry: Entry, moment: Moment) -> bool:
    """By the moment's name; by its place too, except for the walk."""
    return moment.name in entry.moments or (not moment.walk and moment.place in entry.places)


def programme_day(programme: Programme, chooser: Chooser, day: date) -> DayPlan:
    """One day's plan from ``programme``: each moment with the movements that belong to it (a
    work break with one of them, in turn), each at its prescribed dose or as far as it may
    progress; what cannot be given is said in the notes."""
    profile, index = chooser.profile, day.toordinal()
    wake = profile.day.wake
    notes: list[str] = []
    if chooser.severe:
        notes.append(reasons.SEVERE.format(pain=profile.pain))
    if programme.notes:
        notes.append(FROM_CLINICIAN.format(notes=programme.notes))
    given: dict[str, Item | None] = {}
    slots: list[Slot] = []
    moments = timetable(profile, day)
    for moment in moments:
        entries = [e for e in programme.movements if belongs(e, moment)]
        if moment.turn is not None and entries:
            entries = [entries[(moment.turn + index) % len(entries)]]
        items = []
        for entry in entries:
            if entry.move not in given:
                given[entry.move] = give(entry, chooser, notes)
            if (found := given[entry.move]) is not None:
                items.append(found)
        if items:
            at = clock(wake, moment.offset)
            slots.append(
                Slot(moment.offset, at, moment.name, moment.place, tuple(items), moment.walk)
            )
    names = {m.name for m in profile.day.moments}
    for entry in programme.movements:
        for name in entry.moments:
            if name not in MOMENTS and name not in names:
                notes.append(NO_MOMENT.format(move=entry.move, moment=name))
    ordered = sorted(slots, key=lambda s: (s.offset, s.moment))
    return DayPlan(
        day,
        tuple(with_ids(ordered, day)),
        tuple(dict.fromkeys(notes)),
        chooser.progress.week,
        chooser.severe,
    )


def give(entry: Entry, chooser: Chooser, notes: list[str]) -> Item | None:
    """``entry`` as it is given this week, or None (and why, in ``notes``)."""
    catalogue, progress = chooser.catalogue, chooser.progress
    base = catalogue.get(entry.move)
    if base is None:
        notes.append(NOT_OPEN.format(move=entry.move))
        return None
    if entry.move in progress.paused or entry.move in progress.stepped_back:
        notes.append(RESTING.format(move=base.name))
        return None
    chosen, dose = base, entry.dose
    now = catalogue.get(progress.current(entry.move))
    if now is not None and now.id != base.id and may_progress(entry, catalogue, now):
        chosen, dose = now, capped(now.dose, entry.progress)
    if not chooser.allowed(chosen):
        chosen, dose = base, entry.dose
        if not chooser.allowed(base):
            notes.append(LEFT_OUT.format(move=base.name))
            return None
    why = f"{PRESCRIBED} {entry.notes}" if entry.notes else PRESCRIBED
    half = entry.move in progress.returning
    return item(_dosed(chosen, dose), f"{why} {reasons.RETURNING}" if half else why, half=half)


def may_progress(entry: Entry, catalogue: Catalogue, variation: Movement) -> bool:
    """Whether the variation progression moved ``entry`` on to is within what it allows."""
    limits = entry.progress
    if limits == "held":
        return False
    if isinstance(limits, Limits) and limits.up_to is not None:
        return variation.id in path_to(catalogue, entry.move, limits.up_to)
    return True


def capped(dose: Dose, limits: Limits | str) -> Dose:
    """``dose`` no more than the limits' ``max``."""
    if not isinstance(limits, Limits) or limits.max is None:
        return dose
    update: dict[str, float] = {}
    for key, most in limits.max.model_dump(exclude_none=True).items():
        value = getattr(dose, key)
        if value is not None and value > most:
            update[key] = most
    return dose.model_copy(update=update)


def _dosed(movement: Movement, dose: Dose) -> Movement:
    return movement if movement.dose == dose else movement.model_copy(update={"dose": dose})


def summary(programme: Programme) -> Sequence[str]:
    """The programme in lines for ``backbeat programme show``."""
    lines = [programme.title + (f" (from {programme.clinician})" if programme.clinician else "")]
    if programme.notes:
        lines.append(f"  {programme.notes}")
    for entry in programme.movements:
        dose = ", ".join(
            f"{k} {v}"
            for k, v in entry.dose.model_dump(exclude_none=True).items()
            if not (k == "sides" and v == "none")
        )
        where = ", ".join((*entry.moments, *entry.places))
        limits = entry.progress
        if isinstance(limits, Limits):
            parts = [f"up to {limits.up_to}" if limits.up_to else ""]
            if limits.max is not None:
                parts += [
                    f"{k} at most {v}" for k, v in limits.max.model_dump(exclude_none=True).items()
                ]
            progress = "progress within limits: " + ", ".join(p for p in parts if p)
        else:
            progress = {"allowed": "backbeat may progress it", "held": "held as prescribed"}[limits]
        lines.append(f"- {entry.move}: {dose}; at {where}; {progress}")
        if entry.notes:
            lines.append(f"    {entry.notes}")
    return lines
