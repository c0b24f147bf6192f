"""The journal: what a person did and how their back felt, kept durably in SQLite (or
PostgreSQL for a server) through SQLAlchemy, with Alembic migrations that upgrade in place."""
