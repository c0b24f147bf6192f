"""The programme editor's form: a programme shown as a draft (one row per catalogue movement),
the form sent back as a programme (or what is wrong with it, field by field), the templates a
clinician can start from, and the plan a draft would give the patient.

Pure apart from reading the templates' files, which ship in the package.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from backbeat.catalog.catalogue import Catalogue
from backbeat.catalog.problems import from_validation
from backbeat.catalog.schema import Movement
from backbeat.catalog.vocabulary import PLACES
from backbeat.plan.model import Plan
from backbeat.plan.profile import Profile
from backbeat.plan.programme import FORMAT, MOMENTS, VERSION, Programme, check, following
from backbeat.records import Record

TEMPLATES = Path(__file__).parent / "programme_templates"
DOSE_FIELDS = (  # the dose's numbers as the form asks them: field, label, whole numbers
    ("reps", "Repetitions", True),
    ("hold_s", "Hold (seconds)", False),
    ("tempo_s", "Seconds per repetition", False),
    ("duration_s", "Duration (seconds)", False),
    ("rest_s", "Rest (seconds)", False),
)
SIDES = ("none", "both", "alternate")
PROGRESS = (
    ("held", "held as prescribed"),
    ("allowed", "backbeat may progress it"),
    ("limits", "progress within limits"),
)
PREVIEW_DAYS = 7


@dataclass(frozen=True)
class Template:
    name: str  # the file's stem, as the editor's address names it
    programme: Programme


@cache
def templates() -> tuple[Template, ...]:
    """The programmes a clinician can start from, by title."""
    found = [
        Template(path.stem, Programme.model_validate_json(path.read_text(encoding="utf-8")))
        for path in sorted(TEMPLATES.glob("*.json"))
    ]
    return tuple(sorted(found, key=lambda t: t.programme.title))


def template(name: str) -> Programme | None:
    return next((t.programme for t in templates() if t.name == name), None)


def draft_of(programme: Programme | None) -> dict[str, Any]:
    """A programme as the form shows it: its JSON, each movement by its id."""
    if programme is None:
        return {"title": "", "notes": "", "clinician": "", "movements": {}}
    data = programme.model_dump(mode="json", exclude_none=True)
    return {
        "title": data["title"],
        "notes": data.get("notes", ""),
        "clinician": data.get("clinician", ""),
        "movements": {m["move"]: m for m in data["movements"]},
    }


def harder_of(catalogue: Catalogue, move: str) -> list[Movement]:
    """Every variation up ``move``'s ``harder`` links, nearest first: what ``up_to`` may name."""
    seen: list[str] = []
    queue = list(catalogue.movements[move].harder)
    while queue:
        current = queue.pop(0)
        found = catalogue.get(current)
        if found is None or current in seen or current == move:
            continue
        seen.append(current)
        queue.extend(found.harder)
    return [catalogue.movements[m] for m in seen]


def moments_for(profile: Profile | None, draft: Mapping[str, Any]) -> list[str]:
    """The moments a movement can belong to: every day's, the patient's own, and any the
    draft already names."""
    own = [m.name for m in profile.day.moments] if profile is not None else []
    named = [n for m in draft["movements"].values() for n in m.get("moments", ())]
    return list(dict.fromkeys([*MOMENTS, *own, *named]))


def parse(
    form: Mapping[str, Sequence[str]], catalogue: Catalogue
) -> tuple[dict[str, Any], Programme | None, list[str]]:
    """The form as a draft (to show again), the programme it makes, and what is wrong with it
    (each problem naming the movement and its field, in plain words)."""

    def one(name: str) -> str:
        values = form.get(name) or [""]
        return values[-1].strip()

    problems: list[str] = []
    movements: dict[str, dict[str, Any]] = {}
    chosen = [m for m in dict.fromkeys(form.get("use") or []) if m]
    for move in chosen:
        movement = catalogue.get(move)
        if movement is None:
            problems.append(f"{move!r} is not a movement of the catalogue")
            continue
        entry: dict[str, Any] = {"move": move}
        dose: dict[str, Any] = {"sides": one(f"{move}.sides") or "none"}
        for key, label, whole in DOSE_FIELDS:
            value = one(f"{move}.{key}")
            if not value:
                continue
            try:
                dose[key] = int(value) if whole else float(value)
            except ValueError:
                kind = "a whole number" if whole else "a number"
                problems.append(f"{movement.name}: {label.lower()}: {value!r} is not {kind}")
        entry["dose"] = dose
        entry["moments"] = [m for m in form.get(f"{move}.moments") or [] if m]
        entry["places"] = [p for p in form.get(f"{move}.places") or [] if p]
        progress = one(f"{move}.progress") or "held"
        if progress == "limits":
            limits: dict[str, Any] = {}
            if up_to := one(f"{move}.up_to"):
                limits["up_to"] = up_to
            if most := one(f"{move}.max_reps"):
                try:
                    limits["max"] = {"reps": int(most)}
                except ValueError:
                    problems.append(f"{movement.name}: most repetitions: {most!r} is not a number")
            entry["progress"] = limits
        else:
            entry["progress"] = progress
        if notes := one(f"{move}.notes"):
            entry["notes"] = notes
        movements[move] = entry
    draft = {
        "title": one("title"),
        "notes": one("notes"),
        "clinician": one("clinician"),
        "movements": movements,
    }
    if problems:
        return draft, None, problems
    data: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "title": draft["title"],
        "movements": list(movements.values()),
    }
    data.update({k: draft[k] for k in ("notes", "clinician") if draft[k]})
    try:
        programme = Programme.model_validate(data)
    except ValidationError as error:
        return (
            draft,
            None,
            [_plain(p.field, p.message, catalogue, movements) for p in _found(error)],
        )
    found = check(programme, catalogue, "programme")
    if found:
        return draft, None, [_plain(p.field, p.message, catalogue, movements) for p in found]
    return draft, programme, []


def _found(error: ValidationError) -> list[Any]:
    return from_validation("programme", error, Programme)


def _plain(field: str, message: str, catalogue: Catalogue, movements: Mapping[str, Any]) -> str:
    """``movements[2].dose.reps: ...`` as ``Knee rolls: dose.reps: ...``."""
    if field.startswith("movements[") and "]" in field:
        index, _, rest = field[len("movements[") :].partition("]")
        moves = list(movements)
        if index.isdigit() and int(index) < len(moves):
            movement = catalogue.get(moves[int(index)])
            name = movement.name if movement else moves[int(index)]
            where = rest.lstrip(".") or "(movement)"
            return f"{name}: {where}: {message}"
    if field == "movements":
        return f"movements: {message} (tick at least one movement)"
    return f"{field}: {message}"


def preview(
    profile: Profile,
    programme: Programme,
    catalogue: Catalogue,
    records: Sequence[Record],
    start: date,
) -> Plan:
    """The plan the patient would be given from ``start`` with ``programme``: their profile
    following it, their journal's history (oldest first) as their own plan reads it."""
    from backbeat.plan.builder import make_plan

    return make_plan(following(profile, programme), catalogue, records, start, PREVIEW_DAYS)


def as_text(programme: Programme) -> str:
    """The programme file's text (for a page that shows it)."""
    return json.dumps(programme.model_dump(mode="json", exclude_none=True), indent=2)


PLACE_CHOICES = PLACES
