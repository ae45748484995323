import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field

from app.core.db.base import TableBase, fk
from app.core.db.types import UTCDateTime


class TaskStatus(StrEnum):
    todo = "todo"
    done = "done"
    skipped = "skipped"


class PreparationTemplate(TableBase, table=True):
    """A named task list relative to an event's start (valmistelupohja)."""

    __tablename__ = "preparation_templates"

    network_id: uuid.UUID = fk("networks.id")
    name: str = Field(max_length=200)
    description: str | None = Field(default=None, max_length=10_000)
    # [{"title", "offset", "role_hint", "reminders": [...]}]
    tasks: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON)
    # Reminder rules for every task of the plan.
    reminders: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON)


class Preparation(TableBase, table=True):
    """A template applied to an event: each occurrence in the horizon gets its tasks."""

    __tablename__ = "preparations"
    __table_args__ = (sa.UniqueConstraint("event_id", "template_id"),)

    network_id: uuid.UUID = fk("networks.id")
    event_id: uuid.UUID = fk("events.id", ondelete="CASCADE")
    template_id: uuid.UUID = fk("preparation_templates.id", ondelete="CASCADE")
    assignee_id: uuid.UUID | None = fk("people.id", nullable=True, ondelete="SET NULL")
    # The event's start when its tasks were last placed: moving the whole series shifts the
    # tasks' recurrence ids along, as the event's own occurrence overrides are.
    anchor_local: datetime | None = Field(default=None, sa_type=sa.DateTime(timezone=False))


class Task(TableBase, table=True):
    """One preparation task of one event occurrence."""

    __tablename__ = "tasks"
    __table_args__ = (sa.UniqueConstraint("preparation_id", "recurrence_id", "position"),)

    network_id: uuid.UUID = fk("networks.id")
    preparation_id: uuid.UUID = fk("preparations.id", ondelete="CASCADE", index=False)
    event_id: uuid.UUID = fk("events.id", ondelete="CASCADE")
    recurrence_id: str = Field(max_length=32)
    position: int
    title: str = Field(max_length=300)
    offset: str = Field(max_length=40)
    role_hint: str | None = Field(default=None, max_length=200)
    assignee_id: uuid.UUID | None = fk("people.id", nullable=True, ondelete="SET NULL")
    status: str = Field(default=TaskStatus.todo, max_length=20)
    timezone: str = Field(max_length=64)
    due_local: datetime = Field(sa_type=sa.DateTime(timezone=False))
    due_at: datetime = Field(sa_type=UTCDateTime, index=True)
    completed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    overdue_notified_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    reminders: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON)
