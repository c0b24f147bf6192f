"""Draw a posed figure as SVG: the picture every movement gets, from its keyframes alone.

Limbs on the far side are drawn first and lighter, so a side view still reads as two legs. The
projected coordinates come from :func:`drawing`, which the browser's animation frames use too,
so a figure drawn here and one drawn in the web app are the same figure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import quoteattr

from backbeat.motion.kinematics import Figure, View, project
from backbeat.motion.props import Box
from backbeat.motion.skeleton import HEAD_RADIUS

_SCALE = 100.0  # SVG units per body height


def view_box(view: View) -> str:
    """One figure on its ground line with room above it; seen from the top, centred."""
    return "-90 -65 180 130" if view == "top" else "-90 -110 180 130"


def fitted_box(drawings: Sequence[Drawing], view: View, *, margin: float = 7.0) -> str:
    """A view box around every pose in ``drawings`` (and the ground under them), in the usual
    180:130 shape but no wider than the whole ground, so a figure lying down fills its picture
    instead of the sky above it."""
    r = HEAD_RADIUS * _SCALE
    xs = [x for d in drawings for b in d.bones for x in (b.x1, b.x2)]
    ys = [y for d in drawings for b in d.bones for y in (b.y1, b.y2)]
    xs += [d.head[0] + e for d in drawings for e in (-r, r)]
    ys += [d.head[1] + e for d in drawings for e in (-r, r)]
    if view != "top":
        ys.append(2.0)  # the ground line and a mat on it
    left, right = min(xs) - margin, max(xs) + margin
    top, bottom = min(ys) - margin, max(ys) + margin
    width = max(right - left, (bottom - top) * 180 / 130, 72.0)
    width = min(width, 180.0)
    height = width * 130 / 180
    cx = (left + right) / 2
    x = min(max(cx - width / 2, -90.0), 90.0 - width)
    y = bottom - height if view != "top" else (top + bottom - height) / 2
    return f"{x:.1f} {y:.1f} {width:.1f} {height:.1f}"


@dataclass(frozen=True, slots=True)
class Bone:
    """One segment in SVG units (y down); ``far`` limbs are drawn lighter, behind."""

    joint: str
    x1: float
    y1: float
    x2: float
    y2: float
    depth: float
    far: bool


@dataclass(frozen=True, slots=True)
class Drawing:
    """A figure flattened for one view: bones in skeleton order, the head (centre, depth) and
    the nose dot that shows which way the face points."""

    bones: tuple[Bone, ...]
    head: tuple[float, float, float]
    nose: tuple[float, float]


def drawing(figure: Figure, view: View) -> Drawing:
    """Project ``figure``, already set in the room (see :mod:`backbeat.motion.ground`)."""
    s = _SCALE

    def at(point: tuple[float, float, float]) -> tuple[float, float, float]:
        x, y, depth = project(point, view)
        return x * s, -y * s, depth

    bones = []
    for seg in figure.segments:
        (x1, y1, d1), (x2, y2, d2) = at(seg.start), at(seg.end)
        depth = (d1 + d2) / 2
        far = depth < -0.02 and seg.side is not None
        bones.append(Bone(seg.joint, x1, y1, x2, y2, depth, far))
    hx, hy, hd = at(figure.head)
    fx, fy, _ = project(figure.facing, view)
    nose = (hx + fx * HEAD_RADIUS * 0.9 * s, hy - fy * HEAD_RADIUS * 0.9 * s)
    return Drawing(tuple(bones), (hx, hy, hd), nose)


def figure_svg(
    figure: Figure,
    view: View,
    *,
    boxes: Sequence[Box] = (),
    size: int = 160,
    label: str | None = None,
    styled: bool = True,
    box: str | None = None,
) -> str:
    """A standalone SVG of one figure, set on the ground (except seen from the top).

    ``styled=False`` leaves out the embedded ``<style>``, for pages whose own stylesheet colours
    the ``bone``, ``far``, ``head``, ``ground`` and ``prop`` classes (and whose security policy
    refuses inline styles); ``box`` replaces the usual view box (see :func:`fitted_box`).
    """
    title = f"<title>{_text(label)}</title>" if label else ""
    style = _STYLE if styled else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{box or view_box(view)}" width="{size}" '
        f'height="{size * 130 // 180}" role="img">{title}{style}{_cell(figure, view, boxes)}</svg>'
    )


_STYLE = (
    "<style>.bone{stroke:#2f4858;stroke-width:5;stroke-linecap:round}"
    ".far{stroke:#9fb3bf}.head{fill:#f4f1ea;stroke:#2f4858;stroke-width:3}"
    ".ground{stroke:#c9c2b4;stroke-width:1.5}.prop{fill:#e6dfd1;stroke:#c9c2b4}</style>"
)


def _cell(figure: Figure, view: View, boxes: Sequence[Box]) -> str:
    """The ground, the props and the figure, back to front, in body-height units x 100."""
    drawn = drawing(figure, view)
    items = [(bone.depth, _line(bone)) for bone in drawn.bones]
    items.append((drawn.head[2], _head(drawn)))
    body = "".join(svg for _, svg in sorted(items, key=lambda item: item[0]))
    return f"{scenery(boxes, view)}<g>{body}</g>"


def scenery(boxes: Sequence[Box], view: View) -> str:
    """The ground line and the props behind a figure, at their real size and place (nothing
    but the figure from the top)."""
    if view == "top":
        return ""
    ground = '<line class="ground" x1="-120" y1="0" x2="120" y2="0"/>'
    return ground + "".join(_prop(box, view) for box in boxes)


def _text(value: str) -> str:
    return quoteattr(value)[1:-1]


def _line(bone: Bone) -> str:
    cls = "bone far" if bone.far else "bone"
    return (
        f'<line class="{cls}" x1="{bone.x1:.1f}" y1="{bone.y1:.1f}" '
        f'x2="{bone.x2:.1f}" y2="{bone.y2:.1f}"/>'
    )


def _head(drawn: Drawing) -> str:
    (x, y, _), (nose_x, nose_y) = drawn.head, drawn.nose
    r = HEAD_RADIUS * _SCALE
    return (
        f'<circle class="head" cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}"/>'
        f'<circle class="nose" cx="{nose_x:.1f}" cy="{nose_y:.1f}" r="1.6" fill="#2f4858"/>'
    )


def prop_rect(box: Box, view: View) -> tuple[float, float, float, float]:
    """One box seen from the side or the front, in SVG units: left, top, width, height."""
    low, high = project(box.low, view), project(box.high, view)
    left, right = sorted((low[0] * _SCALE, high[0] * _SCALE))
    top, bottom = sorted((-high[1] * _SCALE, -low[1] * _SCALE))
    return left, top, right - left, bottom - top


def _prop(box: Box, view: View) -> str:
    left, top, width, height = prop_rect(box, view)
    return (
        f'<rect class="prop" x="{left:.1f}" y="{top:.1f}" width="{width:.1f}" '
        f'height="{height:.1f}"/>'
    )


def filmstrip_svg(
    figures: Sequence[tuple[str, Figure]], view: View, *, boxes: Sequence[Box] = ()
) -> str:
    """Several labelled figures side by side: a movement's keyframes at a glance."""
    width = 180 * max(len(figures), 1)
    cells = "".join(
        f'<svg x="{i * 180}" y="0" width="180" height="150" viewBox="-90 -110 180 150">'
        f"{_cell(figure, view, boxes)}"
        f'<text x="0" y="32" text-anchor="middle" font-size="11" fill="#2f4858">'
        f"{_text(label)}</text>"
        "</svg>"
        for i, (label, figure) in enumerate(figures)
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} 150" width="{width}" '
        f'height="150" font-family="sans-serif">{_STYLE}{cells}</svg>'
    )
