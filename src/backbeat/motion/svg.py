"""Draw a posed figure as SVG: the picture every movement gets, from its keyframes alone.

:func:`drawing` projects a figure set in the room to a few named points on the page; the parts
of :mod:`backbeat.motion.outline` are drawn around them back to front. The browser's animation
frames are those same points (:mod:`backbeat.motion.frames`), so a figure drawn here and one drawn
in the web app are the same figure. Colours are presentation attributes, so the pictures need no
stylesheet (and pass a security policy that refuses inline styles).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import quoteattr

from backbeat.motion.kinematics import Figure, Vec, View, project
from backbeat.motion.outline import (
    HEAD,
    HEAD_FILL,
    HEAD_R,
    INK,
    NOSE,
    PARTS,
    Part,
    Point2,
    capsule_path,
    capsule_polygon,
    capsules,
    nose,
    quad_path,
)
from backbeat.motion.props import Box
from backbeat.motion.skeleton import POINTS

_SCALE = 100.0  # SVG units per body height
DRAWN: tuple[str, ...] = (*POINTS, "nose")  # the points a frame carries, in this order
ARROW = "#c8553d"
GROUND, PROP, PROP_TOP = "#c9c2b4", "#e6dfd1", "#efeae0"


@dataclass(frozen=True, slots=True)
class Drawing:
    """A figure flattened for one view: each of :data:`DRAWN` in SVG units (y down) and its
    depth (larger is nearer the viewer)."""

    view: View
    points: Mapping[str, Point2]
    depths: Mapping[str, float]


def drawing(figure: Figure, view: View) -> Drawing:
    """Project ``figure``, already set in the room (see :mod:`backbeat.motion.ground`)."""
    points: dict[str, Point2] = {}
    depths: dict[str, float] = {}
    for name, at in figure.points.items():
        x, y, depth = project(at, view)
        points[name], depths[name] = (x * _SCALE, -y * _SCALE), depth
    head = figure.points["head"]
    ahead: Vec = tuple(h + f * 0.01 for h, f in zip(head, figure.facing, strict=True))  # type: ignore[assignment]
    x, y, _ = project(ahead, view)
    # 0.01 of body height along the facing is one SVG unit: (fx, fy) is the facing on the page
    fx, fy = x * _SCALE - points["head"][0], -y * _SCALE - points["head"][1]
    reach = HEAD_R + NOSE
    points["nose"] = (points["head"][0] + fx * reach, points["head"][1] + fy * reach)
    depths["nose"] = depths["head"]
    return Drawing(view, points, depths)


def part_depth(part: Part, drawn: Drawing) -> float:
    return sum(drawn.depths[n] for n in part.points) / len(part.points)


def order(drawn: Drawing) -> list[int]:
    """Back to front: indexes into :data:`~backbeat.motion.outline.PARTS`, the head as
    :data:`~backbeat.motion.outline.HEAD`."""
    depths = [part_depth(p, drawn) for p in PARTS] + [drawn.depths["head"]]
    return sorted(range(len(depths)), key=lambda i: depths[i])


def part_d(part: Part, at: Mapping[str, Point2]) -> str:
    """One part's outline as SVG path data: its capsules (and the trunk's quadrilateral)."""
    paths = [capsule_path(a, b, ra, rb) for a, b, ra, rb in capsules(part, dict(at))]
    if part.quad:
        paths.insert(0, quad_path([at[n] for n in part.quad]))
    return "".join(paths)


def body_svg(drawn: Drawing) -> str:
    """Every part and the head, back to front."""
    out = []
    for index in order(drawn):
        if index == HEAD:
            out.append(_head(drawn))
            continue
        part = PARTS[index]
        out.append(
            f'<path class="part {part.side or "trunk"}" fill="{part.colour}" stroke="#fbfaf7" '
            f'stroke-width="0.6" d="{part_d(part, drawn.points)}"/>'
        )
    return "".join(out)


def _head(drawn: Drawing) -> str:
    (x, y), tip = drawn.points["head"], drawn.points["nose"]
    face = nose((x, y), tip)
    nose_svg = (
        f'<path class="nose" fill="{INK}" d="M{"L".join(f"{a:.1f} {b:.1f}" for a, b in face)}Z"/>'
        if face
        else ""
    )
    return (
        f'<circle class="face" cx="{x:.1f}" cy="{y:.1f}" r="{HEAD_R}" fill="{HEAD_FILL}" '
        f'stroke="{INK}" stroke-width="2.4"/>{nose_svg}'
    )


def fitted_box(drawings: Sequence[Drawing], view: View, *, margin: float = 7.0) -> str:
    """A view box around every pose in ``drawings`` (and the ground under them), in the usual
    180:130 shape but no wider than the whole ground, so a figure lying down fills its picture
    instead of the sky above it."""
    xs = [p[0] + e for d in drawings for p in d.points.values() for e in (-HEAD_R, HEAD_R)]
    ys = [p[1] + e for d in drawings for p in d.points.values() for e in (-HEAD_R, HEAD_R)]
    grounded = view in ("side", "front")
    if grounded:
        ys.append(2.0)  # the ground line and a mat on it
    left, right = min(xs) - margin, max(xs) + margin
    top, bottom = min(ys) - margin, max(ys) + margin
    width = max(right - left, (bottom - top) * 180 / 130, 72.0)
    width = min(width, 180.0) if grounded else width
    height = width * 130 / 180
    cx = (left + right) / 2
    x = min(max(cx - width / 2, -90.0), 90.0 - width) if grounded else cx - width / 2
    y = bottom - height if grounded else (top + bottom - height) / 2
    return f"{x:.1f} {y:.1f} {width:.1f} {height:.1f}"


def view_box(view: View) -> str:
    """One standing figure with room around it, when no frames are at hand to fit."""
    return {"top": "-90 -65 180 130", "three-quarter": "-75 -105 180 130"}.get(
        view, "-90 -110 180 130"
    )


def _hull(points: list[Point2]) -> list[Point2]:
    pts = sorted(set(points))
    if len(pts) < 3:
        return pts

    def half(seq: list[Point2]) -> list[Point2]:
        out: list[Point2] = []
        for p in seq:
            while (
                len(out) >= 2
                and (
                    (out[-1][0] - out[-2][0]) * (p[1] - out[-2][1])
                    - (out[-1][1] - out[-2][1]) * (p[0] - out[-2][0])
                )
                <= 0
            ):
                out.pop()
            out.append(p)
        return out

    return half(pts)[:-1] + half(pts[::-1])[:-1]


def prop_shapes(box: Box, view: View) -> list[list[Point2]]:
    """A box as the page shows it: its outline, then its top face where that shows."""
    (x0, y0, z0), (x1, y1, z1) = box.low, box.high

    def flat(x: float, y: float, z: float) -> Point2:
        sx, sy, _ = project((x, y, z), view)
        return sx * _SCALE, -sy * _SCALE

    corners = [flat(x, y, z) for x in (x0, x1) for y in (y0, y1) for z in (z0, z1)]
    shapes = [_hull(corners)]
    if view in ("three-quarter", "top"):
        shapes.append([flat(x0, y1, z0), flat(x1, y1, z0), flat(x1, y1, z1), flat(x0, y1, z1)])
    return shapes


def _polygon(points: list[Point2], fill: str, cls: str = "prop") -> str:
    coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    return (
        f'<polygon class="{cls}" fill="{fill}" stroke="{GROUND}" stroke-width="0.8" '
        f'points="{coords}"/>'
    )


def scenery(boxes: Sequence[Box], view: View) -> str:
    """The ground and the props behind a figure, at their real size and place."""
    out = ""
    if view in ("side", "front"):
        out = (
            f'<line class="ground" stroke="{GROUND}" stroke-width="1.5" '
            'x1="-120" y1="0" x2="120" y2="0"/>'
        )
    elif view == "three-quarter":
        floor = Box("floor", (-1.2, -0.01, -0.7), (1.2, 0.0, 0.7))
        out = _polygon(prop_shapes(floor, view)[1], "#f6f3ec", "ground")
    for box in boxes:
        for i, shape in enumerate(prop_shapes(box, view)):
            out += _polygon(shape, PROP_TOP if i else PROP)
    return out


def trajectory(drawings: Sequence[Drawing]) -> list[Point2]:
    """The path of the point that travels farthest from where it starts, up to where it is
    farthest: what a direction arrow on a still picture follows. Empty when nothing travels."""
    if len(drawings) < 2:
        return []
    candidates = [n for n in DRAWN if n not in ("nose", "spine_upper", "neck")]
    best, when, far = "", 0, 0.0
    for name in candidates:
        start = drawings[0].points[name]
        for i, d in enumerate(drawings):
            moved = math.dist(start, d.points[name])
            if moved > far + 0.5:
                best, when, far = name, i, moved
    if far < 6.0:
        return []
    return [d.points[best] for d in drawings[: when + 1]]


def arrow_svg(path: Sequence[Point2], *, hidden: bool = False, side: str = "") -> str:
    """A direction arrow along ``path`` (see :func:`trajectory`), as physiotherapy handouts use."""
    if len(path) < 2:
        return ""
    tip, before = path[-1], path[-2]
    for p in reversed(path[:-1]):  # aim the head along the last few units, not the last sample
        before = p
        if math.dist(p, tip) > 3:
            break
    ang = math.atan2(tip[1] - before[1], tip[0] - before[0])
    wing = [
        (tip[0] - 4.5 * math.cos(ang + s * 0.5), tip[1] - 4.5 * math.sin(ang + s * 0.5))
        for s in (1, -1)
    ]
    line = "M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in path)
    head = "M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in (wing[0], tip, wing[1]))
    extra = (' visibility="hidden"' if hidden else "") + (f' data-side="{side}"' if side else "")
    return (
        f'<g class="arrow"{extra} fill="none" stroke="{ARROW}" stroke-width="1.8" '
        f'stroke-linecap="round" stroke-linejoin="round"><path d="{line}"/><path d="{head}"/></g>'
    )


def _text(value: str) -> str:
    return quoteattr(value)[1:-1]


def _inner_box(box: str) -> tuple[float, float, float, float]:
    x, y, w, h = (float(v) for v in box.split())
    return x, y, w, h


def inset_svg(drawn: Drawing | None, view: View, boxes: Sequence[Box], box: str, frame: str) -> str:
    """A second, small view in the top right corner of a picture whose view box is ``frame``;
    without ``drawn`` its body is left empty for the browser to fill."""
    x, y, w, _ = _inner_box(frame)
    size = w * 0.34
    body, group = (body_svg(drawn), "pose") if drawn is not None else ("", "body")
    return (
        f'<svg class="inset" x="{x + w - size - 2:.1f}" y="{y + 2:.1f}" width="{size:.1f}" '
        f'height="{size * 130 / 180:.1f}" viewBox="{box}">'
        f'<rect class="inset-frame" x="-999" y="-999" width="2999" height="2999" fill="#fbfaf7" '
        f'stroke="{GROUND}"/>{scenery(boxes, view)}<g class="{group}">{body}</g></svg>'
    )


def figure_svg(
    figure: Figure,
    view: View,
    *,
    boxes: Sequence[Box] = (),
    size: int = 160,
    label: str | None = None,
    box: str | None = None,
    arrow: Sequence[Point2] = (),
    inset: tuple[Figure, View, str] | None = None,
) -> str:
    """A standalone SVG of one figure in its scenery; ``box`` replaces the usual view box (see
    :func:`fitted_box`), ``arrow`` draws a direction arrow, ``inset`` a second small view
    (figure, view, view box)."""
    title = f"<title>{_text(label)}</title>" if label else ""
    frame = box or view_box(view)
    small = ""
    if inset is not None:
        other, other_view, other_box = inset
        small = inset_svg(drawing(other, other_view), other_view, boxes, other_box, frame)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{frame}" width="{size}" '
        f'height="{size * 130 // 180}" role="img">{title}{scenery(boxes, view)}'
        f'<g class="pose">{body_svg(drawing(figure, view))}</g>{arrow_svg(arrow)}{small}</svg>'
    )


def filmstrip_svg(
    figures: Sequence[tuple[str, Figure]], view: View, *, boxes: Sequence[Box] = ()
) -> str:
    """Several labelled figures side by side, each cell fitted to all of them (so a figure seen
    from the top is not cut off): a movement's keyframes at a glance."""
    drawings = [drawing(f, view) for _, f in figures]
    fitted = fitted_box(drawings, view) if drawings else view_box(view)
    width = 180 * max(len(figures), 1)
    cells = "".join(
        f'<svg x="{i * 180}" y="0" width="180" height="130" viewBox="{fitted}">'
        f'{scenery(boxes, view)}<g class="pose">{body_svg(drawn)}</g></svg>'
        f'<text x="{i * 180 + 90}" y="145" text-anchor="middle" font-size="11" fill="{INK}">'
        f"{_text(label)}</text>"
        for i, ((label, _), drawn) in enumerate(zip(figures, drawings, strict=True))
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} 150" width="{width}" '
        f'height="150" font-family="sans-serif">{cells}</svg>'
    )


def shapes(drawn: Drawing) -> list[tuple[str, str, list[list[Point2]]]]:
    """The same picture as :func:`body_svg` as polygons, back to front: (part name, colour,
    polygons), for raster faces (the contact sheet, the terminal)."""
    out: list[tuple[str, str, list[list[Point2]]]] = []
    for index in order(drawn):
        if index == HEAD:
            head = drawn.points["head"]
            circle = capsule_polygon(head, head, HEAD_R, HEAD_R, 8)
            out.append(("head", HEAD_FILL, [circle]))
            face = nose(head, drawn.points["nose"])
            if face:
                out.append(("nose", INK, [face]))
            continue
        part = PARTS[index]
        polys = [
            capsule_polygon(a, b, ra, rb) for a, b, ra, rb in capsules(part, dict(drawn.points))
        ]
        if part.quad:
            polys.insert(0, [drawn.points[n] for n in part.quad])
        out.append((part.name, part.colour, polys))
    return out
