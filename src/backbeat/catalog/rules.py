"""Checks the schema's types cannot express: one movement's own consistency, and the links
between movements (every variation resolves, and "harder" never leads back to where it started).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from backbeat.catalog.problems import Problem
from backbeat.catalog.schema import Movement
from backbeat.motion.pose import pose_key_problem

_SEED = re.compile(r"^seeds/\d{3}_[0-9a-f]{16}\.txt$")


@dataclass(frozen=True, slots=True)
class Entry:
    """A movement and the file it came from."""

    file: str
    movement: Movement


def own_problems(entry: Entry, stem: str) -> list[Problem]:
    """What is inconsistent inside one movement file (its file name ``stem`` included)."""
    m, file = entry.movement, entry.file
    found: list[Problem] = []

    def add(field: str, message: str) -> None:
        found.append(Problem(file, field, message))

    if m.id != stem:
        add(
            "id", f"{m.id!r} differs from the file name (allowed: {stem!r}, the name without .toml)"
        )
    for field, values in (("places", m.places), ("regions", m.regions), ("cues", m.cues)):
        if len(set(values)) != len(values):
            add(field, "lists the same value twice (allowed: each value once)")
    if clash := sorted(set(m.places) & set(m.avoid_places)):
        add("avoid_places", f"{', '.join(clash)} is also in places (allowed: one or the other)")
    if m.dose.reps is None and m.dose.duration_s is None:
        add("dose", "says neither reps nor duration_s (allowed: at least one of them)")
    if m.kind == "rhythm" and m.dose.tempo_s is None:
        add("dose.tempo_s", "a rhythm movement needs a tempo (allowed: 0.5 to 20 seconds)")
    for field, links in (("easier", m.easier), ("harder", m.harder)):
        if m.id in links:
            add(field, "links to itself (allowed: ids of other movements)")
    for i, source in enumerate(m.sources):
        if source.startswith("seeds/") and not _SEED.match(source):
            add(f"sources[{i}]", f"{source!r} is not a seed file (allowed: seeds/NNN_<16 hex>.txt)")
    found += _say_problems(entry)
    found += _motion_problems(entry)
    return found


_PLACEHOLDER = re.compile(r"\{([^}]*)\}")


def _say_problems(entry: Entry) -> list[Problem]:
    """``{side}`` is the one placeholder, and only a movement done on both sides can use it."""
    say = entry.movement.say
    if say is None:
        return []
    sided = entry.movement.dose.sides != "none"
    found: list[Problem] = []
    for field, cues in (("move", say.move), ("release", say.release), ("hold", say.hold)):
        for i, cue in enumerate(cues):
            for name in _PLACEHOLDER.findall(cue):
                if name != "side":
                    why = f"{{{name}}} is not a placeholder (allowed: {{side}})"
                elif not sided:
                    why = "{side} in a movement whose dose has sides = none (allowed: no {side})"
                else:
                    continue
                found.append(Problem(entry.file, f"say.{field}[{i}]", why))
    return found


def _motion_problems(entry: Entry) -> list[Problem]:
    found: list[Problem] = []
    keys = entry.movement.motion.keyframes
    if keys and keys[0].t != 0:
        found.append(Problem(entry.file, "motion.keyframes[0].t", f"{keys[0].t} (allowed: 0)"))
    for i, (before, after) in enumerate(itertools.pairwise(keys), start=1):
        if after.t <= before.t:
            found.append(
                Problem(
                    entry.file,
                    f"motion.keyframes[{i}].t",
                    f"{after.t} is not after {before.t} (allowed: times that only increase)",
                )
            )
    for i, key in enumerate(keys):
        for joint, dofs in key.pose.items():
            for dof in dofs:
                if why := pose_key_problem(f"{joint}.{dof}"):
                    found.append(
                        Problem(entry.file, f"motion.keyframes[{i}].pose.{joint}.{dof}", why)
                    )
    return found


def link_problems(entries: Iterable[Entry], known: Mapping[str, Movement]) -> list[Problem]:
    """Variation links of ``entries`` that point nowhere, or that loop, against ``known``.

    A link ``a.harder = [b]`` and ``b.easier = [a]`` both say "b is harder than a"; following
    that order must never come back to the start.
    """
    found: list[Problem] = []
    entries = list(entries)
    for entry in entries:
        m = entry.movement
        for field, links in (("easier", m.easier), ("harder", m.harder)):
            for link in links:
                if link not in known:
                    hint = _nearest(link, known)
                    found.append(
                        Problem(entry.file, field, f"{link!r} is not a known movement{hint}")
                    )
    harder_than: dict[str, set[str]] = {}
    for m in known.values():
        for h in m.harder:
            harder_than.setdefault(m.id, set()).add(h)
        for e in m.easier:
            harder_than.setdefault(e, set()).add(m.id)
    for entry in entries:
        if cycle := _cycle_from(entry.movement.id, harder_than):
            found.append(
                Problem(
                    entry.file,
                    "harder" if entry.movement.harder else "easier",
                    f"variation links loop: {' -> '.join(cycle)} (allowed: a chain from easier "
                    "to harder that never returns)",
                )
            )
    return found


def _nearest(name: str, known: Mapping[str, Movement]) -> str:
    import difflib

    close = difflib.get_close_matches(name, list(known), n=1)
    return f" (did you mean {close[0]}?)" if close else ""


def _cycle_from(start: str, edges: Mapping[str, set[str]]) -> list[str] | None:
    """A path of "harder" steps from ``start`` back to ``start``, if there is one."""
    stack: list[tuple[str, list[str]]] = [(start, [start])]
    seen: set[str] = set()
    while stack:
        node, path = stack.pop()
        for nxt in sorted(edges.get(node, ())):
            if nxt == start:
                return [*path, start]
            if nxt not in seen:
                seen.add(nxt)
                stack.append((nxt, [*path, nxt]))
    return None
