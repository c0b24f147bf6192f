"""Journal databases for the tests: each test gets an empty one of every kind."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from backbeat.journal.db import connect, upgrade


@pytest.fixture
def engine_at(database_url: str) -> Iterator[Engine]:
    """An engine on an empty database, before any migration."""
    made = connect(database_url)
    yield made
    made.dispose()


@pytest.fixture
def engine(engine_at: Engine) -> Engine:
    """A journal database at the newest schema."""
    upgrade(engine_at)
    return engine_at
