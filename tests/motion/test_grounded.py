"""Figures a physiotherapist would sign: over the whole catalogue, at ``--frames 48``, nothing
goes through the floor or a prop, weight-bearing points stay put while they bear weight, and bones
keep their lengths. Checked on the frames contract itself, independently of the solver's own
checks; a generated user movement is held to the same rules."""

from __future__ import annotations

import math
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backbeat.catalog.animation import sides
from backbeat.catalog.loader import builtin, with_user_movements
from backbeat.catalog.schema import Movement
from backbeat.motion.contract import Frame, frames
from backbeat.motion.props import inside, stage, support
from backbeat.motion.skeleton import FLESH
from tests.catalog.movement_files import VALID

CATALOGUE = builtin()
FRAMES = 48
BONES = [
    ("pelvis", "spine_upper"),
    ("spine_upper", "neck"),
    *(
        (f"{a}_{s}", f"{b}_{s}")
        for s in "lr"
        for a, b in [("shoulder", "elbow"), ("elbow", "hand")]
    ),
    *(
        (f"{a}_{s}", f"{b}_{s}")
        for s in "lr"
        for a, b in [("hip", "knee"), ("knee", "ankle"), ("ankle", "toe"), ("ankle", "heel")]
    ),
]


def _problems(movement: Movement) -> list[str]:
    """What is wrong with a movement's frames, checked from the contract's numbers alone."""
    found: list[str] = []
    played = sides(movement)
    shown = frames(played, FRAMES)
    switch = played[0].keys[-1].t  # the person steps into the other side's stance here
    boxes = stage(movement.motion.props)
    lengths = {bone: math.dist(*(shown[0]["joints"][j] for j in bone)) for bone in BONES}
    since: dict[str, list[float]] = {}
    for frame in shown:
        joints = frame["joints"]
        found += _below(frame, boxes)
        for name, at in joints.items():
            if (box := inside(boxes, (at[0], at[1], at[2]))) and box.prop not in ("mat", "bed"):
                found.append(f"{name} in the {box.prop} at {frame['t']}")
        for bone, length in lengths.items():
            if abs(math.dist(*(joints[j] for j in bone)) - length) > 1e-3:
                found.append(f"{bone} changes length at {frame['t']}")
        if frame["t"] > switch and since and len(played) > 1:
            since, switch = {}, math.inf
        since = {c: since.get(c, joints[c]) for c in frame["contacts"]}
        for contact, at in since.items():
            if math.dist(at, joints[contact]) >= 0.01:
                found.append(f"contact {contact} moves at {frame['t']}")
    return found


def _below(frame: Frame, boxes: tuple[object, ...]) -> list[str]:
    out = []
    for name, (x, y, z) in frame["joints"].items():
        if y - FLESH[name] < -0.005:
            out.append(f"{name} below the floor at {frame['t']}")
        surface = support(boxes, x, z, below=y)  # type: ignore[arg-type]
        if y - FLESH[name] < surface - 0.005:
            out.append(f"{name} sinks into what is under it at {frame['t']}")
    return out


@pytest.mark.parametrize("move_id", sorted(CATALOGUE.movements))
def test_every_built_in_movement_is_grounded(move_id: str) -> None:
    assert _problems(CATALOGUE.movements[move_id]) == []


def test_the_frames_cover_one_repetition_of_each_side() -> None:
    knee_rolls = CATALOGUE.movements["knee-rolls"]
    shown = frames(sides(knee_rolls), FRAMES)
    one = knee_rolls.motion.keyframes[-1].t
    assert len(shown) == FRAMES and shown[0]["t"] == 0 and shown[-1]["t"] == pytest.approx(2 * one)
    assert "toe_r" in shown[0]["contacts"] and set(shown[0]["joints"]) >= {"head", "toe_l"}


ANGLES = st.integers(-20, 20)


@st.composite
def user_movements(draw: st.DrawFn) -> str:
    """A standing user movement with a random bend, twist and arm reach on its feet."""
    bend, twist, reach, side = draw(ANGLES), draw(ANGLES), draw(st.integers(0, 160)), draw(ANGLES)
    motion = VALID.split("[motion]")[0].format(id="generated", harder="[]")
    return motion + (
        '[motion]\nskeleton = 2\nbase = "standing"\nview = "side"\n\n'
        '[[motion.keyframes]]\nt = 0\nphase = "start"\n'
        'contacts = ["heel_l", "toe_l", "heel_r", "toe_r"]\n\n'
        f"[[motion.keyframes]]\nt = 3\npose = {{ spine_upper.flex = {bend}, "
        f"spine_lower.twist = {twist}, shoulder_l.flex = {reach}, spine_lower.side = {side} }}\n\n"
        '[[motion.keyframes]]\nt = 6\nphase = "release"\n'
        "pose = { spine_upper.flex = 0, spine_lower.twist = 0, shoulder_l.flex = 0, "
        "spine_lower.side = 0 }\n"
    )


@settings(deadline=None, max_examples=15, suppress_health_check=[HealthCheck.too_slow])
@given(user_movements())
def test_a_generated_user_movement_is_grounded(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        (home / "movements").mkdir()
        (home / "movements" / "generated.toml").write_text(text)
        catalogue, problems = with_user_movements(home)
    assert problems == []
    assert _problems(catalogue.movements["generated"]) == []


SEATED = sorted(m.id for m in CATALOGUE.movements.values() if "chair" in m.motion.props)


@pytest.mark.parametrize("seat", ["stool", "car-seat"])
@pytest.mark.parametrize("move_id", SEATED)
def test_a_seated_movement_on_a_stool_or_a_car_seat_is_grounded_too(
    move_id: str, seat: str
) -> None:
    """The props a person's own movement may name: a stool (no back) and a car seat (a solid
    base and a taller back) hold a seated figure as the chair does."""
    movement = CATALOGUE.movements[move_id]
    props = tuple(seat if p == "chair" else p for p in movement.motion.props)
    moved = movement.model_copy(
        update={"motion": movement.motion.model_copy(update={"props": props})}
    )
    assert _problems(moved) == []
    assert any(box.prop == seat for box in stage(props))
