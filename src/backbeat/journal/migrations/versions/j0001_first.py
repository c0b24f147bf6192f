"""The first journal: people, movement and morning check-ins, and sessions.

Revision ID: j0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.schema import SchemaItem

revision = "j0001"
down_revision: str | None = None
branch_labels = None
depends_on = None


def _who_and_when(at: str) -> list[sa.Column[object]]:
    return [
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("person_id", sa.Integer, sa.ForeignKey("person.id"), nullable=False, index=True),
        sa.Column(at, sa.DateTime, nullable=False, index=True),
        sa.Column("utc_offset", sa.Integer, nullable=True),
    ]


def _fingerprint() -> list[SchemaItem]:
    """A digest of every field, unique per person: the same record is stored once."""
    return [
        sa.Column("digest", sa.String(64), nullable=False),
        sa.UniqueConstraint("person_id", "digest"),
    ]


def upgrade() -> None:
    op.create_table(
        "person",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(80), nullable=False, unique=True),
        sa.Column("created", sa.DateTime, nullable=False),
    )
    op.create_table(
        "move_checkin",
        *_who_and_when("at"),
        sa.Column("move", sa.String(60), nullable=False),
        sa.Column("pain_during", sa.Integer, nullable=True),
        sa.Column("pain_after", sa.Integer, nullable=True),
        sa.Column("sharp", sa.Boolean, nullable=False),
        sa.Column("difficulty", sa.String(8), nullable=True),
        sa.Column("hurt", sa.Boolean, nullable=False),
        *_fingerprint(),
    )
    op.create_table(
        "morning_checkin",
        *_who_and_when("at"),
        sa.Column("pain", sa.Integer, nullable=False),
        sa.Column("stiffness", sa.Integer, nullable=True),
        *_fingerprint(),
    )
    op.create_table(
        "session",
        *_who_and_when("started"),
        sa.Column("ended", sa.DateTime, nullable=False),
        sa.Column("done", sa.Text, nullable=False),
        sa.Column("skipped", sa.Text, nullable=False),
        sa.Column("hurt", sa.Text, nullable=False),
        sa.Column("ended_early", sa.Boolean, nullable=False),
        sa.UniqueConstraint("person_id", "started"),
    )


def downgrade() -> None:
    for table in ("session", "morning_checkin", "move_checkin", "person"):
        op.drop_table(table)
