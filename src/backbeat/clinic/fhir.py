"""A programme as HL7 FHIR R4: a PlanDefinition of ActivityDefinitions (contained, one per
movement), and for one patient a CarePlan that instantiates it. Each is checked by the
``fhir.resources`` models before it is given (their R4B models: for these three resources R4B
changed nothing backbeat writes, so what passes is R4 too).

Each action carries its programme entry whole in an extension, so a programme read back from
its PlanDefinition is the programme that was written (``from_plan_definition``).
"""

from __future__ import annotations

import json
from typing import Any

from fhir.resources.R4B.careplan import CarePlan
from fhir.resources.R4B.plandefinition import PlanDefinition

from backbeat.catalog.catalogue import Catalogue
from backbeat.plan.programme import FORMAT, VERSION, Entry, Programme

ENTRY = "urn:backbeat:programme-entry"
PROGRAMME = "urn:backbeat:programme"
WHEN = {"waking": "WAKE", "bedtime": "HS", "morning": "MORN", "evening": "EVE"}
"""The moments FHIR's Timing has words for (EventTiming)."""


def plan_definition(programme: Programme, catalogue: Catalogue | None = None) -> dict[str, Any]:
    """The PlanDefinition as JSON data, validated."""
    contained, actions = [], []
    for n, entry in enumerate(programme.movements):
        movement = catalogue.get(entry.move) if catalogue is not None else None
        title = movement.name if movement is not None else entry.move
        activity: dict[str, Any] = {
            "resourceType": "ActivityDefinition",
            "id": f"move-{n + 1}",
            "status": "active",
            "name": _name(entry.move),
            "title": title,
            "kind": "ServiceRequest",
            "code": {"coding": [{"system": "urn:backbeat:movement", "code": entry.move}]},
            "description": _dose_words(entry),
            "timingTiming": _timing(entry),
        }
        if entry.dose.reps:
            activity["quantity"] = {"value": entry.dose.reps, "unit": "repetitions"}
        if entry.notes:
            activity["usage"] = entry.notes
        contained.append(activity)
        actions.append(
            {
                "title": title,
                "definitionCanonical": f"#move-{n + 1}",
                "extension": [{"url": ENTRY, "valueString": _entry_json(entry)}],
            }
        )
    data: dict[str, Any] = {
        "resourceType": "PlanDefinition",
        "status": "active",
        "title": programme.title,
        "type": {"text": "backbeat programme"},
        "contained": contained,
        "action": actions,
        "extension": [{"url": PROGRAMME, "valueString": _heading_json(programme)}],
    }
    if programme.clinician:
        data["publisher"] = programme.clinician
    if programme.notes:
        data["description"] = programme.notes
    PlanDefinition.model_validate(data)
    return data


def care_plan(
    programme: Programme, patient: str, catalogue: Catalogue | None = None
) -> dict[str, Any]:
    """The patient's CarePlan (``patient`` is their id on the server), validated: the
    PlanDefinition contained, and one activity per movement."""
    definition = plan_definition(programme, catalogue)
    definition["id"] = "programme"
    activities = [
        {
            "detail": {
                "kind": "ServiceRequest",
                "instantiatesCanonical": [f"#programme-{a['id']}"],
                "code": a["code"],
                "status": "scheduled",
                "description": a["description"],
                "scheduledTiming": a["timingTiming"],
            }
        }
        for a in definition["contained"]
    ]
    data: dict[str, Any] = {
        "resourceType": "CarePlan",
        "status": "active",
        "intent": "plan",
        "title": programme.title,
        "subject": {"reference": f"Patient/{patient}"},
        "instantiatesCanonical": ["#programme"],
        "contained": [definition],
        "activity": activities,
    }
    # Contained resources may not contain others: the definitions go beside the PlanDefinition.
    inner = definition.pop("contained")
    for activity in inner:
        activity["id"] = f"programme-{activity['id']}"
    for action in definition["action"]:
        action["definitionCanonical"] = f"#programme-{action['definitionCanonical'][1:]}"
    data["contained"] = [definition, *inner]
    CarePlan.model_validate(data)
    return data


def from_plan_definition(data: dict[str, Any]) -> Programme:
    """The programme a PlanDefinition made by ``plan_definition`` carries."""
    heading = json.loads(_extension(data, PROGRAMME))
    entries = [json.loads(_extension(action, ENTRY)) for action in data.get("action", [])]
    return Programme.model_validate({**heading, "movements": entries})


def _extension(data: dict[str, Any], url: str) -> str:
    for extension in data.get("extension", []):
        if extension.get("url") == url:
            return str(extension["valueString"])
    raise ValueError(f"no {url} extension: not a backbeat programme")


def _entry_json(entry: Entry) -> str:
    return json.dumps(entry.model_dump(mode="json", exclude_none=True), sort_keys=True)


def _heading_json(programme: Programme) -> str:
    heading = programme.model_dump(mode="json", exclude_none=True, exclude={"movements"})
    assert heading["format"] == FORMAT and heading["version"] <= VERSION
    return json.dumps(heading, sort_keys=True)


def _name(move: str) -> str:
    """A computer-friendly name (FHIR's pattern: a letter, then letters, digits or _)."""
    parts = [p for p in move.split("-") if p]
    name = "".join(p.capitalize() for p in parts) or "Movement"
    return name if name[0].isalpha() else f"M{name}"


def _dose_words(entry: Entry) -> str:
    dose = entry.dose.model_dump(exclude_none=True)
    if dose.get("sides") == "none":
        del dose["sides"]
    words = ", ".join(f"{k} {v}" for k, v in dose.items())
    where = ", ".join((*entry.moments, *entry.places))
    return f"{words}; at {where}"


def _timing(entry: Entry) -> dict[str, Any]:
    when = [WHEN[m] for m in entry.moments if m in WHEN]
    repeat: dict[str, Any] = {
        "frequency": max(1, len(entry.moments) or 1),
        "period": 1,
        "periodUnit": "d",
    }
    if when:
        repeat["when"] = when
    return {"repeat": repeat}
