import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.core.db.base import TableBase, fk
from app.core.db.types import UTCDateTime


class EventStatus(StrEnum):
    confirmed = "confirmed"
    tentative = "tentative"
    cancelled = "cancelled"


class Event(TableBase, table=True):
    """A series on the wheel. Local wall time plus IANA zone is the truth; UTC is derived."""

    __tablename__ = "events"

    network_id: uuid.UUID = fk("networks.id")
    group_id: uuid.UUID | None = fk("groups.id", nullable=True)
    # Stable iCal UID, random so it reveals nothing.
    uid: str = Field(max_length=100, unique=True)
    title: str = Field(max_length=300)
    description: str | None = Field(default=None, max_length=10_000)
    location: str | None = Field(default=None, max_length=500)
    category: str | None = Field(default=None, max_length=100, index=True)
    url: str | None = Field(default=None, max_length=2000)
    status: EventStatus = Field(default=EventStatus.confirmed, sa_type=sa.String(20))
    all_day: bool = False
    timezone: str = Field(max_length=64)
    # Naive local wall times in `timezone` (midnight for all-day items; end is exclusive).
    start_local: datetime = Field(sa_type=sa.DateTime(timezone=False))
    end_local: datetime = Field(sa_type=sa.DateTime(timezone=False))
    rrule: str | None = Field(default=None, max_length=1000)
    exdates: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    # Derived UTC bounds of the whole series, so window queries can use an index.
    span_start: datetime = Field(sa_type=UTCDateTime, index=True)
    span_end: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    # iCal SEQUENCE: rises when time, recurrence or status changes.
    sequence: int = 0
    # Reminder rules, like VALARMs inside a VEVENT (app/reminders).
    reminders: list[dict[str, Any]] = Field(
        default_factory=list, sa_type=sa.JSON, sa_column_kwargs={"server_default": "[]"}
    )


class EventPartner(SQLModel, table=True):
    __tablename__ = "event_partners"

    event_id: uuid.UUID = Field(
        sa_column_args=[sa.ForeignKey("events.id", ondelete="CASCADE")], primary_key=True
    )
    partner_id: uuid.UUID = Field(
        sa_column_args=[sa.ForeignKey("partners.id", ondelete="CASCADE")],
        primary_key=True,
        index=True,
    )


class OccurrenceOverride(TableBase, table=True):
    """Per-occurrence state of a series, keyed by the occurrence's original local start."""

    __tablename__ = "occurrence_overrides"
    __table_args__ = (sa.UniqueConstraint("event_id", "recurrence_id"),)

    event_id: uuid.UUID = fk("events.id", ondelete="CASCADE", index=False)
    recurrence_id: str = Field(max_length=32)
    cancelled: bool = False
    start_local: datetime | None = Field(default=None, sa_type=sa.DateTime(timezone=False))
    end_local: datetime | None = Field(default=None, sa_type=sa.DateTime(timezone=False))
    title: str | None = Field(default=None, max_length=300)
    description: str | None = Field(default=None, max_length=10_000)
    location: str | None = Field(default=None, max_length=500)
