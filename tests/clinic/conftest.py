"""A clinic on a real PostgreSQL server: a fresh schema on BACKBEAT_TEST_PG_URL for each test,
migrated, and its app under Starlette's test client on a clock the test moves. Without the
server the tests are skipped here, and fail in CI (which starts it)."""

from __future__ import annotations

import os
import uuid
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, text

with warnings.catch_warnings():  # Starlette would rather have httpx2; the lock holds httpx
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from backbeat.clinic.app import create_app
from backbeat.clinic.db import connect, migrate

PG_URL = os.environ.get("BACKBEAT_TEST_PG_URL")
START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def need_postgres() -> str:
    if PG_URL is None:
        if os.environ.get("CI"):
            pytest.fail("BACKBEAT_TEST_PG_URL is not set; .ci/run should have started PostgreSQL")
        pytest.skip("BACKBEAT_TEST_PG_URL is not set (scripts/postgres.sh prints one)")
    return PG_URL


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clinic_url() -> Iterator[str]:
    """An empty schema of its own on the test server, dropped afterwards."""
    base = need_postgres()
    name = f"c_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {name}"))
    yield f"{base}?options=-csearch_path%3D{name}"
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA {name} CASCADE"))
    admin.dispose()


@pytest.fixture
def engine(clinic_url: str) -> Iterator[Engine]:
    found = connect(clinic_url)
    migrate(found)
    yield found
    found.dispose()


@pytest.fixture
def clock() -> Clock:
    return Clock(START)


@dataclass
class Clinic:
    engine: Engine
    clock: Clock
    app: Any

    @property
    def catalogue(self) -> Any:
        return self.app.state.doors.catalogue

    def client(self, base: str = "http://clinic.test") -> TestClient:
        return TestClient(self.app, base_url=base, follow_redirects=False)


@pytest.fixture
def clinic(engine: Engine, clock: Clock) -> Clinic:
    from backbeat.catalog.loader import builtin

    app = create_app(engine, trusted=["testclient"], clock=clock, catalogue=builtin())
    return Clinic(engine, clock, app)
