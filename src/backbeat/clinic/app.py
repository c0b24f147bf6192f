"""The clinic server: one app per worker over the clinic's PostgreSQL database.

Stateless between requests: sessions, failed log-ins, one-time links and passkey challenges are
rows of the database, so any number of workers (``backbeat clinic serve --workers N``), on one
machine or several behind a proxy, share the load. The routes live in their own modules (the
API in ``api``, the patients' own app in ``patients``); who may reach what is ``doors``.
"""

import os
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from sqlalchemy import Engine

from backbeat.catalog.catalogue import Catalogue
from backbeat.clinic import api
from backbeat.clinic.db import DB_VARIABLE, PROXIES_VARIABLE, connect, up_to_date
from backbeat.clinic.doors import Doors


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
) -> FastAPI:
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
    app.state.doors = Doors(engine, catalogue, clock, tuple(trusted))
    for router in (api.router,):
        # The routes themselves, not FastAPI's lazy include: the isolation tests and the OpenAPI
        # document read the app's route table, and every route must be in it.
        app.router.routes.extend(router.routes)

    @app.get("/setup/{token}", include_in_schema=False)
    def setup_page(token: str) -> HTMLResponse:
        return HTMLResponse(SETUP_PAGE)

    return app


SETUP_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>backbeat: set your password</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1>Set your password</h1>
<form id="setup"><label>Password (at least 10 characters)
<input type="password" name="password" minlength="10" required autocomplete="new-password"></label>
<button>Save</button></form><p id="said" role="status"></p></main>
<script>
document.getElementById("setup").addEventListener("submit", async (event) => {
  event.preventDefault();
  const token = location.pathname.split("/").pop();
  const password = new FormData(event.target).get("password");
  const answer = await fetch(`/api/v1/setup/${token}`, {method: "POST",
    headers: {"content-type": "application/json"}, body: JSON.stringify({password})});
  document.getElementById("said").textContent = answer.ok
    ? "Done: sign in with your e-mail and this password." : (await answer.json()).detail;
});
</script></body></html>
"""
