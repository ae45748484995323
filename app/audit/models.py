"""The audit log table. Rows are only ever inserted; `prev_hash`/`hash` chain them."""

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.core.db.types import UTCDateTime

# SQLite only auto-increments a column declared exactly INTEGER PRIMARY KEY.
BigIntId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


class AuditEntry(SQLModel, table=True):
    """Who did what to which resource, when and from where. Field NAMES only, never values:
    no personal data or secret can enter an append-only chain that must never be rewritten."""

    __tablename__ = "audit_log"
    __table_args__ = (
        sa.Index("ix_audit_log_resource", "resource_type", "resource_id"),
        sa.Index("ix_audit_log_network_id_seq", "network_id", "seq"),
    )

    # Assigned under the chain lock (app/audit/service.py), so it is commit order.
    seq: int = Field(sa_column=sa.Column(BigIntId, primary_key=True, autoincrement=False))
    id: uuid.UUID = Field(unique=True)
    occurred_at: datetime = Field(sa_type=UTCDateTime, index=True)
    actor: str = Field(max_length=500, index=True)  # OIDC: "<issuer>|<sub>"
    actor_client_id: uuid.UUID | None = Field(default=None)
    role: str | None = Field(default=None, max_length=20)
    ip: str | None = Field(default=None, max_length=64)
    user_agent: str | None = Field(default=None, max_length=300)
    request_id: str | None = Field(default=None, max_length=100)
    action: str = Field(max_length=30)
    resource_type: str = Field(max_length=50)
    resource_id: str | None = Field(default=None, max_length=200)
    subject: str | None = Field(default=None, max_length=300)
    network_id: uuid.UUID | None = Field(default=None)
    fields: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64, unique=True)


class AuditChainHead(SQLModel, table=True):
    """The last entry's seq and hash, one row (PostgreSQL appends through it): one
    ``UPDATE ... RETURNING`` takes the chain's lock and reads its head; SQLite, one writer at
    a time, reads the head from `audit_log` itself."""

    __tablename__ = "audit_chain_head"

    id: int = Field(default=1, primary_key=True)
    seq: int = Field(sa_type=sa.BigInteger)
    hash: str = Field(max_length=64)
