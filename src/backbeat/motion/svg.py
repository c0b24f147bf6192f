"""Draw a posed figure as SVG: the picture every movement gets, from its keyframes alone.

Limbs on the far side are drawn first and lighter, so a side view still reads as two legs.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import quoteattr

from backbeat.motion.kinematics import Figure, View, lowest, project
from backbeat.motion.skeleton import HEAD_RADIUS

_SCALE = 100.0  # SVG units per body height


def _grounded(figure: Figure, view: View) -> float:
    return 0.0 if view == "top" else -lowest(figure)


def figure_svg(
    figure: Figure,
    view: View,
    *,
    props: Sequence[str] = (),
    size: int = 160,
    label: str | None = None,
) -> str:
    """A standalone SVG of one figure, set on the ground (except seen from the top)."""
    title = f"<title>{_text(label)}</title>" if label else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="-90 -110 180 130" width="{size}" '
        f'height="{size * 130 // 180}" role="img">{title}{_STYLE}{_cell(figure, view, props)}</svg>'
    )


_STYLE = (
    "<style>.bone{stroke:#2f4858;stroke-width:5;stroke-linecap:round}"
    ".far{stroke:#9fb3bf}.head{fill:#f4f1ea;stroke:#2f4858;stroke-width:3}"
    ".ground{stroke:#c9c2b4;stroke-width:1.5}.prop{fill:#e6dfd1;stroke:#c9c2b4}</style>"
)


def _cell(figure: Figure, view: View, props: Sequence[str]) -> str:
    """The ground, the props and the figure, back to front, in body-height units x 100."""
    lift = _grounded(figure, view)
    items: list[tuple[float, str]] = []
    for seg in figure.segments:
        (x1, y1, d1), (x2, y2, d2) = (
            project((seg.start[0], seg.start[1] + lift, seg.start[2]), view),
            project((seg.end[0], seg.end[1] + lift, seg.end[2]), view),
        )
        depth = (d1 + d2) / 2
        items.append((depth, _line(x1, y1, x2, y2, far=depth < -0.02 and seg.side is not None)))
    hx, hy, hd = project((figure.head[0], figure.head[1] + lift, figure.head[2]), view)
    fx, fy, _ = project(figure.facing, view)
    items.append((hd, _head(hx, hy, fx, fy)))
    body = "".join(svg for _, svg in sorted(items, key=lambda item: item[0]))
    ground = "" if view == "top" else '<line class="ground" x1="-90" y1="0" x2="90" y2="0"/>'
    scenery = "".join(_prop(name, figure, view, lift) for name in props)
    return f"{ground}{scenery}<g>{body}</g>"


def _text(value: str) -> str:
    return quoteattr(value)[1:-1]


def _line(x1: float, y1: float, x2: float, y2: float, *, far: bool) -> str:
    cls = "bone far" if far else "bone"
    s = _SCALE
    return (
        f'<line class="{cls}" x1="{x1 * s:.1f}" y1="{-y1 * s:.1f}" '
        f'x2="{x2 * s:.1f}" y2="{-y2 * s:.1f}"/>'
    )


def _head(x: float, y: float, fx: float, fy: float) -> str:
    s, r = _SCALE, HEAD_RADIUS * _SCALE
    nose_x, nose_y = (x + fx * HEAD_RADIUS * 0.9) * s, -(y + fy * HEAD_RADIUS * 0.9) * s
    return (
        f'<circle class="head" cx="{x * s:.1f}" cy="{-y * s:.1f}" r="{r:.1f}"/>'
        f'<circle cx="{nose_x:.1f}" cy="{nose_y:.1f}" r="1.6" fill="#2f4858"/>'
    )


def _prop(name: str, figure: Figure, view: View, lift: float) -> str:
    if view == "top":
        return ""
    if name in ("mat", "bed"):
        height = 1.5 if name == "mat" else 12.0
        return f'<rect class="prop" x="-80" y="{-height:.1f}" width="160" height="{height:.1f}"/>'
    if name == "wall":
        return '<rect class="prop" x="-88" y="-108" width="6" height="108"/>'
    pelvis = next(s for s in figure.segments if s.joint == "spine_lower").start
    px, py, _ = project((pelvis[0], pelvis[1] + lift, pelvis[2]), view)
    seat_y, x = -(py - 0.05) * _SCALE, px * _SCALE
    return (
        f'<rect class="prop" x="{x - 14:.1f}" y="{seat_y:.1f}" width="32" height="4"/>'
        f'<rect class="prop" x="{x - 2:.1f}" y="{seat_y + 4:.1f}" width="4" '
        f'height="{-seat_y - 4:.1f}"/>'
    )


def filmstrip_svg(
    figures: Sequence[tuple[str, Figure]], view: View, *, props: Sequence[str] = ()
) -> str:
    """Several labelled figures side by side: a movement's keyframes at a glance."""
    width = 180 * max(len(figures), 1)
    cells = "".join(
        f'<svg x="{i * 180}" y="0" width="180" height="150" viewBox="-90 -110 180 150">'
        f"{_cell(figure, view, props)}"
        f'<text x="0" y="32" text-anchor="middle" font-size="11" fill="#2f4858">'
        f"{_text(label)}</text>"
        "</svg>"
        for i, (label, figure) in enumerate(figures)
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} 150" width="{width}" '
        f'height="150" font-family="sans-serif">{_STYLE}{cells}</svg>'
    )
