"""Each person's newest record of each kind found from an index: a server holding many people's
journals (a clinic) asks, before each of a person's pages, whether their journal changed, and
that question must not read every record they made.

Revision ID: j0005
Revises: j0004
"""

from __future__ import annotations

from alembic import op

revision = "j0005"
down_revision: str | None = "j0004"
branch_labels = None
depends_on = None

TABLES = (
    "move_checkin",
    "morning_checkin",
    "guided_session",
    "weekly_review",
    "reminder",
    "profile_version",
    "plan_given",
    "forgotten",
)


def upgrade() -> None:
    for table in TABLES:
        op.create_index(f"ix_{table}_newest", table, ["person_id", "id"])


def downgrade() -> None:
    for table in TABLES:
        op.drop_index(f"ix_{table}_newest", table)
