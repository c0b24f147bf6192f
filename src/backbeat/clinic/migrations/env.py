"""Alembic's entry point for the clinic's own tables: migrate on the connection that
``backbeat.clinic.db`` hands over, keeping the history in ``clinic_alembic_version`` so it
never meets the journal's (``alembic_version``)."""

from __future__ import annotations

from alembic import context

from backbeat.clinic.schema import VERSION_TABLE, metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, version_table=VERSION_TABLE)
with context.begin_transaction():
    context.run_migrations()
