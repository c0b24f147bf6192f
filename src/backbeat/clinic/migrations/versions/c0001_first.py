"""The clinic's first tables: clinics, accounts, sessions, failed log-ins, one-time links,
programmes and the audit log.

Revision ID: c0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "c0001"
down_revision = None
branch_labels = None
depends_on = None

WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "clinic_clinics",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("created", WHEN, nullable=False),
    )
    op.create_table(
        "clinic_accounts",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("email", sa.String(320), nullable=False, unique=True),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("clinic_id", sa.Integer, sa.ForeignKey("clinic_clinics.id"), nullable=False),
        sa.Column("password", sa.Text, nullable=True),
        sa.Column("created", WHEN, nullable=False),
        sa.Column("invited_by", sa.String(32), nullable=True),
    )
    account = sa.ForeignKey("clinic_accounts.id")
    op.create_table(
        "clinic_sessions",
        sa.Column("token", sa.String(64), primary_key=True),
        sa.Column("account_id", sa.String(32), account, nullable=False),
        sa.Column("created", WHEN, nullable=False),
        sa.Column("expires", WHEN, nullable=False),
    )
    op.create_table(
        "clinic_failures",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("at", WHEN, nullable=False),
    )
    op.create_index("clinic_failures_email_at", "clinic_failures", ["email", "at"])
    op.create_table(
        "clinic_links",
        sa.Column("token", sa.String(64), primary_key=True),
        sa.Column("account_id", sa.String(32), sa.ForeignKey("clinic_accounts.id"), nullable=False),
        sa.Column("expires", WHEN, nullable=False),
        sa.Column("used", WHEN, nullable=True),
    )
    op.create_table(
        "clinic_programmes",
        sa.Column(
            "patient_id", sa.String(32), sa.ForeignKey("clinic_accounts.id"), primary_key=True
        ),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("updated", WHEN, nullable=False),
        sa.Column("updated_by", sa.String(32), sa.ForeignKey("clinic_accounts.id"), nullable=False),
    )
    op.create_table(
        "clinic_audit",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", WHEN, nullable=False),
        sa.Column("actor_id", sa.String(32), sa.ForeignKey("clinic_accounts.id"), nullable=False),
        sa.Column("patient_id", sa.String(32), sa.ForeignKey("clinic_accounts.id"), nullable=False),
        sa.Column("action", sa.String(200), nullable=False),
    )
    op.create_index("clinic_audit_patient_at", "clinic_audit", ["patient_id", "at"])


def downgrade() -> None:
    for table in (
        "clinic_audit",
        "clinic_programmes",
        "clinic_links",
        "clinic_failures",
        "clinic_sessions",
        "clinic_accounts",
        "clinic_clinics",
    ):
        op.drop_table(table)
