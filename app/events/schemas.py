import uuid
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import AnyHttpUrl, Field, StringConstraints

from app.core.schemas import InputModel, LongText, PublicModel, ResourcePublic
from app.events.models import EventStatus
from app.kernel.timefields import DateOrDateTime, TimeZoneName
from app.reminders.schemas import ReminderRule, ReminderRules

Title = Annotated[str, StringConstraints(min_length=1, max_length=300, strip_whitespace=True)]
Category = Annotated[
    str,
    StringConstraints(min_length=1, max_length=100, strip_whitespace=True),
    Field(description="The wheel's ring", examples=["Päätöksenteko"]),
]
Location = Annotated[str, StringConstraints(max_length=500)]
RRule = Annotated[
    str,
    StringConstraints(min_length=1, max_length=1000, strip_whitespace=True),
    Field(description="RFC 5545 RRULE", examples=["FREQ=YEARLY;BYMONTH=10;BYDAY=1TU"]),
]


class EventCreate(InputModel):
    network_id: uuid.UUID
    title: Title
    description: LongText | None = None
    location: Location | None = None
    category: Category | None = None
    group_id: uuid.UUID | None = None
    partner_ids: list[uuid.UUID] = Field(default_factory=list, max_length=200)
    start: DateOrDateTime
    end: DateOrDateTime | None = Field(
        None, description="Exclusive; defaults to one hour, or one day for all-day items"
    )
    all_day: bool | None = Field(None, description="Defaults to whether `start` is a date")
    timezone: TimeZoneName = "Europe/Helsinki"
    rrule: RRule | None = None
    exdates: list[DateOrDateTime] = Field(default_factory=list, max_length=1000)
    status: EventStatus = EventStatus.confirmed
    url: AnyHttpUrl | None = None
    reminders: ReminderRules = Field(
        default_factory=list, description="Reminder rules, like VALARMs inside a VEVENT"
    )


class EventUpdate(InputModel):
    title: Title | None = None
    description: LongText | None = None
    location: Location | None = None
    category: Category | None = None
    group_id: uuid.UUID | None = None
    partner_ids: list[uuid.UUID] | None = Field(None, max_length=200)
    start: DateOrDateTime | None = None
    end: DateOrDateTime | None = None
    all_day: bool | None = None
    timezone: TimeZoneName | None = None
    rrule: RRule | None = None
    exdates: list[DateOrDateTime] | None = Field(None, max_length=1000)
    status: EventStatus | None = None
    url: AnyHttpUrl | None = None
    reminders: ReminderRules | None = None


class EventPublic(ResourcePublic):
    network_id: uuid.UUID
    group_id: uuid.UUID | None
    partner_ids: list[uuid.UUID]
    title: str
    description: str | None
    location: str | None
    category: str | None
    url: str | None
    status: EventStatus
    all_day: bool
    timezone: str
    start: date | datetime = Field(description="Local time with offset, or a date")
    end: date | datetime
    rrule: str | None
    exdates: list[str] = Field(description="Recurrence ids of removed occurrences")
    uid: str = Field(description="Stable iCal UID")
    sequence: int
    orphaned_recurrence_ids: list[str] = Field(
        description="Occurrence overrides the current RRULE no longer generates; kept, not lost"
    )
    reminders: list[ReminderRule] = Field(default_factory=list)


class OccurrenceUpdate(InputModel):
    """The fields in which one occurrence differs from its series."""

    start: DateOrDateTime | None = None
    end: DateOrDateTime | None = None
    title: Title | None = None
    description: LongText | None = None
    location: Location | None = None


class OccurrencePublic(PublicModel):
    kind: Literal["event"] = "event"
    event_id: uuid.UUID
    network_id: uuid.UUID
    group_id: uuid.UUID | None
    recurrence_id: str = Field(description="Original local start: the iCal RECURRENCE-ID")
    title: str
    description: str | None
    location: str | None
    category: str | None
    start: date | datetime
    end: date | datetime
    all_day: bool
    timezone: str
    status: EventStatus
    overridden: bool = Field(description="Moved or changed from the series")
