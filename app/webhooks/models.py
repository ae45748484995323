import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.core.db.base import TableBase, fk
from app.core.db.types import UTCDateTime, utcnow, uuid7


class WebhookEndpoint(TableBase, table=True):
    """A receiver of a network's notifications, with its own position in the outbox.

    Deliveries leave strictly in notification order: the endpoint's cursor only moves past a
    notification once the receiver has taken it (or its retries are exhausted)."""

    __tablename__ = "webhook_endpoints"

    network_id: uuid.UUID = fk("networks.id")
    url: str = Field(max_length=2000)
    event_types: list[str] = Field(default_factory=lambda: ["*"], sa_type=sa.JSON)
    description: str | None = Field(default=None, max_length=500)
    contact_email: str | None = Field(default=None, max_length=320)
    enabled: bool = True
    disabled_reason: str | None = Field(default=None, max_length=500)
    # Secrets are encrypted at rest (Fernet, key derived from VUOSIKELLO_SECRET_KEY).
    secret_encrypted: str = Field(max_length=500)
    previous_secret_encrypted: str | None = Field(default=None, max_length=500)
    previous_secret_expires_at: datetime | None = Field(default=None, sa_type=UTCDateTime)

    # Delivery state: the last notification taken, and the retry state of the next one.
    cursor_txid: int = Field(default=0, sa_type=sa.BigInteger)
    cursor_seq: int = Field(default=0, sa_type=sa.BigInteger)
    head_attempts: int = 0
    next_attempt_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    failing_since: datetime | None = Field(default=None, sa_type=UTCDateTime)
    lease_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    lease_owner: str | None = Field(default=None, max_length=100)


class WebhookAttempt(SQLModel, table=True):
    """One HTTP attempt to deliver one notification (or a ping) to one endpoint."""

    __tablename__ = "webhook_attempts"
    __table_args__ = (sa.Index("ix_webhook_attempts_endpoint_id_id", "endpoint_id", "id"),)

    id: uuid.UUID = Field(default_factory=uuid7, primary_key=True)
    endpoint_id: uuid.UUID = Field(
        sa_column_args=[sa.ForeignKey("webhook_endpoints.id", ondelete="CASCADE")]
    )
    notification_id: uuid.UUID
    notification_type: str = Field(max_length=100)
    attempt: int
    status_code: int | None = None
    duration_ms: int
    outcome: str = Field(max_length=20)  # succeeded, failed, gave_up
    error: str | None = Field(default=None, max_length=500)
    response_excerpt: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
