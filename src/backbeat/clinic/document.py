"""The clinic server's OpenAPI document: its own operations (sign-in, devices, passkeys, the
clinicians' ``/api/v1/clinic/...``) and, beside them, the local app's API as every patient has it
(``/api/v1/today``, ``/api/v1/sessions`` ...), in one document, as the server serves both.

The local API's part is the local app's own document (made once, from an app over no one's
journal), its paths put under ``/api/v1`` where the clinic serves them.
"""

from __future__ import annotations

import sys
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute

from backbeat.clinic.doors import COOKIE, Doors, current
from backbeat.context import Env

PREFIX = "/api/v1"
PATIENTS_TAG = "a patient's own (the local app's API)"
CLINIC_TAG = "the clinic"


def document(app: FastAPI, doors: Doors) -> dict[str, Any]:
    own = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes
    )
    local = _local(doors)
    signed = _signed_operations(app)
    _refusals_as_answered(own)
    paths: dict[str, Any] = {}
    for path, operations in own.get("paths", {}).items():
        paths[path] = {
            method: _tagged(operation, CLINIC_TAG, (method.upper(), path) in signed)
            for method, operation in operations.items()
        }
    for path, operations in local.get("paths", {}).items():
        whole = f"{PREFIX}{path}"
        if whole not in paths:  # the clinic's own operation wins (its openapi.json)
            paths[whole] = {
                method: _tagged(operation, PATIENTS_TAG, True)
                for method, operation in operations.items()
            }
    _catalogue_ids(own, sorted(doors.catalogue.movements))
    schemas = dict(local.get("components", {}).get("schemas", {}))
    for name, schema in own.get("components", {}).get("schemas", {}).items():
        if name in schemas and schemas[name] != schema:
            raise ValueError(f"the clinic's schema {name} differs from the local API's")
        schemas[name] = schema
    return {
        "openapi": own["openapi"],
        "info": {
            **own["info"],
            "description": (
                f"{app.description} Sign in with POST {PREFIX}/login (a cookie, "
                f"{COOKIE}, is set); a patient then has the local app's API too."
            ),
        },
        "paths": paths,
        "components": {
            "schemas": schemas,
        },
    }


def _catalogue_ids(doc: dict[str, Any], ids: list[str]) -> None:
    """A programme's movements as the catalogue's ids, which is what the server takes."""
    schemas = doc.get("components", {}).get("schemas", {})
    for name, field in (("Entry", "move"), ("Limits", "up_to")):
        found = schemas.get(name, {}).get("properties", {}).get(field)
        if found is None:
            continue
        for choice in found.get("anyOf", [found]):
            if choice.get("type") == "string":
                choice["enum"] = ids


def _refusals_as_answered(doc: dict[str, Any]) -> None:
    """A request that does not fit is answered as every refusal is (``detail`` in words, see
    ``app._unfit``), not in FastAPI's own shape, which the document would otherwise give."""
    refusal = {"$ref": "#/components/schemas/Refusal"}
    for operations in doc.get("paths", {}).values():
        for operation in operations.values():
            answers = operation.setdefault("responses", {})
            unfit = answers.get("422")
            if unfit is not None:
                unfit["content"] = {"application/json": {"schema": refusal}}
            if "requestBody" in operation:
                answers.setdefault(
                    "400",
                    {
                        "description": "a body that is not JSON",
                        "content": {"application/json": {"schema": refusal}},
                    },
                )
    schemas = doc.get("components", {}).get("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)


def _tagged(operation: Any, tag: str, signed: bool) -> Any:
    """An operation with its tag, and, when it answers only a signed-in person, saying so (in
    words: the session is a cookie the browser keeps, which clients of the document send as
    they got it, not a credential they make)."""
    if not isinstance(operation, dict):
        return operation
    said = operation.get("description", "")
    if signed:
        said = f"{said}\n\nNeeds a session: the {COOKIE} cookie POST {PREFIX}/login sets.".strip()
    return {**operation, "tags": [tag], "description": said}


def _signed_operations(app: FastAPI) -> set[tuple[str, str]]:
    """(method, path) of every operation that answers only a signed-in person: read from the
    routes' own dependencies, so the document cannot say otherwise than the server does."""
    found: set[tuple[str, str]] = set()
    for route in app.routes:
        if isinstance(route, APIRoute) and _needs(route.dependant):
            found |= {(method, route.path) for method in route.methods or ()}
    return found


def _needs(dependant: Dependant) -> bool:
    return any(d.call is current or _needs(d) for d in dependant.dependencies)


_LOCAL: list[dict[str, Any]] = []


def _local(doors: Doors) -> dict[str, Any]:
    """The local API's document, made once per worker."""
    if not _LOCAL:
        from backbeat.journal.store import Journal
        from backbeat.web.api.app import create_api
        from backbeat.web.site import Site

        env = Env(sys.stdout, sys.stderr, sys.stdin, {}, clock=doors.clock)
        site = Site(env, doors.catalogue, Journal(doors.engine, person="clinic:-"), csrf="-")
        _LOCAL.append(create_api(site).openapi())
    return _LOCAL[0]
