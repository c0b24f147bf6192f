"""Changing the journal through the API: deleting a record (``DELETE /records/{id}``),
correcting a check-in (``PATCH /records/{id}``) and undoing the last change (``POST /undo``),
by the same core calls as ``backbeat forget``, ``correct`` and ``undo``; and the one-time key
(``Idempotency-Key``) any API write may carry, so that a client sending a write again (a retry
after a lost answer) gets the first answer, byte for byte, and nothing is changed twice.

Each write is one transaction: the record is found, checked and changed under the journal's
write lock, so nothing changes it in between, and a refusal changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass

from fastapi import FastAPI, Request
from sqlalchemy import Connection
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from backbeat.context import local_zone
from backbeat.inputs import parse_once, parse_when
from backbeat.journal import changes as core
from backbeat.journal.store import Stored
from backbeat.json_text import json_text
from backbeat.records import KINDS, MorningRecord, MoveRecord, as_json, history_json, parse_record
from backbeat.web.api import models
from backbeat.web.api.documented import (
    BUSY,
    NO_RECORD,
    ONCE_HEADER,
    REF,
    WRITE,
    WRITES,
    OnceKey,
    RecordIdPath,
    problems_doc,
)
from backbeat.web.api.models import MORNING_FIELDS, MOVE_FIELDS, RECORD_ID_PATTERN
from backbeat.web.api.problems import JSONText, problem, refusal
from backbeat.web.api.records import MORNING, MOVE, allowed, json_object, read_correction
from backbeat.web.site import Site

REUSED = (
    "this one-time key was sent before with another change (a key names one write: send the "
    "same request again with it, or a new key for a new write); nothing was changed"
)
KIND_WORDS = {
    "session": "a session",
    "weekly_pain": "a weekly review",
    "reminder": "a reminder",
    "profile": "a version of your profile",
    "plan": "a plan given",
}
ID_RULE = "allowed: the 12 lowercase letters and digits GET /records gives as each record's id"


@dataclass(frozen=True, slots=True)
class Answer:
    """A write's answer, as it is kept with its one-time key and given back."""

    status: int
    body: object


def _refused(status: int, problems: list[dict[str, str]]) -> Answer:
    return Answer(status, {"problems": problems})


def request_print(method: str, path: str, body: bytes = b"") -> str:
    """What a one-time key is kept with, to tell the same request sent again from another."""
    return hashlib.sha256(b"%s %s\n%s" % (method.encode(), path.encode(), body)).hexdigest()


def write(
    site: Site,
    key: str | None,
    request: str,
    act: Callable[[], Answer],
    again: Callable[[], Answer] | None = None,
) -> Response:
    """Make one write (``act``, which finds, checks and changes in one transaction) and answer
    it. With a one-time key the answer is kept with the key; the same request with that key
    again is given the first answer without ``act`` running, and another request with it is a
    409. A key a page's form used (a phone sends through the API what it kept of a form whose
    answer it never saw) is given ``again``'s answer, when the route gives one: nothing is
    stored twice. Every page and answer kept is made anew after it (``Site.changed``)."""
    if key is None:

        def alone() -> Answer:
            with site.journal.writing():
                return act()

        answer = site.changed(alone)
        return JSONText(answer.body, status_code=answer.status)

    def kept(connection: Connection, person: int) -> str:
        answer = act()
        body = json_text(answer.body)
        return json.dumps({"request": request, "status": answer.status, "body": body})

    text, _ = site.changed(lambda: site.journal.once(key, site.now(), kept))
    if again is not None and text.isdigit():  # a form's key: how many records it added
        answer = again()
        return JSONText(answer.body, status_code=answer.status)
    return _given_back(text, request)


def _given_back(text: str, request: str) -> Response:
    """The answer kept with a one-time key, if it was kept for this same request."""
    try:
        kept = json.loads(text)
        first = (kept["request"], int(kept["status"]), str(kept["body"]))
    except (ValueError, TypeError, KeyError):  # a key a form of the pages used
        first = None
    if first is None or first[0] != request:
        return refusal(409, [problem(ONCE_HEADER, REUSED)])
    return Response(first[2], status_code=first[1], media_type="application/json")


def read_key(text: str | None) -> str | None:
    """The ``Idempotency-Key`` header (a ``ValueError`` says what is allowed)."""
    return None if text is None else parse_once(text)


def read_id(text: str) -> str:
    """A record id in an address: exactly as ``GET /records`` gives it."""
    if re.fullmatch(RECORD_ID_PATTERN, text) is None:
        said = text if len(text) <= 40 else f"{text[:40]}..."
        raise ValueError(f"{said!r} is not a record id ({ID_RULE})")
    return text


def shown(entry: Stored) -> dict[str, object]:
    """A record with its id, as ``GET /records`` lists it."""
    return history_json([(entry.id, entry.record)])[0]


def _missing(wanted: str) -> Answer:
    return _refused(
        404,
        [
            problem(
                "id",
                f"there is no record {wanted!r} in your journal (GET /records lists each record "
                "with its id)",
            )
        ],
    )


def delete(site: Site, wanted: str) -> Answer:
    """``backbeat forget ID``: the record deleted, as it was."""
    try:
        gone = core.forget(site.journal, wanted, site.now())
    except core.NoSuchRecord:
        return _missing(wanted)
    return Answer(200, {"deleted": shown(gone)})


def correct(site: Site, wanted: str, fields: dict[str, object]) -> Answer:
    """``backbeat correct ID``: the id replaced and the record in its place. Only a movement
    or a morning check-in can be corrected, and only in its own fields: a correction that
    cannot apply to this record (a field of the other kind, a record that is not a check-in,
    nothing that would change) is 409, as RFC 5789 has it for a patch that conflicts with the
    state of what it patches; a correction wrong whatever the record was refused (422) before."""
    now = site.now()
    try:
        old = core.find(site.journal, wanted)
    except core.NoSuchRecord:
        return _missing(wanted)
    record = old.record
    fits: tuple[str, ...]
    if isinstance(record, MoveRecord):
        what, fits = MOVE, MOVE_FIELDS
    elif isinstance(record, MorningRecord):
        what, fits = MORNING, MORNING_FIELDS
    else:
        kind = next(key for key, model in KINDS.items() if isinstance(record, model))
        said = (
            f"record {old.id} is {KIND_WORDS.get(kind, kind)}, not a check-in; only movement "
            f"and morning check-ins can be corrected (DELETE /records/{old.id} deletes any record)"
        )
        return _refused(409, [problem("id", said)])
    wrong = [field for field in fields if field not in fits]
    if wrong:
        said = f"does not belong to record {old.id}, {what} ({allowed(what)})"
        return _refused(409, [problem(field, said) for field in wrong])
    change = dict(fields)
    if "at" in change:
        try:
            change["at"] = parse_when(str(change["at"]), local_zone(site.env, now), now)
        except ValueError as error:
            return _refused(422, [problem("at", str(error))])
    _, problems = parse_record({**as_json(record), **change}, f"record {old.id}")
    if problems:
        return _refused(422, [problem(p.field, p.message) for p in problems])
    try:
        new = core.correct(site.journal, old.id, change, now)
    except core.NothingChanged as same:
        return _refused(409, [problem("(record)", str(same))])
    return Answer(200, {"corrected": old.id, "record": shown(new)})


def undo(site: Site) -> Answer:
    """``backbeat undo``: what was put back or deleted; nothing, when there is nothing to
    undo."""
    undone = core.undo(site.journal, site.now())
    if undone is None:
        return Answer(200, {"action": None, "records": []})
    return Answer(200, {"action": undone.action, "records": [shown(e) for e in undone.records]})


def add_routes(api: FastAPI, site: Site) -> None:
    """``DELETE`` and ``PATCH /records/{id}``, and ``POST /undo``."""

    @api.delete(
        "/records/{id}",
        summary="Delete one record, as backbeat forget ID does (POST /undo puts it back)",
        dependencies=WRITES,
        responses={
            200: {"model": models.Deleted, "description": "Deleted; the record as it was"},
            **WRITE,
            **NO_RECORD,
            **BUSY,
        },
    )
    async def delete_record(
        request: Request, id: RecordIdPath, idempotency_key: OnceKey = None
    ) -> Response:
        read = _target(id, idempotency_key)
        if isinstance(read, Response):
            return read
        wanted, key = read
        sent = request_print("DELETE", request.url.path)
        return await run_in_threadpool(write, site, key, sent, lambda: delete(site, wanted))

    @api.patch(
        "/records/{id}",
        summary="Correct a movement or morning check-in, as backbeat correct ID does",
        dependencies=WRITES,
        responses={
            200: {
                "model": models.Corrected,
                "description": "Corrected: the id replaced, and the record in its place",
            },
            **WRITE,
            **NO_RECORD,
            409: problems_doc(
                "The correction cannot apply to this record, and nothing was changed: a field "
                "of the other kind of check-in (the fields this record takes are named), a "
                "record that is not a check-in, or what the record already says; or the "
                f"{ONCE_HEADER} was sent before with another request"
            ),
            **BUSY,
            415: problems_doc("The body is not sent as application/json"),
        },
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {"schema": {"$ref": REF.format(model="Correction")}}
                },
            }
        },
    )
    async def correct_record(
        request: Request, id: RecordIdPath, idempotency_key: OnceKey = None
    ) -> Response:
        read = _target(id, idempotency_key)
        if isinstance(read, Response):
            return read
        wanted, key = read
        if (wrong := not_json(request)) is not None:
            return wrong
        body = await request.body()
        data, problems = json_object(body)
        fields, more = read_correction(data) if data is not None else ({}, [])
        if problems or more:
            return refusal(422, problems + more)
        sent = request_print("PATCH", request.url.path, body)
        return await run_in_threadpool(
            write, site, key, sent, lambda: correct(site, wanted, fields)
        )

    @api.post(
        "/undo",
        summary="Take back the last change, as backbeat undo does",
        dependencies=WRITES,
        responses={
            200: {
                "model": models.Undone,
                "description": "What was put back or deleted (action null: nothing to undo)",
            },
            **WRITE,
            **BUSY,
        },
    )
    async def undo_last(request: Request, idempotency_key: OnceKey = None) -> Response:
        key = key_or_refusal(idempotency_key)
        if isinstance(key, Response):
            return key
        sent = request_print("POST", request.url.path)
        return await run_in_threadpool(write, site, key, sent, lambda: undo(site))


def key_or_refusal(text: str | None) -> str | Response | None:
    """The one-time key sent, or the 422 naming the header."""
    try:
        return read_key(text)
    except ValueError as error:
        return refusal(422, [problem(ONCE_HEADER, str(error))])


def _target(id: str, once: str | None) -> tuple[str, str | None] | Response:
    """The record id in the address and the one-time key, or the 422 naming each that is
    wrong."""
    problems = []
    try:
        wanted = read_id(id)
    except ValueError as error:
        problems.append(problem("id", str(error)))
    try:
        key = read_key(once)
    except ValueError as error:
        problems.append(problem(ONCE_HEADER, str(error)))
    if problems:
        return refusal(422, problems)
    return wanted, key


def not_json(request: Request) -> Response | None:
    """415 for a body not sent as JSON."""
    kind = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    if kind == "application/json":
        return None
    return refusal(415, [problem("Content-Type", f"{kind!r} is not application/json")])
