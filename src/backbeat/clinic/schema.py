"""The clinic's tables, apart from the journal's: clinics, accounts, and everything a worker
must share with the others (sessions, failed log-ins, one-time links), programmes and the
audit log. Every name starts with ``clinic_``; the journal's tables are untouched."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

VERSION_TABLE = "clinic_alembic_version"
HEAD = "c0002"  # the newest migration; a test checks it against Alembic's own view
ROLES = ("admin", "clinician", "patient")

metadata = MetaData()

clinics = Table(
    "clinic_clinics",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("created", DateTime(timezone=True), nullable=False),
)

accounts = Table(
    "clinic_accounts",
    metadata,
    Column("id", String(32), primary_key=True),  # random: it appears in addresses
    Column("email", String(320), nullable=False, unique=True),
    Column("role", String(20), nullable=False),
    Column("clinic_id", Integer, ForeignKey("clinic_clinics.id"), nullable=False),
    Column("password", Text, nullable=True),  # Argon2id; None until the set-up link is used
    Column("created", DateTime(timezone=True), nullable=False),
    Column("invited_by", String(32), nullable=True),
)

sessions = Table(
    "clinic_sessions",
    metadata,
    Column("token", String(64), primary_key=True),  # SHA-256 of the cookie's value
    Column("account_id", String(32), ForeignKey("clinic_accounts.id"), nullable=False),
    Column("created", DateTime(timezone=True), nullable=False),
    Column("expires", DateTime(timezone=True), nullable=False),
    Column("agent", String(300), nullable=True),  # the browser's User-Agent, to name the device
    Column("seen", DateTime(timezone=True), nullable=True),  # last request, to the minute
    Column("how", String(20), nullable=True),  # "password" or "passkey"
)

failures = Table(
    "clinic_failures",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("email", String(320), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Index("clinic_failures_email_at", "email", "at"),
)

links = Table(
    "clinic_links",
    metadata,
    Column("token", String(64), primary_key=True),  # SHA-256 of the link's token
    Column("account_id", String(32), ForeignKey("clinic_accounts.id"), nullable=False),
    Column("expires", DateTime(timezone=True), nullable=False),
    Column("used", DateTime(timezone=True), nullable=True),
)

programmes = Table(
    "clinic_programmes",
    metadata,
    Column("patient_id", String(32), ForeignKey("clinic_accounts.id"), primary_key=True),
    Column("body", Text, nullable=False),  # the programme file's text
    Column("updated", DateTime(timezone=True), nullable=False),
    Column("updated_by", String(32), ForeignKey("clinic_accounts.id"), nullable=False),
)

audit = Table(
    "clinic_audit",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor_id", String(32), ForeignKey("clinic_accounts.id"), nullable=False),
    Column("patient_id", String(32), ForeignKey("clinic_accounts.id"), nullable=False),
    Column("action", String(200), nullable=False),
    Index("clinic_audit_patient_at", "patient_id", "at"),
)

secrets = Table(
    "clinic_secrets",
    metadata,
    Column("name", String(40), primary_key=True),
    Column("value", String(128), nullable=False),
)
"""Values every worker must share and no one else may know (the key the patients' form tokens
are made with), made once by the first worker that needs them."""

passkeys = Table(
    "clinic_passkeys",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("account_id", String(32), ForeignKey("clinic_accounts.id"), nullable=False),
    Column("credential_id", String(1400), nullable=False, unique=True),  # base64url
    Column("public_key", Text, nullable=False),  # base64url of the COSE key
    Column("sign_count", Integer, nullable=False),
    Column("name", String(100), nullable=False),
    Column("created", DateTime(timezone=True), nullable=False),
    Column("used", DateTime(timezone=True), nullable=True),
)

challenges = Table(
    "clinic_challenges",
    metadata,
    Column("token", String(64), primary_key=True),  # SHA-256 of the ceremony's token
    Column("account_id", String(32), ForeignKey("clinic_accounts.id"), nullable=True),
    Column("purpose", String(20), nullable=False),  # "register" or "sign-in"
    Column("challenge", String(200), nullable=False),  # base64url
    Column("expires", DateTime(timezone=True), nullable=False),
)
"""WebAuthn challenges between the two requests of a ceremony: in the database, so that the
second request may reach another worker."""
