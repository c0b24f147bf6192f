"""The typed schema of a movement file: what a catalogue entry must say, and in which words.

The words allowed for each field live in :mod:`backbeat.catalog.vocabulary`; they are a public
contract (command-line filters, JSON output, user movement files), quoted back in errors.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from backbeat.catalog.vocabulary import (
    Kind,
    Phase,
    Place,
    Position,
    Posture,
    Prop,
    Region,
    Sides,
    Tag,
    View,
)
from backbeat.motion.skeleton import POINTS

Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Cue = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=140)]
MoveId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=60)]
Spoken = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=70)]
Angle = Annotated[float, Field(ge=-180, le=180)]


def _known_point(name: str) -> str:
    if name not in POINTS:
        raise ValueError(f"unknown point {name!r} (allowed: {', '.join(POINTS)})")
    return name


Point = Annotated[str, AfterValidator(_known_point)]


class _Strict(BaseModel):
    """Every table refuses keys it does not know, so a typo is an error rather than ignored.
    Validators are built when first used (``defer_build``): a catalogue read from its cache is
    never validated again, and a command that only plans need not build them."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Dose(_Strict):
    """How much of a movement: whichever of these apply. Times are seconds."""

    reps: Annotated[int, Field(ge=1, le=60)] | None = None
    hold_s: Annotated[float, Field(ge=0, le=120)] | None = None
    tempo_s: Annotated[float, Field(ge=0.5, le=20)] | None = None
    duration_s: Annotated[float, Field(ge=5, le=3600)] | None = None
    sides: Sides = "none"
    rest_s: Annotated[float, Field(ge=0, le=120)] | None = None


class Say(_Strict):
    """Short spoken cues for the session player, because a paragraph read aloud outlasts a break.

    ``move`` takes the person into the position and ``release`` back out of it. The first of each
    is said on the first repetition and the others in turn after that, so the first can teach and
    the rest can be brief. ``hold`` is said at the start of a hold. In a movement done on both
    sides, ``{side}`` stands for ``left`` or ``right``.
    """

    move: Annotated[tuple[Spoken, ...], Field(min_length=1, max_length=4)]
    release: Annotated[tuple[Spoken, ...], Field(min_length=1, max_length=4)]
    hold: Annotated[tuple[Spoken, ...], Field(max_length=3)] = ()


class Keyframe(_Strict):
    """The pose reached ``t`` seconds into one repetition, naming only the angles that change.

    ``phase`` says what the person is doing on the way to this keyframe; it drives the pacing.
    ``contacts`` names the points bearing weight from here on (None keeps the previous ones), so
    the figure is placed where they stay put instead of sliding.
    """

    t: Annotated[float, Field(ge=0, le=600)]
    phase: Phase = "move"
    pose: dict[str, dict[str, Angle]] = Field(default_factory=dict)
    contacts: Annotated[tuple[Point, ...], Field(max_length=len(POINTS))] | None = None


class Motion(_Strict):
    """Keyframes of a stick figure on skeleton version ``skeleton`` (see backbeat.motion)."""

    skeleton: Literal[1, 2] = 2  # SKELETON_VERSION; version 1 is version 2 without contacts
    base: Posture
    view: View = "side"
    inset: View | None = None  # a second, small view where one is not enough
    props: tuple[Prop, ...] = ()
    keyframes: Annotated[tuple[Keyframe, ...], Field(min_length=2, max_length=40)]


class Movement(_Strict):
    """One catalogue entry: a gentle movement, where and how much to do it, and how it moves."""

    id: MoveId
    name: Line
    summary: Line
    kind: Kind
    position: Position
    places: Annotated[tuple[Place, ...], Field(min_length=1)]
    avoid_places: tuple[Place, ...] = ()
    regions: Annotated[tuple[Region, ...], Field(min_length=1)]
    effort: Annotated[int, Field(ge=1, le=5)]
    tags: tuple[Tag, ...] = ()
    dose: Dose
    cues: Annotated[tuple[Cue, ...], Field(min_length=3, max_length=6)]
    breathing: Line | None = None
    say: Say | None = None
    easier: tuple[MoveId, ...] = ()
    harder: tuple[MoveId, ...] = ()
    cautions: Annotated[tuple[Line, ...], Field(min_length=1)]
    sources: Annotated[tuple[Line, ...], Field(min_length=1)]
    motion: Motion
