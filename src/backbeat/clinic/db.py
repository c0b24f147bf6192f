"""The clinic's database: PostgreSQL only, its schema brought up to date by ``clinic migrate``
(the journal's tables by the journal's migrations, the clinic's by its own history)."""

from __future__ import annotations

from sqlalchemy import Engine, create_engine, inspect, make_url, text
from sqlalchemy.exc import ArgumentError

from backbeat.clinic.schema import HEAD, VERSION_TABLE

DB_VARIABLE = "BACKBEAT_CLINIC_DB_URL"  # how ``clinic serve`` tells each worker its database
PROXIES_VARIABLE = "BACKBEAT_CLINIC_TRUSTED_PROXIES"  # and the proxies it believes, by comma
NOT_POSTGRES = (
    "a clinic needs PostgreSQL (many workers write at once): give --db "
    "postgresql+psycopg://USER:PASSWORD@HOST/DATABASE"
)


class Refused(ValueError):
    """A database address a clinic cannot use, in one sentence."""


def connect(url: str) -> Engine:
    """An engine on the clinic's PostgreSQL database; anything else is ``Refused``."""
    try:
        parsed = make_url(url)
    except ArgumentError as error:
        raise Refused(f"{url!r} is not a database URL ({NOT_POSTGRES})") from error
    if parsed.get_backend_name() != "postgresql":
        raise Refused(NOT_POSTGRES)
    # A connection for each of the worker's threads that may ask at once (Starlette's pool has
    # 40): a request never waits for another's connection. Connections are renewed every five
    # minutes rather than tested before each use, which would be a round trip per request.
    return create_engine(parsed, pool_size=20, max_overflow=30, pool_recycle=300)


def migrate(engine: Engine) -> None:
    """The journal's tables, then the clinic's, at their newest revisions."""
    from alembic import command
    from alembic.config import Config

    from backbeat.journal.db import upgrade

    upgrade(engine)
    config = Config()
    config.set_main_option("script_location", "backbeat.clinic:migrations")
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def version(engine: Engine) -> str | None:
    """The clinic schema's revision; None before the first ``clinic migrate``."""
    with engine.connect() as connection:
        if not inspect(connection).has_table(VERSION_TABLE):
            return None
        found = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()
        return str(found) if found is not None else None


def up_to_date(engine: Engine) -> bool:
    from backbeat.journal.db import HEAD as JOURNAL_HEAD
    from backbeat.journal.db import version as journal_version

    return version(engine) == HEAD and journal_version(engine) == JOURNAL_HEAD
