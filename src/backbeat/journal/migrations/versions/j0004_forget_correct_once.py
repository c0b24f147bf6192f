"""Records can be taken back and written once: deletions and corrections are kept as records of
their own (``forgotten``), a session grows under one key as it is played, entries remember when
they were added (for undo), and a write's one-time key keeps its first answer (``write_once``).

Revision ID: j0004
Revises: j0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "j0004"
down_revision: str | None = "j0003"
branch_labels = None
depends_on = None

ENTRIES = ("move_checkin", "morning_checkin", "guided_session", "weekly_review")
GROWING = ("move_checkin", "guided_session")


def upgrade() -> None:
    for table in ENTRIES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("added", sa.DateTime, nullable=True))
            if table in GROWING:
                batch.add_column(sa.Column("key", sa.String(120), nullable=True))
            if table == "guided_session":
                batch.add_column(sa.Column("unfinished", sa.Boolean, nullable=True))
        op.create_index(f"ix_{table}_added", table, ["person_id", "added"])
        if table in GROWING:
            op.create_index(f"ix_{table}_key", table, ["person_id", "key"], unique=True)
    op.create_table(
        "forgotten",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("person_id", sa.Integer, sa.ForeignKey("person.id"), nullable=False, index=True),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False, index=True),
        sa.Column("utc_offset", sa.Integer, nullable=True),
        sa.Column("target", sa.String(12), nullable=False, index=True),
        sa.Column("was", sa.Text, nullable=False),
        sa.Column("corrected", sa.String(12), nullable=True),
        sa.UniqueConstraint("person_id", "digest"),
    )
    op.create_table(
        "write_once",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("person_id", sa.Integer, sa.ForeignKey("person.id"), nullable=False),
        sa.Column("key", sa.String(80), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False, index=True),
        sa.Column("answer", sa.Text, nullable=False),
        sa.UniqueConstraint("person_id", "key"),
    )


def downgrade() -> None:
    op.drop_table("write_once")
    op.drop_table("forgotten")
    for table in ENTRIES:
        op.drop_index(f"ix_{table}_added", table)
        if table in GROWING:
            op.drop_index(f"ix_{table}_key", table)
        with op.batch_alter_table(table) as batch:
            batch.drop_column("added")
            if table in GROWING:
                batch.drop_column("key")
            if table == "guided_session":
                batch.drop_column("unfinished")
