"""The JSON API under ``/api/v1``: the same core calls as the commands and the pages, answered
as JSON, with an OpenAPI document at ``/api/v1/openapi.json``.

Where a command prints the same thing with ``--json`` (``plan``, ``progress``, ``moves``,
``moves show``, ``history``), the answer is made by the same core function and written by the
same ``json_text``, so the bytes are equal. Every refusal is ``{"problems": [{"field",
"message"}]}``; nothing is stored by a refused request. A change (any POST) must carry the
header ``X-Backbeat: 1``: a page on another site cannot send a custom header without a CORS
preflight, which this app never grants, so a write cannot be forged from a browser (the
Guard's Origin check stands in front of it too). Any write may carry a one-time key
(``Idempotency-Key``): sent again with it, the write is answered as it was the first time and
nothing is stored twice (see ``backbeat.web.api.changes``).

FastAPI is used for this part alone, for its OpenAPI document and request validation; it is
imported only when ``backbeat serve`` builds the app.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from pydantic import ValidationError
from sqlalchemy.exc import OperationalError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse, Response
from starlette.routing import Match

from backbeat import __version__
from backbeat.catalog.listing import listing_json, movement_json
from backbeat.catalog.schema import Dose, Movement
from backbeat.catalog.vocabulary import Kind, Place, Position, Region
from backbeat.coach import plan_for
from backbeat.context import fault_sentence, local_zone
from backbeat.inputs import (
    DATE_PATTERN,
    PLAN_DAY_PATTERN,
    SPEED_MAX,
    SPEED_MIN,
    day_start,
    parse_date,
    parse_plan_day,
    parse_when,
)
from backbeat.journal.db import WRITE_WAIT_S, Busy
from backbeat.progress.planned import progress_for
from backbeat.progress.report import DEFAULT_WEEKS
from backbeat.records import history_json, record_id
from backbeat.session.checkin import CheckIn
from backbeat.session.checkin import advice as checkin_advice
from backbeat.session.choose import (
    DEFAULT_PLACE,
    AskBreak,
    Asking,
    AskMoves,
    AskSlot,
    NotFound,
)
from backbeat.session.gate import INVALID, Refusal
from backbeat.session.player import Outcome
from backbeat.session.timeline import Step, build, gentler_then
from backbeat.web.api import changes, models, reminders
from backbeat.web.api.changes import Answer, key_or_refusal, not_json, write
from backbeat.web.api.documented import (
    BUSY,
    HEADER,
    NO_PLAN,
    ONCE_HEADER,
    REF,
    REFUSED,
    WRITE,
    WRITES,
    OnceKey,
    problems_doc,
)
from backbeat.web.api.problems import (
    JSONText,
    from_errors,
    from_file,
    problem,
    refusal,
)
from backbeat.web.api.records import read_record
from backbeat.web.site import RETRY_AFTER_S, Site

PREFIX = "/api/v1"
WEEKS_MAX = 520
DAYS_MAX = 366
NO_PROFILE = (
    "there is no profile yet: answer the welcome questions in the web app (or run "
    "`backbeat init`) first"
)
NO_HEADER = (
    f"a change sent to the API must carry the header {HEADER}: 1 (a page on another site "
    "cannot send it); nothing was changed"
)
DESCRIPTION = (
    "backbeat's plan, today, progress, catalogue and journal as JSON: the same core calls as "
    "the commands and the pages. Refusals are `{problems: [{field, message}]}`. Every change "
    f"(POST, PATCH, DELETE) must carry the header `{HEADER}: 1` (403 without it), and may carry "
    f"a one-time key in `{ONCE_HEADER}`: sent again with the same key, a write stores nothing "
    "more and gets the first answer (status and body) again. A write that finds the journal "
    f"busy (another program writing for over {WRITE_WAIT_S:g} s) stores nothing and answers 503 "
    "with Retry-After; a read never waits for a writer. backbeat guides gentle movement; "
    "it is not a diagnosis or a treatment."
)


Start = Annotated[
    str | None,
    Query(
        pattern=PLAN_DAY_PATTERN,
        description="The first day, YYYY-MM-DD from 1900 to 2999 (default: today's plan day)",
        json_schema_extra={"format": "date"},
    ),
]
Days = Annotated[int, Query(ge=1, le=DAYS_MAX, description="How many days")]
Weeks = Annotated[int, Query(ge=1, le=WEEKS_MAX, description="How many weeks, ending today")]
Since = Annotated[
    str | None,
    Query(
        pattern=DATE_PATTERN,
        description="Only records from this day on (YYYY-MM-DD, your local midnight)",
        json_schema_extra={"format": "date"},
    ),
]
SlotName = Annotated[
    str | None,
    Query(
        max_length=100,
        description="A slot of today's plan: its id (2026-11-23/desk-1030) or a moment's name "
        "in any case (tv finds TV), as backbeat session --slot takes it",
    ),
]
MoveIds = Annotated[
    list[str] | None,
    Query(
        description="Movements by id, in order (repeat it: move=a&move=b), as backbeat "
        "session MOVE [MOVE...] takes them; used when no slot is given",
    ),
]
BreakPlace = Annotated[
    Place | None,
    Query(
        description="A micro-break for this place (default desk); used when neither slot "
        "nor move is given"
    ),
]
SessionSpeed = Annotated[
    float,
    Query(
        ge=SPEED_MIN,
        le=SPEED_MAX,
        allow_inf_nan=False,
        description="Play X times faster, as --speed X (0.01 to 1000)",
    ),
]


def create_api(site: Site) -> FastAPI:
    """The API over ``site``'s catalogue, profile and journal, to mount at ``/api/v1``."""
    api = FastAPI(
        title="backbeat",
        version=__version__,
        description=DESCRIPTION,
        servers=[{"url": PREFIX}],
        openapi_url="/openapi.json",
        docs_url=None,
        redoc_url=None,
        responses=REFUSED,
        default_response_class=JSONText,
    )
    api.add_exception_handler(RequestValidationError, _invalid)  # type: ignore[arg-type]
    api.add_exception_handler(HTTPException, _http)  # type: ignore[arg-type]
    api.add_exception_handler(Busy, _busy)
    api.add_exception_handler(Exception, _failed)

    async def fault(request: Request, exc: Exception) -> Response:
        """A fault of the disk (full, read-only) met by the journal or a file: 503 with the one
        sentence that names it, as the pages answer it."""
        said = fault_sentence(site.env, exc)
        if said is None:
            return await _failed(request, exc)
        return refusal(503, [problem("(disk)", said)])

    api.add_exception_handler(OSError, fault)
    api.add_exception_handler(OperationalError, fault)

    def no_profile() -> Response:
        return refusal(404, [problem("(profile)", NO_PROFILE)])

    @api.get(
        "/plan",
        summary="Your plan, day by day, as backbeat plan --json prints it",
        responses={200: {"model": models.PlanAnswer}, **NO_PLAN},
    )
    async def plan(request: Request, start: Start = None, days: Days = 1) -> Response:
        first: date | None = None
        if start is not None:
            try:
                first = parse_plan_day(start)
            except ValueError as error:
                return refusal(422, [problem("start", str(error))])

        def make() -> Response:
            state = site.profile()
            if not state.exists:
                return no_profile()
            found = plan_for(
                site.journal, state, site.catalogue, site.planning(), site.now(), first, days
            )
            if found is None:
                return refusal(409, from_file(state.problems))
            return JSONText(found.as_json())

        return await site.cached(request, make)

    @api.get(
        "/today",
        summary="Today's plan day as it stands now: slots with ids, what is done, what is due",
        responses={200: {"model": models.TodayAnswer}, **NO_PLAN},
    )
    async def today(request: Request) -> Response:
        def make() -> Response:
            state = site.profile()
            if not state.exists:
                return no_profile()
            found = site.today_of(state)
            if found is None:
                return refusal(409, from_file(state.problems))
            return JSONText(found.as_json())

        return await site.cached(request, make)

    @api.get(
        "/progress",
        summary="How it is going, as backbeat progress --json prints it",
        responses={200: {"model": models.ProgressAnswer}},
    )
    async def progress(request: Request, weeks: Weeks = DEFAULT_WEEKS) -> Response:
        def make() -> Response:
            records = list(reversed(site.history()))  # oldest first
            found = progress_for(
                records, site.now().date(), weeks, site.catalogue, lambda: site.profile().profile
            )
            return JSONText(found.as_json())

        return await site.cached(request, make)

    @api.get(
        "/moves",
        summary="The catalogue, as backbeat moves --json prints it",
        responses={200: {"model": list[models.MovementListed]}},
    )
    def moves(
        place: Place | None = None,
        position: Position | None = None,
        region: Region | None = None,
        kind: Kind | None = None,
    ) -> Response:
        found = site.catalogue.select(place=place, position=position, region=region, kind=kind)
        return JSONText(listing_json(found))

    def movement_or_404(id: str) -> Movement | Response:
        """The movement with that id, or the 404 naming the nearest ids."""
        movement = site.catalogue.get(id)
        if movement is not None:
            return movement
        close = site.catalogue.suggest(id)
        hint = f" (did you mean {' or '.join(close)}?)" if close else " (GET /moves lists them)"
        return refusal(404, [problem("id", f"there is no movement {id!r}{hint}")])

    @api.get(
        "/moves/{id}",
        summary="One movement in full, as backbeat moves show ID --json prints it",
        responses={
            200: {"model": models.MovementEntry},
            404: problems_doc("No movement has this id; the nearest ids are named"),
        },
    )
    def move(id: str) -> Response:
        movement = movement_or_404(id)
        if isinstance(movement, Response):
            return movement
        return JSONText(movement_json(movement, full=True))

    @api.get(
        "/moves/{id}/motion",
        summary="A movement's figure as frames through one repetition, for animating it",
        responses={
            200: {"model": models.MotionFrames},
            404: problems_doc("No movement has this id; the nearest ids are named"),
        },
    )
    def motion(id: str) -> Response:
        movement = movement_or_404(id)
        if isinstance(movement, Response):
            return movement
        frames = site.motion(movement.id)
        return JSONResponse(frames, headers={"cache-control": "private, max-age=3600"})

    @api.get(
        "/records",
        summary="Your journal, newest first, as backbeat history --json prints it",
        responses={200: {"model": models.Records}},
    )
    async def records(request: Request, since: Since = None) -> Response:
        first = None
        if since is not None:
            try:
                first = parse_date(since)
            except ValueError as error:
                return refusal(422, [problem("since", str(error))])
        cut = None if first is None else day_start(first, site.now())
        return await site.cached(
            request,
            lambda: JSONText(
                history_json((e.id, e.record) for e in site.journal.entries(since=cut))
            ),
        )

    @api.post(
        "/records",
        status_code=201,
        summary="Add a movement check-in, a morning check-in or a weekly review",
        dependencies=WRITES,
        responses={
            201: {"model": models.AddedRecord, "description": "Stored; the record as kept"},
            200: {"model": models.AddedRecord, "description": "An equal record was already kept"},
            **WRITE,
            **BUSY,
            415: problems_doc("The body is not sent as application/json"),
        },
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "oneOf": [
                                {"$ref": REF.format(model=name)}
                                for name in ("MoveCheckIn", "MorningCheckIn", "WeeklyReview")
                            ]
                        }
                    }
                },
            }
        },
    )
    async def add_record(request: Request, idempotency_key: OnceKey = None) -> Response:
        key = key_or_refusal(idempotency_key)
        if isinstance(key, Response):
            return key
        if (wrong := not_json(request)) is not None:
            return wrong
        body = await request.body()
        sent = changes.request_print("POST", request.url.path, body)
        return await run_in_threadpool(store, body, key, sent)

    def store(body: bytes, key: str | None, sent: str) -> Response:
        now = site.now()
        record, problems = read_record(body, site.catalogue, local_zone(site.env, now), now)
        if record is None:
            return refusal(422, problems)

        kept = history_json([(record_id(record), record)])[0]

        def add() -> Answer:
            added = site.add([record])
            return Answer(201 if added else 200, kept)

        return write(site, key, sent, add, lambda: Answer(200, kept))

    @api.post(
        "/sessions",
        status_code=201,
        summary="Keep a guided session and its check-in, as the session page's form does",
        dependencies=WRITES,
        responses={
            201: {"model": models.SessionSaved, "description": "Stored"},
            200: {"model": models.SessionSaved, "description": "Already kept: nothing added"},
            **WRITE,
            **BUSY,
        },
    )
    async def add_session(
        request: Request, sent: models.PlayedSession, idempotency_key: OnceKey = None
    ) -> Response:
        key = key_or_refusal(idempotency_key)
        if isinstance(key, Response):
            return key
        body = await request.body()
        printed = changes.request_print("POST", request.url.path, body)
        return await run_in_threadpool(store_session, sent, key, printed)

    def store_session(sent: models.PlayedSession, key: str | None, printed: str) -> Response:
        from backbeat.web.player import Played, played_records

        now = site.now()
        problems = [
            problem(f"{name}[{i}]", f"{move!r} is not a movement in the catalogue")
            for name in ("planned", "started", "completed", "skipped", "hurt", "taken")
            for i, move in enumerate(getattr(sent, name))
            if site.catalogue.get(move) is None
        ]
        ended = now
        if sent.ended is not None:
            try:
                ended = parse_when(sent.ended, local_zone(site.env, now), now)
            except ValueError as error:
                problems.append(problem("ended", str(error)))
        if problems:
            return refusal(422, problems)

        def once_each(moves: list[str]) -> list[str]:  # each movement once, as the page keeps them
            return list(dict.fromkeys(moves))

        outcome = Outcome(
            started=once_each(sent.started),
            completed=once_each(sent.completed),
            skipped=once_each(sent.skipped),
            hurt=once_each(sent.hurt),
            taken=once_each(sent.taken),
            ended_early=sent.ended_early,
        )
        played = Played(outcome, list(sent.planned), sent.slot, sent.key, sent.seconds, ended)
        given = sent.answers
        answers = (
            None
            if given is None
            else CheckIn(given.pain, given.sharp, given.difficulty, given.pain_after)
        )
        try:  # the records' own rules (a slot id in its form) judge what is left
            records = played_records(played, answers, unfinished=not sent.finished)
        except ValidationError as error:
            return refusal(422, from_errors(error.errors(), skip=0))
        kept = history_json([(record_id(r), r) for r in records])
        advice = checkin_advice(outcome, answers) if sent.finished else []

        def add() -> Answer:
            added = site.add(records) if records else 0
            return Answer(
                201 if added else 200, {"added": added, "records": kept, "advice": advice}
            )

        return write(
            site,
            key,
            printed,
            add,
            lambda: Answer(200, {"added": 0, "records": kept, "advice": advice}),
        )

    changes.add_routes(api, site)
    reminders.add_routes(api, site)

    @api.get(
        "/session",
        summary="A session's timeline, as backbeat session ... --dry-run --json prints it",
        responses={
            200: {"model": models.SessionTimeline},
            403: {
                "model": models.ReferralRefusal,
                "description": "A safety answer needs a clinician: no session (even with "
                "another key of the profile wrong); the gate's words and the referral",
            },
            404: problems_doc(
                "A slot asked for with no profile yet; a slot not in today's plan (today's "
                "slot ids are named); an unknown movement (the nearest ids are named)"
            ),
            409: problems_doc("The profile file cannot be used: what is wrong, by key"),
        },
    )
    async def session(
        request: Request,
        slot: SlotName = None,
        move: MoveIds = None,
        place: BreakPlace = None,
        speed: SessionSpeed = 1.0,
    ) -> Response:
        asking: Asking
        if slot is not None:
            asking = AskSlot(slot)
        elif move is not None:
            asking = AskMoves(tuple(move))
        else:
            asking = AskBreak(place or DEFAULT_PLACE)

        def make() -> Response:
            from backbeat.web.player import choose_session

            chosen = choose_session(site, asking)
            if isinstance(chosen, Refusal):
                return _refused(chosen)
            if isinstance(chosen, NotFound):
                return _not_found(chosen)
            return JSONText(build(list(chosen.steps)).scaled(speed).as_json())

        return await site.cached(request, make)

    @api.post(
        "/session/gentler",
        summary="After this hurts: the rest of a session with the gentler variation first",
        dependencies=WRITES,
        responses={
            200: {"model": models.SessionAnswer},
            **WRITE,
            404: problems_doc("The movement that hurt has no gentler variation"),
        },
    )
    def gentler(sent: models.GentlerRequest) -> Response:
        unknown_moves = [
            problem(field, f"{name!r} is not a movement in the catalogue")
            for field, name in (
                ("move", sent.move),
                *((f"then[{i}].move", s.move) for i, s in enumerate(sent.then)),
            )
            if site.catalogue.get(name) is None
        ]
        if unknown_moves:
            return refusal(422, unknown_moves)
        movement = site.catalogue.movements[sent.move]
        easier = site.catalogue.first(movement.easier)
        if easier is None:
            return refusal(404, [problem("move", f"{movement.name} has no gentler version")])
        then = [
            Step(
                site.catalogue.movements[s.move],
                Dose.model_validate(s.dose.model_dump(exclude_none=True)),
            )
            for s in sent.then
        ]
        from backbeat.web.player import session_data

        return JSONResponse(session_data(site, gentler_then(easier, then, sent.speed)))

    document: dict[str, Any] = {}

    def openapi() -> dict[str, Any]:
        if not document:
            document.update(_document(api, sorted(site.catalogue.movements)))
        return document

    api.openapi = openapi  # type: ignore[method-assign]
    return api


def _refused(refused: Refusal) -> Response:
    """The session gate's refusal, in its own words: 403 with the referral, 409 with what is
    wrong with the profile, 404 for a slot asked for with no profile."""
    if refused.referral is not None:
        body = {
            "problems": [problem("screen", refused.message)],
            "referral": refused.referral.as_json(),
        }
        return JSONText(body, status_code=403)
    if refused.why == "invalid":
        return refusal(409, [*from_file(refused.problems), problem("(profile)", INVALID)])
    return refusal(404, [problem("(profile)", refused.message)])


def _not_found(missing: NotFound) -> Response:
    """404, naming what is there instead: today's slot ids, or the nearest movement ids."""
    name = missing.name
    if missing.what == "move":
        close = missing.near
        hint = f" (did you mean {' or '.join(close)}?)" if close else " (GET /moves lists them)"
        return refusal(404, [problem("move", f"there is no movement {name!r}{hint}")])
    if missing.what == "place":
        return refusal(404, [problem("place", f"the catalogue has no gentle movement for {name}")])
    have = ", ".join(missing.near) or "none"
    message = f"today's plan has no slot {name!r} (today's slots: {have})"
    return refusal(404, [problem("slot", message)])


async def _invalid(request: Request, exc: RequestValidationError) -> Response:
    """FastAPI's refusals in the API's own shape; a missing X-Backbeat header is a 403."""
    errors = list(exc.errors())
    if any(tuple(e.get("loc", ()))[:2] == ("header", HEADER) for e in errors):
        return refusal(403, [problem(HEADER, NO_HEADER)])
    return refusal(422, from_errors(errors))


async def _http(request: Request, exc: HTTPException) -> Response:
    """Not found, a method not allowed, a body that could not be read: JSON too, with the
    headers that go with them."""
    if exc.status_code == 400:  # FastAPI could not read the body it was to validate
        return refusal(422, [problem("(body)", "is not JSON in UTF-8")])
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        allowed = ", ".join(_methods(request))
        headers = {"allow": allowed}
        message = f"{request.method} is not allowed here (allowed: {allowed})"
    elif exc.status_code == 404:
        message = "there is nothing at this address in the API"
    else:
        message = str(exc.detail)
    return refusal(exc.status_code, [problem("(request)", message)], headers=headers)


def _methods(request: Request) -> list[str]:
    """Every method some route of the API answers at this address (each route has one)."""
    found: set[str] = set()
    for route in request.app.router.routes:
        match, _ = route.matches({**request.scope, "method": "GET"})
        if match != Match.NONE:
            found |= getattr(route, "methods", None) or set()
    return sorted(found)


async def _busy(request: Request, exc: Exception) -> Response:
    """A write another program kept waiting too long: 503, nothing stored, and when to retry."""
    headers = {"Retry-After": str(RETRY_AFTER_S)}
    return refusal(503, [problem("(journal)", str(exc))], headers=headers)


async def _failed(request: Request, exc: Exception) -> Response:
    return refusal(500, [problem("(server)", "backbeat could not answer this; see its log")])


async def elsewhere(scope: Any, receive: Any, send: Any) -> None:
    """What an address under ``/api`` but outside ``/api/v1`` answers: JSON, not a page."""
    response = refusal(404, [problem("(request)", f"the API is at {PREFIX}")])
    await response(scope, receive, send)


def _document(api: FastAPI, ids: list[str]) -> dict[str, Any]:
    """The OpenAPI document: FastAPI's, with the catalogue's ids as the allowed movement ids
    (of a check-in, a gentler request and a session), the record models of ``POST /records``
    in its components, and no ``null`` offered where the API refuses one (an optional query
    parameter is left out, not sent empty)."""
    doc = get_openapi(
        title=api.title,
        version=api.version,
        description=api.description,
        routes=api.routes,
        servers=api.servers,
    )
    schemas = doc.setdefault("components", {}).setdefault("schemas", {})
    for model in (
        models.MoveCheckIn,
        models.MorningCheckIn,
        models.WeeklyReview,
        models.Correction,
    ):
        schemas[model.__name__] = model.model_json_schema(ref_template=REF)
    for name in ("MoveCheckIn", "GentlerRequest", "StepIn"):
        schemas[name]["properties"]["move"]["enum"] = ids
    for name in ("planned", "started", "completed", "skipped", "hurt", "taken"):
        schemas["PlayedSession"]["properties"][name]["items"]["enum"] = ids
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    for path in doc["paths"].values():
        for operation in path.values():
            for parameter in operation.get("parameters", []):
                parameter["schema"] = _not_null(parameter["schema"])
                if parameter["in"] == "header" and parameter["name"] == HEADER:
                    parameter["schema"] = {"type": "string", "enum": ["1"]}
    for parameter in doc["paths"]["/session"]["get"]["parameters"]:
        if parameter["name"] == "move":
            parameter["schema"]["items"]["enum"] = ids
    _drop_null_defaults(doc)
    return doc


def _not_null(schema: dict[str, Any]) -> dict[str, Any]:
    """``anyOf: [X, null]`` as ``X`` (keeping the description and default)."""
    choices = [s for s in schema.get("anyOf", []) if s.get("type") != "null"]
    if len(choices) != 1:
        return schema
    rest = {k: v for k, v in schema.items() if k != "anyOf"}
    return {**choices[0], **rest}


def _drop_null_defaults(node: object) -> None:
    if isinstance(node, dict):
        if node.get("default", 0) is None:
            del node["default"]
        for value in node.values():
            _drop_null_defaults(value)
    elif isinstance(node, list):
        for value in node:
            _drop_null_defaults(value)
