"""The clinic server: one app per worker over the clinic's PostgreSQL database.

Stateless between requests: sessions, failed log-ins, one-time links and passkey challenges are
rows of the database, so any number of workers (``backbeat clinic serve --workers N``), on one
machine or several behind a proxy, share the load. The routes live in their own modules (the
API in ``api``, the patients' own app in ``patients``); who may reach what is ``doors``.
"""

import os
import tempfile
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import RedirectResponse
from sqlalchemy import Engine
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route

from backbeat.catalog.catalogue import Catalogue
from backbeat.clinic import api, front
from backbeat.clinic.db import DB_VARIABLE, PROXIES_VARIABLE, connect, up_to_date
from backbeat.clinic.doors import Doors
from backbeat.clinic.pages import SignIn, sign_in_address
from backbeat.clinic.patients import PatientApps
from backbeat.web.app import VersionedStatic, icon
from backbeat.web.site import STATIC


def from_environ() -> FastAPI:
    """The app for ``uvicorn --factory`` in each worker: the database and trusted proxies from
    the environment ``backbeat clinic serve`` sets."""
    proxies = [p for p in os.environ.get(PROXIES_VARIABLE, "").split(",") if p]
    return create_app(connect(os.environ[DB_VARIABLE]), trusted=proxies)


def create_app(
    engine: Engine,
    *,
    trusted: Sequence[str] = (),
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    catalogue: Catalogue | None = None,
    folder: Path | None = None,
) -> FastAPI:
    """The clinic's app for one worker. ``folder`` holds what the patients' apps read from the
    disk, made from the database (a temporary folder of this worker's by default)."""
    if not up_to_date(engine):
        raise RuntimeError("the clinic's database is not up to date: run backbeat clinic migrate")
    if catalogue is None:
        from backbeat.catalog.loader import builtin

        catalogue = builtin()
    app = FastAPI(
        title="backbeat clinic",
        description="A clinic's backbeat: clinicians prescribe programmes, patients follow.",
        version="1",
        openapi_url="/api/v1/openapi.json",
        docs_url="/api/v1/docs",
        redoc_url=None,
    )
    doors = app.state.doors = Doors(engine, catalogue, clock, tuple(trusted))
    for router in (api.router, front.router):
        # The routes themselves, not FastAPI's lazy include: the isolation tests and the OpenAPI
        # document read the app's route table, and every route must be in it.
        app.router.routes.extend(router.routes)
    app.router.routes.append(Mount("/static", VersionedStatic(directory=STATIC), name="static"))
    app.router.routes.append(Route("/favicon.ico", icon))
    home = folder or Path(tempfile.mkdtemp(prefix="backbeat-clinic-"))
    app.router.routes.append(Mount("/", PatientApps(doors, home)))
    app.add_exception_handler(SignIn, _sign_in)
    return app


async def _sign_in(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, SignIn)
    return RedirectResponse(sign_in_address(exc.path), 303)
