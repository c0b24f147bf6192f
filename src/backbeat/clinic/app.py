"""The clinic server: one app per worker over the clinic's PostgreSQL database.

Stateless between requests: sessions, failed log-ins, one-time links and passkey challenges are
rows of the database, so any number of workers (``backbeat clinic serve --workers N``), on one
machine or several behind a proxy, share the load. The routes live in their own modules (the
API in ``api``, the patients' own app in ``patients``); who may reach what is ``doors``.
"""

import gc
import os
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from anyio import to_thread
from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from sqlalchemy import Engine
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backbeat.catalog.catalogue import Catalogue
from backbeat.clinic import account, api, dashboard, front, leaving, passkeys
from backbeat.clinic.db import DB_VARIABLE, PROXIES_VARIABLE, connect, up_to_date
from backbeat.clinic.document import document
from backbeat.clinic.doors import Doors
from backbeat.clinic.pages import SignIn, sign_in_address
from backbeat.clinic.patients import PatientApps
from backbeat.web.app import VersionedStatic, icon
from backbeat.web.guard import HEADERS
from backbeat.web.site import STATIC


def from_environ() -> FastAPI:
    """The app for ``uvicorn --factory`` in each worker: the database and trusted proxies from
    the environment ``backbeat clinic serve`` sets."""
    proxies = [p for p in os.environ.get(PROXIES_VARIABLE, "").split(",") if p]
    app = create_app(connect(os.environ[DB_VARIABLE]), trusted=proxies)
    settle()
    return app


def settle() -> None:
    """Set what the worker made to start (the modules, the catalogue, the API's models, the
    database's tables) out of the garbage collector's sight: it lives as long as the worker,
    yet each full collection walked it again, and every request in flight waited for that (on
    two busy cores, 120 ms every second or two; 30 ms once it is set aside). Whatever the
    requests make is still collected as before."""
    gc.collect()
    gc.freeze()


def create_app(
    engine: Engine,
    *,
    trusted: Sequence[str] = (),
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    catalogue: Catalogue | None = None,
    folder: Path | None = None,
) -> FastAPI:
    """The clinic's app for one worker. ``folder`` holds what the patients' apps read from the
    disk, made from the database: by default a folder of the user's cache named for the
    database, which the workers on one machine share (a plan's kept weekly state, made by one,
    serves all) and which outlives a restart."""
    if not up_to_date(engine):
        raise RuntimeError("the clinic's database is not up to date: run backbeat clinic migrate")
    if catalogue is None:
        from backbeat.catalog.loader import builtin

        catalogue = builtin()
    app = FastAPI(
        lifespan=_threads,
        title="backbeat clinic",
        description="A clinic's backbeat: clinicians prescribe programmes, patients follow.",
        version="1",
        openapi_url="/api/v1/openapi.json",
        docs_url="/api/v1/docs",
        redoc_url=None,
    )
    doors = app.state.doors = Doors(engine, catalogue, clock, tuple(trusted))
    for router in (
        api.router,
        front.router,
        leaving.router,
        passkeys.router,
        account.router,
        dashboard.router,
        dashboard.api_router,
    ):
        # The routes themselves, not FastAPI's lazy include: the isolation tests and the OpenAPI
        # document read the app's route table, and every route must be in it.
        app.router.routes.extend(router.routes)
    app.router.routes.append(Mount("/static", VersionedStatic(directory=STATIC), name="static"))
    app.router.routes.append(Mount("/clinic-static", VersionedStatic(directory=account.STATIC)))
    app.router.routes.append(Route("/favicon.ico", icon))
    home = folder or _cache_folder(engine)
    app.router.routes.append(Mount("/", PatientApps(doors, home, app.router.routes)))
    app.add_exception_handler(SignIn, _sign_in)
    app.add_exception_handler(RequestValidationError, _unfit)

    def whole_document() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = document(app, doors)
        return app.openapi_schema

    app.openapi = whole_document  # type: ignore[method-assign]
    app.add_middleware(_Secured)
    return app


THREADS = 10
"""Threads a worker makes its answers in (anyio's default is 40). Measured with 200 patients
asking for Today at once on 2 cores (one worker): 40 threads answered 626 requests a second,
10 answered 965, 4 answered 782. An answer holds Python's one lock while it works, so more
threads than that only take turns with it more often, and each answer waits longer."""


@asynccontextmanager
async def _threads(app: FastAPI) -> AsyncIterator[None]:
    to_thread.current_default_thread_limiter().total_tokens = THREADS
    yield


class _Secured:
    """The local app's security headers (a Content-Security-Policy that loads nothing but the
    server's own files, no framing, no sniffing) on every answer of the clinic's own; a
    patient's app sets them itself. The API's interactive docs page is left out: it is made of
    a script from elsewhere."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] == "/api/v1/docs":
            await self.app(scope, receive, send)
            return

        async def secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if not any(name.lower() == b"content-security-policy" for name, _ in headers):
                    message["headers"] = [*headers, *HEADERS]
            await send(message)

        await self.app(scope, receive, secured)


def _cache_folder(engine: Engine) -> Path:
    import hashlib

    import platformdirs

    name = hashlib.sha256(engine.url.render_as_string(hide_password=True).encode()).hexdigest()
    return platformdirs.user_cache_path("backbeat", appauthor=False) / "clinic" / name[:24]


async def _unfit(request: Request, exc: Exception) -> Response:
    """A request that does not fit an operation: 422, every problem named by where it is."""
    assert isinstance(exc, RequestValidationError)
    said = "; ".join(
        f"{'.'.join(str(part) for part in error['loc'])}: {error['msg']}" for error in exc.errors()
    )
    return JSONResponse({"detail": said or "the request does not fit"}, 422)


async def _sign_in(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, SignIn)
    return RedirectResponse(sign_in_address(exc.path), 303)
