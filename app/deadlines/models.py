import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field

from app.core.db.base import TableBase, fk
from app.core.db.types import UTCDateTime


class Outcome(StrEnum):
    decided = "decided"
    postponed = "postponed"
    cancelled = "cancelled"


class Deadline(TableBase, table=True):
    """A decision deadline (päätöksen määräaika): a series whose occurrences are due times."""

    __tablename__ = "deadlines"

    network_id: uuid.UUID = fk("networks.id")
    partner_id: uuid.UUID | None = fk("partners.id", nullable=True)
    event_id: uuid.UUID | None = fk("events.id", nullable=True, ondelete="SET NULL")
    title: str = Field(max_length=300)
    description: str | None = Field(default=None, max_length=10_000)
    decision_body: str | None = Field(default=None, max_length=200)
    # The wheel's ring, as for events.
    category: str | None = Field(default=None, max_length=100, index=True)
    all_day: bool = False
    timezone: str = Field(max_length=64)
    # Naive local wall time in `timezone` (midnight for a due date).
    due_local: datetime = Field(sa_type=sa.DateTime(timezone=False))
    rrule: str | None = Field(default=None, max_length=1000)
    exdates: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    # [{"name", "offset", "reminders": [...]}]
    milestones: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON)
    reminders: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON)
    span_start: datetime = Field(sa_type=UTCDateTime, index=True)
    span_end: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)


class DeadlineDecision(TableBase, table=True):
    """The outcome of one deadline occurrence, keyed by its recurrence id."""

    __tablename__ = "deadline_decisions"
    __table_args__ = (sa.UniqueConstraint("deadline_id", "recurrence_id"),)

    deadline_id: uuid.UUID = fk("deadlines.id", ondelete="CASCADE", index=False)
    recurrence_id: str = Field(max_length=32)
    outcome: str = Field(max_length=20)
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    summary: str | None = Field(default=None, max_length=10_000)
    reference_url: str | None = Field(default=None, max_length=2000)
    # A postponed occurrence's new due time, naive local.
    new_due_local: datetime | None = Field(default=None, sa_type=sa.DateTime(timezone=False))
