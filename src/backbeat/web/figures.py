"""Pictures of movements for pages: a still figure inline, and the motion frames the browser
animates. Both come from the motion module, so the CLI's SVG and the page show the same figure.
"""

from __future__ import annotations

from backbeat.catalog.animation import grounded
from backbeat.catalog.schema import Movement
from backbeat.motion.frames import motion_frames, sample_times
from backbeat.motion.ground import Grounded
from backbeat.motion.kinematics import View
from backbeat.motion.pose import Key
from backbeat.motion.svg import (
    Drawing,
    arrow_svg,
    drawing,
    figure_svg,
    fitted_box,
    inset_svg,
    scenery,
    trajectory,
)


def peak(keys: tuple[Key, ...]) -> Key:
    """The keyframe that shows the movement best: where its first move arrives."""
    return next((k for k in keys[1:] if k.phase in ("move", "hold")), keys[-1])


def _drawings(side: Grounded, view: View) -> list[Drawing]:
    return [drawing(side.at(t).figure, view) for t in sample_times(side.keys)]


def _box(sides: list[Grounded], view: View) -> str:
    """A view box that holds the figure through every frame of every side."""
    return fitted_box([d for g in sides for d in _drawings(g, view)], view)


def still(movement: Movement, pose: str = "peak") -> str:
    """The movement's figure at its peak (or its ``start``) as inline SVG, with a direction
    arrow on the peak picture and the second view where the movement has one."""
    left = grounded(movement)
    key = left.keys[0] if pose == "start" else peak(left.keys)
    label = movement.name if pose != "start" else f"{movement.name}: starting position"
    view, inset = movement.motion.view, movement.motion.inset
    figure = left.at(key.t).figure
    return figure_svg(
        figure,
        view,
        boxes=left.boxes,
        size=180,
        label=label,
        box=_box([left], view),
        arrow=trajectory(_drawings(left, view)) if pose != "start" else (),
        inset=(figure, inset, _box([left], inset)) if inset else None,
    )


def motion(movement: Movement, *, sides: bool) -> dict[str, object]:
    """What the browser needs to animate ``movement``: its view, the scenery behind it (with the
    direction arrows a paused picture shows, and the frame of the second view if any), and the
    frames of one repetition (and of its mirror image when ``sides``)."""
    left = grounded(movement)
    both = [left, grounded(movement, mirrored=True)] if sides else [left]
    view, inset = movement.motion.view, movement.motion.inset
    box = _box(both, view)
    extra = "".join(
        arrow_svg(trajectory(_drawings(g, view)), hidden=True, side=name)
        for g, name in zip(both, ("left", "right"), strict=False)
    )
    if inset:
        extra += inset_svg(None, inset, left.boxes, _box(both, inset), box)
    data: dict[str, object] = {
        "view": view,
        "box": box,
        "scenery": scenery(left.boxes, view) + extra,
        "left": motion_frames(left, view, inset),
    }
    if sides:
        data["right"] = motion_frames(both[1], view, inset)
    return data
