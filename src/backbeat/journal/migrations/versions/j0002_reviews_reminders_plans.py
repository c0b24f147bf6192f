"""Weekly reviews, reminders, profile versions and plans given; sessions keyed like the rest.

The first schema keyed a session by its start alone. Sessions now carry the digest of every
field, as check-ins do, so importing the same session twice adds nothing while a different one
made at the same instant is kept. Rows of the old table (no release wrote any) are carried over.

Revision ID: j0002
Revises: j0001
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import sqlalchemy as sa
from alembic import op

revision = "j0002"
down_revision: str | None = "j0001"
branch_labels = None
depends_on = None


def _stamped(name: str, *columns: sa.Column[object]) -> sa.Table:
    """A table of one kind of record: its person, instant (UTC, offset beside) and digest."""
    return op.create_table(
        name,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("person_id", sa.Integer, sa.ForeignKey("person.id"), nullable=False, index=True),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False, index=True),
        sa.Column("utc_offset", sa.Integer, nullable=True),
        *columns,
        sa.UniqueConstraint("person_id", "digest"),
    )


def upgrade() -> None:
    sessions = _stamped(
        "guided_session",
        sa.Column("ended", sa.String(40), nullable=False),
        sa.Column("slot", sa.String(40), nullable=True),
        sa.Column("planned", sa.Text, nullable=False),
        sa.Column("done", sa.Text, nullable=False),
        sa.Column("skipped", sa.Text, nullable=False),
        sa.Column("stopped", sa.Text, nullable=False),
        sa.Column("ended_early", sa.Boolean, nullable=False),
    )
    _carry_sessions_over(sessions)
    op.drop_table("session")
    _stamped(
        "weekly_review",
        sa.Column("weekly_pain", sa.Integer, nullable=False),
        sa.Column("interference", sa.Integer, nullable=False),
        sa.Column("activity", sa.String(80), nullable=False),
        sa.Column("activity_ability", sa.Integer, nullable=False),
    )
    _stamped(
        "reminder",
        sa.Column("event", sa.String(12), nullable=False),
        sa.Column("slot", sa.String(40), nullable=False),
        sa.Column("due", sa.String(40), nullable=False),
        sa.Column("moves", sa.Text, nullable=False),
    )
    _stamped("profile_version", sa.Column("profile", sa.Text, nullable=False))
    _stamped("plan_given", sa.Column("plan", sa.Text, nullable=False))


def _carry_sessions_over(sessions: sa.Table) -> None:
    old = sa.table(
        "session",
        *(sa.column(name, sa.Integer) for name in ("id", "person_id", "utc_offset")),
        *(sa.column(name, sa.DateTime) for name in ("started", "ended")),
        *(sa.column(name, sa.Text) for name in ("done", "skipped", "hurt")),
        sa.column("ended_early", sa.Boolean),
    )
    connection = op.get_bind()
    for row in connection.execute(sa.select(old)).mappings():
        lists = [json.loads(row[name]) for name in ("done", "skipped", "hurt")]
        connection.execute(
            sessions.insert().values(
                person_id=row["person_id"],
                digest=f"j0001-session-{row['id']}",  # unique; no later record can share it
                at=row["started"],
                utc_offset=row["utc_offset"],
                ended=_local(row["ended"], row["utc_offset"]),
                slot=None,
                planned=json.dumps(list(dict.fromkeys(m for part in lists for m in part))),
                done=json.dumps(lists[0]),
                skipped=json.dumps(lists[1]),
                stopped=json.dumps(lists[2]),
                ended_early=row["ended_early"],
            )
        )


def _local(utc: datetime, offset: int | None) -> str:
    """The old UTC end time as the person's local time, as sessions now keep it."""
    if offset is None:
        return utc.isoformat()
    return utc.replace(tzinfo=UTC).astimezone(timezone(timedelta(minutes=offset))).isoformat()


def downgrade() -> None:
    for table in ("plan_given", "profile_version", "reminder", "weekly_review", "guided_session"):
        op.drop_table(table)
    op.create_table(
        "session",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("person_id", sa.Integer, sa.ForeignKey("person.id"), nullable=False, index=True),
        sa.Column("started", sa.DateTime, nullable=False, index=True),
        sa.Column("utc_offset", sa.Integer, nullable=True),
        sa.Column("ended", sa.DateTime, nullable=False),
        sa.Column("done", sa.Text, nullable=False),
        sa.Column("skipped", sa.Text, nullable=False),
        sa.Column("hurt", sa.Text, nullable=False),
        sa.Column("ended_early", sa.Boolean, nullable=False),
        sa.UniqueConstraint("person_id", "started"),
    )
