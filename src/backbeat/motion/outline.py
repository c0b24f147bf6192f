"""The figure people recognise: a torso, tapered limbs, hands, feet and a head with a nose that
shows where the face points, outlined from a few projected points.

Every face draws from the same description: the web's SVG and the handout (as paths with arcs,
:func:`capsule_path`), the browser's animation (``figure.js`` applies the same rules to the same
numbers), and the contact sheet and the terminal (as polygons, :func:`capsule_polygon`). Sizes are
in SVG units (a hundredth of body height) and match :data:`backbeat.motion.skeleton.FLESH`, so a
figure lying down rests its outline on the floor line. Left limbs are drawn light and right limbs
dark, so the sides read at a glance in any view.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

Point2 = tuple[float, float]

LEFT, RIGHT, TORSO, INK, HEAD_FILL = "#8fb3c6", "#24495e", "#5b7d8f", "#24495e", "#f4f1ea"
HEAD_R = 6.5
NOSE = 2.5  # how far the nose reaches beyond the head's outline


@dataclass(frozen=True, slots=True)
class Part:
    """One drawn part: a chain of tapered capsules through ``chain`` with ``radii`` at each
    point, and for the trunk a filled quadrilateral between the shoulders and the hips."""

    name: str
    side: Literal["l", "r"] | None
    chain: tuple[tuple[str, ...], ...]
    radii: tuple[tuple[float, ...], ...]
    hand: str | None = None  # a point drawn as a round hand
    quad: tuple[str, ...] = ()

    @property
    def colour(self) -> str:
        return {"l": LEFT, "r": RIGHT, None: TORSO}[self.side]

    @property
    def points(self) -> tuple[str, ...]:
        names = [n for chain in self.chain for n in chain] + list(self.quad)
        return tuple(dict.fromkeys(names))


def _arm(s: Literal["l", "r"]) -> Part:
    return Part(
        f"arm_{s}",
        s,
        ((f"shoulder_{s}", f"elbow_{s}", f"hand_{s}"),),
        ((2.4, 2.0, 1.5),),
        f"hand_{s}",
    )


def _leg(s: Literal["l", "r"]) -> Part:
    return Part(
        f"leg_{s}",
        s,
        (
            (f"hip_{s}", f"knee_{s}", f"ankle_{s}"),
            (f"ankle_{s}", f"heel_{s}", f"toe_{s}", f"ankle_{s}"),
        ),
        ((3.4, 2.8, 1.9), (1.7, 0.9, 0.8, 1.7)),
    )


TRUNK = Part(
    "trunk",
    None,
    (("pelvis", "spine_upper", "neck", "head"),),
    ((5.5, 6.0, 3.6, 3.0),),
    quad=("shoulder_l", "shoulder_r", "hip_r", "hip_l"),
)
PARTS: tuple[Part, ...] = (TRUNK, _arm("l"), _arm("r"), _leg("l"), _leg("r"))
HEAD = len(PARTS)  # the head's index in a drawing order, after the parts


def _tangents(a: Point2, b: Point2, ra: float, rb: float) -> tuple[float, float] | None:
    """The direction from ``a`` to ``b`` and the half-angle of the outline at ``b`` (radians),
    or None when one circle holds the other."""
    length = math.dist(a, b)
    if length <= abs(ra - rb) + 1e-6:
        return None
    return math.atan2(b[1] - a[1], b[0] - a[0]), math.acos((ra - rb) / length)


def capsule_path(a: Point2, b: Point2, ra: float, rb: float) -> str:
    """SVG path data of the outline around two circles (a tapered limb), one decimal."""
    found = _tangents(a, b, ra, rb)
    if found is None:
        (x, y), r = (a, ra) if ra >= rb else (b, rb)
        arc = f"a{r:.1f} {r:.1f} 0 1 1"
        return f"M{x - r:.1f} {y:.1f}{arc} {2 * r:.1f} 0{arc} {-2 * r:.1f} 0Z"
    theta, psi = found

    def at(c: Point2, r: float, angle: float) -> str:
        return f"{c[0] + r * math.cos(angle):.1f} {c[1] + r * math.sin(angle):.1f}"

    big_b, big_a = int(psi > math.pi / 2), int(psi < math.pi / 2)
    return (
        f"M{at(a, ra, theta - psi)}L{at(b, rb, theta - psi)}"
        f"A{rb:.1f} {rb:.1f} 0 {big_b} 1 {at(b, rb, theta + psi)}"
        f"L{at(a, ra, theta + psi)}A{ra:.1f} {ra:.1f} 0 {big_a} 1 {at(a, ra, theta - psi)}Z"
    )


def capsule_polygon(a: Point2, b: Point2, ra: float, rb: float, steps: int = 6) -> list[Point2]:
    """The same outline as :func:`capsule_path`, as a polygon for raster drawing."""
    found = _tangents(a, b, ra, rb)
    if found is None:
        (cx, cy), r = (a, ra) if ra >= rb else (b, rb)
        n = 2 * steps
        return [
            (cx + r * math.cos(2 * math.pi * i / n), cy + r * math.sin(2 * math.pi * i / n))
            for i in range(n)
        ]
    theta, psi = found
    out = []
    for i in range(steps + 1):
        angle = theta - psi + 2 * psi * i / steps
        out.append((b[0] + rb * math.cos(angle), b[1] + rb * math.sin(angle)))
    for i in range(steps + 1):
        angle = theta + psi + (2 * math.pi - 2 * psi) * i / steps
        out.append((a[0] + ra * math.cos(angle), a[1] + ra * math.sin(angle)))
    return out


def quad_path(corners: list[Point2]) -> str:
    """A filled quadrilateral, turned the way the capsules turn so the union has no holes."""
    return "M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in _clockwise(corners)) + "Z"


def _clockwise(corners: list[Point2]) -> list[Point2]:
    area = sum(
        x1 * y2 - x2 * y1
        for (x1, y1), (x2, y2) in zip(corners, corners[1:] + corners[:1], strict=True)
    )
    return corners if area >= 0 else corners[::-1]


def nose(head: Point2, tip: Point2) -> list[Point2]:
    """The nose as a small triangle from the head's outline to ``tip``: long when the face is
    seen from the side, short (inside the head) when it faces the viewer."""
    dx, dy = tip[0] - head[0], tip[1] - head[1]
    reach = math.hypot(dx, dy)
    if reach < 0.3:
        return []
    ux, uy = dx / reach, dy / reach
    k = (HEAD_R - 1.5) / (HEAD_R + NOSE)
    bx, by = head[0] + dx * k, head[1] + dy * k
    return [(bx - uy * 1.9, by + ux * 1.9), tip, (bx + uy * 1.9, by - ux * 1.9)]


def capsules(part: Part, at: dict[str, Point2]) -> list[tuple[Point2, Point2, float, float]]:
    """Every capsule of ``part`` (start, end, start radius, end radius), hands included."""
    found = []
    for chain, radii in zip(part.chain, part.radii, strict=True):
        for i in range(len(chain) - 1):
            found.append((at[chain[i]], at[chain[i + 1]], radii[i], radii[i + 1]))
    if part.hand:
        found.append((at[part.hand], at[part.hand], 1.8, 1.8))
    return found


def parts_json(drawn: tuple[str, ...]) -> list[dict[str, object]]:
    """The parts as the browser's ``figure.js`` holds them: colour, class, capsules as
    [from, to, radius, radius] by index into ``drawn``, and the trunk's quadrilateral."""
    out: list[dict[str, object]] = []
    for part in PARTS:
        index = {name: drawn.index(name) for name in drawn}
        caps: list[list[float]] = []
        for chain, radii in zip(part.chain, part.radii, strict=True):
            caps += [
                [index[chain[i]], index[chain[i + 1]], radii[i], radii[i + 1]]
                for i in range(len(chain) - 1)
            ]
        if part.hand:
            caps.append([index[part.hand], index[part.hand], 1.8, 1.8])
        out.append(
            {
                "c": part.colour,
                "s": part.side or "trunk",
                "k": caps,
                "q": [index[n] for n in part.quad],
            }
        )
    return out
