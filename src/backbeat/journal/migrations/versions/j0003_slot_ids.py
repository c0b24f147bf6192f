"""Slots have ids: a session's and a reminder's ``slot`` holds ``2026-11-30/desk-1030``.

A slot id is its date, its moment's name and, for a moment that comes more than once a day, its
time: longer than the 40 characters a moment's name needed.

Revision ID: j0003
Revises: j0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "j0003"
down_revision: str | None = "j0002"
branch_labels = None
depends_on = None

COLUMNS = (("guided_session", True), ("reminder", False))


def upgrade() -> None:
    for table, nullable in COLUMNS:
        with op.batch_alter_table(table) as batch:
            batch.alter_column(
                "slot", type_=sa.String(80), existing_type=sa.String(40), existing_nullable=nullable
            )


def downgrade() -> None:
    for table, nullable in COLUMNS:
        with op.batch_alter_table(table) as batch:
            batch.alter_column(
                "slot", type_=sa.String(40), existing_type=sa.String(80), existing_nullable=nullable
            )
