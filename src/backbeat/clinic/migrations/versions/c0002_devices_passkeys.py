"""Signed-in devices (a session's browser, last request and way in), passkeys, their
challenges, and the shared secrets of the workers.

Revision ID: c0002
Revises: c0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "c0002"
down_revision = "c0001"
branch_labels = None
depends_on = None

WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.add_column("clinic_sessions", sa.Column("agent", sa.String(300), nullable=True))
    op.add_column("clinic_sessions", sa.Column("seen", WHEN, nullable=True))
    op.add_column("clinic_sessions", sa.Column("how", sa.String(20), nullable=True))
    op.create_table(
        "clinic_secrets",
        sa.Column("name", sa.String(40), primary_key=True),
        sa.Column("value", sa.String(128), nullable=False),
    )
    account = sa.ForeignKey("clinic_accounts.id")
    op.create_table(
        "clinic_passkeys",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("account_id", sa.String(32), account, nullable=False),
        sa.Column("credential_id", sa.String(1400), nullable=False, unique=True),
        sa.Column("public_key", sa.Text, nullable=False),
        sa.Column("sign_count", sa.Integer, nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("created", WHEN, nullable=False),
        sa.Column("used", WHEN, nullable=True),
    )
    op.create_table(
        "clinic_challenges",
        sa.Column("token", sa.String(64), primary_key=True),
        sa.Column("account_id", sa.String(32), sa.ForeignKey("clinic_accounts.id"), nullable=True),
        sa.Column("purpose", sa.String(20), nullable=False),
        sa.Column("challenge", sa.String(200), nullable=False),
        sa.Column("expires", WHEN, nullable=False),
    )


def downgrade() -> None:
    for table in ("clinic_challenges", "clinic_passkeys", "clinic_secrets"):
        op.drop_table(table)
    for column in ("how", "seen", "agent"):
        op.drop_column("clinic_sessions", column)
