"""Alembic migrations for the journal, run in place on first use (see ``backbeat.journal.db``)."""
