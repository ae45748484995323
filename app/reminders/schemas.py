import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

from fastapi import Query
from pydantic import AfterValidator, Field

from app.core.pagination import DEFAULT_LIMIT, CursorParam, LimitParam
from app.core.schemas import InputModel, PublicModel
from app.kernel.offsets import parse_offset
from app.reminders.models import (
    DeliveryStatus,
    Reminder,
    ReminderDelivery,
    ReminderStatus,
    SourceType,
)


def _offset(text: str) -> str:
    parse_offset(text)
    return text.strip().upper()


OffsetText = Annotated[
    str,
    Field(
        max_length=40,
        description="ISO 8601 duration before (-) or after the item's time: weeks and days "
        "are calendar days in the item's zone, hours and minutes exact",
        examples=["-P14D"],
    ),
    AfterValidator(_offset),
]
Channel = Literal["email", "notification"]
_NOTIFICATION_ONLY: list[Channel] = ["notification"]


class ReminderRecipients(InputModel):
    """Who is reminded; resolved to people when the reminder fires, so membership changes count."""

    group_ids: list[uuid.UUID] = Field(default_factory=list, max_length=100)
    partner_ids: list[uuid.UUID] = Field(default_factory=list, max_length=100)
    person_ids: list[uuid.UUID] = Field(default_factory=list, max_length=500)
    assignee: bool = Field(False, description="A task's assignee")


class ReminderRule(InputModel):
    """A reminder rule inside its item, like a VALARM inside a VEVENT."""

    offset: OffsetText
    channels: list[Channel] = Field(
        default_factory=lambda: _NOTIFICATION_ONLY.copy(), min_length=1, max_length=2
    )
    recipients: ReminderRecipients = Field(default_factory=ReminderRecipients)


# The schema's bound is structural; VUOSIKELLO_REMINDER_RULES_PER_ITEM_MAX (20) is the cap.
ReminderRules = Annotated[list[ReminderRule], Field(max_length=100)]


class DeliveryPublic(PublicModel):
    """One email recipient's outcome."""

    person_id: uuid.UUID
    status: DeliveryStatus = Field(
        description="accepted by the SMTP server; refused for good (a 5xx reply, not "
        "retried); retrying after a temporary failure; failed when attempts ran out"
    )
    attempts: int
    last_error: str | None = Field(description="The SMTP server's reply, e.g. 550 no such user")
    accepted_at: datetime | None


class ReminderPublic(PublicModel):
    id: uuid.UUID
    network_id: uuid.UUID
    source_type: SourceType
    source_id: uuid.UUID = Field(description="The event, deadline (also for a milestone) or task")
    recurrence_id: str
    rule_key: str = Field(description="Which rule: r0 is the item's first, m1.r0 milestone 1's")
    offset: str
    title: str
    item_at: datetime = Field(description="The time reminded of, local with offset")
    due_at: datetime = Field(description="When it fires, local with offset")
    channels: list[str]
    recipients: ReminderRecipients
    status: ReminderStatus
    attempts: int
    last_error: str | None
    sent_at: datetime | None
    created_at: datetime
    deliveries: list[DeliveryPublic] = Field(
        default_factory=list,
        description="Email: each recipient's outcome, written as it happens; a retry goes "
        "only to those not accepted or refused",
    )


def to_public(reminder: Reminder, deliveries: Sequence[ReminderDelivery] = ()) -> ReminderPublic:
    tz = ZoneInfo(reminder.timezone)
    return ReminderPublic.model_validate(
        {
            **reminder.model_dump(exclude={"item_at", "due_at"}),
            "item_at": reminder.item_at.astimezone(tz),
            "due_at": reminder.due_at.astimezone(tz),
            "deliveries": [d.model_dump() for d in deliveries],
        }
    )


def public_data(reminder: Reminder) -> dict[str, Any]:
    """The notification payload: the reminder as the API shows it."""
    return to_public(reminder).model_dump(mode="json")


TimeQuery = Annotated[
    str | None,
    Query(max_length=40, description="Date or date-time (local Europe/Helsinki without offset)"),
]


@dataclass
class ReminderQuery:
    """The query string of the reminder list."""

    network_id: uuid.UUID | None = None
    status: ReminderStatus | None = None
    due_from: TimeQuery = None
    due_to: TimeQuery = None
    person_id: Annotated[
        uuid.UUID | None,
        Query(description="Reminders that reach this person (directly, by group or partner)"),
    ] = None
    source_id: Annotated[
        uuid.UUID | None, Query(description="The event, deadline or task reminded of")
    ] = None
    source_type: SourceType | None = None
    limit: LimitParam = DEFAULT_LIMIT
    cursor: CursorParam = None
