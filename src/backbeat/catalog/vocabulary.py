"""The catalogue's controlled words, importable without the validation machinery.

Kept apart from the schema so that the command line can offer them as choices without paying for
pydantic at start-up.
"""

from __future__ import annotations

from typing import Literal, get_args

Kind = Literal["micro", "mobility", "stretch", "rhythm", "strength", "walk", "relax"]
Position = Literal[
    "supine", "seated", "standing", "kneeling", "hands-and-knees", "side-lying", "prone"
]
Place = Literal["bed", "floor", "desk", "car", "sofa", "standing"]
Region = Literal["neck", "shoulders", "upper-back", "lower-back", "hips", "glutes", "core", "legs"]
Sides = Literal["none", "both", "alternate"]
View = Literal["side", "front", "top", "three-quarter"]
Phase = Literal["start", "move", "hold", "release", "rest"]
Posture = Literal[
    "standing",
    "seated",
    "supine",
    "supine-knees-bent",
    "kneeling",
    "kneeling-on-heels",
    "hands-and-knees",
    "side-lying",
    "prone",
]
Prop = Literal["mat", "bed", "chair", "stool", "car-seat", "wall"]
Tag = Literal[
    "backbend",
    "forward-bend",
    "twist",
    "side-bend",
    "morning-routine",
    "loaded-flexion",
    "end-range-twist",
]

KINDS: tuple[str, ...] = get_args(Kind)
POSITIONS: tuple[str, ...] = get_args(Position)
PLACES: tuple[str, ...] = get_args(Place)
REGIONS: tuple[str, ...] = get_args(Region)
TAGS: tuple[str, ...] = get_args(Tag)
