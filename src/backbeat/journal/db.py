"""Opening the journal's database: where it is, how SQLite is set up, and migrating in place.

SQLite runs in WAL mode with foreign keys on. Reads begin plain (deferred) transactions, which
in WAL mode read a snapshot and never wait for a writer; only writes begin ``IMMEDIATE``, taking
the write lock at once and waiting for another program's write at most as long as they are
told (``WRITE_WAIT_S``), so the reminder daemon, the commands and the web app can all write
without losing a record, and a write that cannot get the lock in time says so (``Busy``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, make_url

from backbeat.journal.access import HEAD as HEAD
from backbeat.journal.access import KEEP_WAIT_S as KEEP_WAIT_S
from backbeat.journal.access import PATIENT_WAIT_S as PATIENT_WAIT_S
from backbeat.journal.access import WRITE_WAIT_S as WRITE_WAIT_S
from backbeat.journal.access import Busy as Busy
from backbeat.journal.access import is_busy as is_busy
from backbeat.journal.access import journal_url as journal_url

POOL_OVERFLOW = 40  # SQLite connections beyond the pool's five: one for each web worker thread
WRITE = "backbeat_write"  # the execution option that makes a transaction a write: its wait


def connect(url: str) -> Engine:
    """An engine for ``url``; a SQLite file's folder is made when missing."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(parsed)
    database = parsed.database
    in_file = bool(database) and database != ":memory:"
    engine = create_engine(parsed, **({"max_overflow": POOL_OVERFLOW} if in_file else {}))
    if in_file:
        Path(str(database)).parent.mkdir(parents=True, exist_ok=True)
    event.listen(engine, "connect", _sqlite_pragmas)
    event.listen(engine, "begin", _begin)
    return engine


def writing(engine: Engine, wait: float) -> Engine:
    """``engine`` for a write: its transactions take the write lock as they begin, waiting up to
    ``wait`` seconds for another program's (SQLite; elsewhere the same engine's way)."""
    return engine.execution_options(**{WRITE: wait})


def _begin(connection: Any) -> None:
    """A read begins deferred (a snapshot, no lock); a write begins IMMEDIATE, so it waits for
    another writer here (up to its wait) instead of failing later, when a read turns into a
    write after someone else wrote. (A read in WAL mode waits only in the rare moment another
    program is recovering the log after a crash, and then at most ``WRITE_WAIT_S``.)"""
    wait = connection.get_execution_options().get(WRITE)
    milliseconds = round((WRITE_WAIT_S if wait is None else wait) * 1000)
    info = connection.connection.info  # kept with the driver's connection across checkouts
    if info.get(WRITE) != milliseconds:  # set again only after a write of another wait
        connection.exec_driver_sql(f"PRAGMA busy_timeout = {milliseconds}")
        info[WRITE] = milliseconds
    connection.exec_driver_sql("BEGIN" if wait is None else "BEGIN IMMEDIATE")


def _sqlite_pragmas(connection: Any, record: Any) -> None:
    connection.isolation_level = None  # transactions are begun by _begin, not the driver
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute(f"PRAGMA busy_timeout = {round(WRITE_WAIT_S * 1000)}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.close()
    record.info[WRITE] = round(WRITE_WAIT_S * 1000)


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database to ``revision``: a new one is created, an older one upgraded in place."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "backbeat.journal:migrations")
    with writing(engine, PATIENT_WAIT_S).begin() as connection:
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
