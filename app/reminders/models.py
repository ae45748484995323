import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.core.db.types import UTCDateTime, utcnow, uuid7


class ReminderStatus(StrEnum):
    scheduled = "scheduled"
    sent = "sent"
    failed = "failed"
    skipped = "skipped"  # more than the grace period late when a worker got to it
    cancelled = "cancelled"  # its occurrence was cancelled


class SourceType(StrEnum):
    event = "event"
    deadline = "deadline"
    milestone = "milestone"
    task = "task"


class Reminder(SQLModel, table=True):
    """One scheduled instance of a reminder rule: a row, not a scheduler job (docs/architecture.md).

    Derived from its item's series and reminder rules inside the horizon, and rewritten in the
    same transaction as any edit of the item; the worker claims due rows."""

    __tablename__ = "reminders"
    __table_args__ = (
        # Source id first: it also serves every query by source id alone (GET ?source_id=),
        # so no separate index on it has to grow with each of the ~100,000 rows per horizon.
        sa.UniqueConstraint("source_id", "source_type", "recurrence_id", "rule_key"),
        # The dispatcher's query (scheduled rows by due time) and the clean-up's (history
        # rows past retention).
        sa.Index("ix_reminders_due", "status", "due_at"),
    )

    id: uuid.UUID = Field(default_factory=uuid7, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    network_id: uuid.UUID = Field(index=True)
    source_type: str = Field(max_length=20)
    # The event, deadline or task; for a milestone, its deadline.
    source_id: uuid.UUID
    recurrence_id: str = Field(max_length=32)
    # Which rule: "r0" for the item's first rule, "m1.r0" for milestone 1's first rule.
    rule_key: str = Field(max_length=20)
    offset: str = Field(max_length=40)
    title: str = Field(max_length=300)
    timezone: str = Field(max_length=64)
    all_day: bool = False
    item_at: datetime = Field(sa_type=UTCDateTime)
    due_at: datetime = Field(sa_type=UTCDateTime)
    channels: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    recipients: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    status: str = Field(default=ReminderStatus.scheduled, max_length=20)
    attempts: int = 0
    last_error: str | None = Field(default=None, max_length=1000)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # An email reminder is claimed by one worker until `claimed_until` (a lease).
    claim_token: str | None = Field(default=None, max_length=40)
    claimed_until: datetime | None = Field(default=None, sa_type=UTCDateTime)


class DeliveryStatus(StrEnum):
    accepted = "accepted"  # the SMTP server took the message: never sent again
    refused = "refused"  # a permanent (5xx) refusal of this address: not retried
    retrying = "retrying"  # a temporary failure: retried with the reminder
    failed = "failed"  # still failing when the reminder ran out of attempts


class ReminderDelivery(SQLModel, table=True):
    """One recipient's outcome of an email reminder, written as it happens (each acceptance
    committed before the next message), so a retry or a restarted worker sends only to
    those the server has not accepted yet."""

    __tablename__ = "reminder_deliveries"

    reminder_id: uuid.UUID = Field(
        primary_key=True,
        sa_column_args=[sa.ForeignKey("reminders.id", ondelete="CASCADE")],
    )
    person_id: uuid.UUID = Field(primary_key=True)
    status: str = Field(max_length=20)
    attempts: int = 0
    # The server's reply (code and text), never the address: erasure need not find it here.
    last_error: str | None = Field(default=None, max_length=500)
    accepted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
