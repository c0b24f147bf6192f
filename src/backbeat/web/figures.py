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
from backbeat.motion.svg import drawing, figure_svg, fitted_box, scenery


def peak(keys: tuple[Key, ...]) -> Key:
    """The keyframe that shows the movement best: where its first move arrives."""
    return next((k for k in keys[1:] if k.phase in ("move", "hold")), keys[-1])


def _box(sides: list[Grounded], view: View) -> str:
    """A view box that holds the figure through every frame of every side."""
    drawings = [drawing(g.at(t).figure, view) for g in sides for t in sample_times(g.keys)]
    return fitted_box(drawings, view)


def still(movement: Movement, pose: str = "peak") -> str:
    """The movement's figure at its peak (or its ``start``) as inline SVG, styled by the page."""
    left = grounded(movement)
    key = left.keys[0] if pose == "start" else peak(left.keys)
    label = movement.name if pose != "start" else f"{movement.name}: starting position"
    view = movement.motion.view
    return figure_svg(
        left.at(key.t).figure,
        view,
        boxes=left.boxes,
        size=180,
        label=label,
        styled=False,
        box=_box([left], view),
    )


def motion(movement: Movement, *, sides: bool) -> dict[str, object]:
    """What the browser needs to animate ``movement``: its view, the scenery behind it, and the
    frames of one repetition (and of its mirror image when ``sides``)."""
    left = grounded(movement)
    both = [left, grounded(movement, mirrored=True)] if sides else [left]
    view = movement.motion.view
    data: dict[str, object] = {
        "view": view,
        "box": _box(both, view),
        "scenery": scenery(left.boxes, view),
        "left": motion_frames(left, view),
    }
    if sides:
        data["right"] = motion_frames(both[1], view)
    return data
