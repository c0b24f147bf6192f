"""Pictures of movements for pages: a still figure inline, and the motion frames the browser
animates. Both come from the motion module, so the CLI's SVG and the page show the same figure.
"""

from __future__ import annotations

from backbeat.catalog.animation import movement_keys
from backbeat.catalog.schema import Movement
from backbeat.motion.frames import motion_frames, sample_times
from backbeat.motion.kinematics import forward
from backbeat.motion.pose import Key, sample
from backbeat.motion.svg import drawing, figure_svg, fitted_box, scenery


def peak(keys: tuple[Key, ...]) -> Key:
    """The keyframe that shows the movement best: where its first move arrives."""
    return next((k for k in keys[1:] if k.phase in ("move", "hold")), keys[-1])


def still(movement: Movement, pose: str = "peak") -> str:
    """The movement's figure at its peak (or its ``start``) as inline SVG, styled by the page."""
    keys = movement_keys(movement)
    key = keys[0] if pose == "start" else peak(keys)
    label = movement.name if pose != "start" else f"{movement.name}: starting position"
    motion = movement.motion
    box = fitted_box([drawing(forward(k.pose), motion.view) for k in keys], motion.view)
    return figure_svg(
        forward(key.pose),
        motion.view,
        props=motion.props,
        size=180,
        label=label,
        styled=False,
        box=box,
    )


def motion(movement: Movement, *, sides: bool) -> dict[str, object]:
    """What the browser needs to animate ``movement``: its view, the scenery behind it, and the
    frames of one repetition (and of its mirror image when ``sides``)."""
    keys = movement_keys(movement)
    mirrored = movement_keys(movement, mirrored=True)
    view = movement.motion.view
    poses = [sample(keys, t) for t in sample_times(keys)]
    poses += [sample(mirrored, t) for t in sample_times(mirrored)] if sides else []
    data: dict[str, object] = {
        "view": view,
        "box": fitted_box([drawing(forward(p), view) for p in poses], view),
        "scenery": scenery(drawing(forward(keys[0].pose), view), view, movement.motion.props),
        "left": motion_frames(keys, view),
    }
    if sides:
        data["right"] = motion_frames(mirrored, view)
    return data
