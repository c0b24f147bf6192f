"""Opening the journal's database: where it is, how SQLite is set up, and migrating in place.

SQLite runs in WAL mode with foreign keys on and a generous busy timeout, so the reminder daemon
and the web app can write at the same time without losing a record.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event

BUSY_TIMEOUT_MS = 10_000
HEAD = "j0003"  # the newest migration; a test checks it against Alembic's own view


def journal_url(environ: Mapping[str, str], home: Path) -> str:
    """``BACKBEAT_DB_URL``, or a SQLite file in the data folder."""
    return environ.get("BACKBEAT_DB_URL") or f"sqlite:///{home / 'backbeat.db'}"


def connect(url: str) -> Engine:
    """An engine for ``url``; a SQLite file's folder is made when missing."""
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        database = engine.url.database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _begin_immediate)
    return engine


def _begin_immediate(connection: Any) -> None:
    """Take the write lock when a transaction starts, waiting (busy timeout) for another writer,
    instead of failing at once when a read turns into a write after someone else wrote."""
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    connection.isolation_level = None  # transactions are begun by _begin_immediate, not the driver
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.close()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database to ``revision``: a new one is created, an older one upgraded in place."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "backbeat.journal:migrations")
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def version(engine: Engine) -> str | None:
    """The schema revision the database is at; None for a new database."""
    from sqlalchemy import inspect, text

    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def open_database(url: str) -> Engine:
    """An engine on a journal at the newest schema. Alembic (slow to import) is only loaded
    when there is something to create or upgrade, so everyday commands start quickly."""
    engine = connect(url)
    if version(engine) != HEAD:
        upgrade(engine)
    return engine
