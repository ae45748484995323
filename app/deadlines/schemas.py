import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import AnyHttpUrl, Field, StringConstraints

from app.core.pagination import DEFAULT_LIMIT, CursorParam, LimitParam
from app.core.schemas import InputModel, LongText, PublicModel, ResourcePublic
from app.deadlines.models import Outcome
from app.events.schemas import Category, RRule, Title
from app.kernel.timefields import DateOrDateTime, TimeZoneName
from app.reminders.schemas import OffsetText, ReminderRule, ReminderRules

DecisionBody = Annotated[
    str,
    StringConstraints(min_length=1, max_length=200, strip_whitespace=True),
    Field(examples=["Kunnanvaltuusto"]),
]


class Milestone(InputModel):
    """A named lead time before the due time, with its own reminders."""

    name: Annotated[str, StringConstraints(min_length=1, max_length=200, strip_whitespace=True)]
    offset: OffsetText
    reminders: ReminderRules = Field(default_factory=list)


class DeadlineCreate(InputModel):
    network_id: uuid.UUID
    title: Title
    description: LongText | None = None
    partner_id: uuid.UUID | None = Field(None, description="Who decides")
    decision_body: DecisionBody | None = None
    category: Category | None = None
    due: DateOrDateTime = Field(description="A date, or local date-time in `timezone`")
    timezone: TimeZoneName = "Europe/Helsinki"
    rrule: RRule | None = None
    event_id: uuid.UUID | None = Field(None, description="The meeting where it is decided")
    milestones: list[Milestone] = Field(default_factory=list, max_length=20)
    reminders: ReminderRules = Field(default_factory=list)


class DeadlineUpdate(InputModel):
    title: Title | None = None
    description: LongText | None = None
    partner_id: uuid.UUID | None = None
    decision_body: DecisionBody | None = None
    category: Category | None = None
    due: DateOrDateTime | None = None
    timezone: TimeZoneName | None = None
    rrule: RRule | None = None
    event_id: uuid.UUID | None = None
    milestones: list[Milestone] | None = Field(None, max_length=20)
    reminders: ReminderRules | None = None


class DeadlinePublic(ResourcePublic):
    network_id: uuid.UUID
    partner_id: uuid.UUID | None
    event_id: uuid.UUID | None
    title: str
    description: str | None
    decision_body: str | None
    category: str | None
    due: date | datetime = Field(description="Local time with offset, or a date")
    all_day: bool
    timezone: str
    rrule: str | None
    milestones: list[Milestone]
    reminders: list[ReminderRule]


class DecisionCreate(InputModel):
    outcome: Outcome
    decided_at: datetime | None = Field(None, description="Default: now")
    summary: LongText | None = None
    reference_url: AnyHttpUrl | None = None
    new_due: DateOrDateTime | None = Field(None, description="For `postponed`: the new due time")


class DecisionPublic(PublicModel):
    deadline_id: uuid.UUID
    recurrence_id: str
    outcome: Outcome
    decided_at: datetime | None
    summary: str | None
    reference_url: str | None
    new_due: date | datetime | None


DeadlineStatus = Literal["open", "decided", "postponed", "cancelled"]


class DeadlineOccurrencePublic(PublicModel):
    kind: Literal["deadline"] = "deadline"
    deadline_id: uuid.UUID
    network_id: uuid.UUID
    partner_id: uuid.UUID | None
    event_id: uuid.UUID | None
    recurrence_id: str = Field(description="Original local due time: the iCal RECURRENCE-ID")
    title: str
    decision_body: str | None
    category: str | None
    start: date | datetime = Field(description="The due time (as `end`)")
    end: date | datetime
    all_day: bool
    timezone: str
    status: DeadlineStatus
    decision: DecisionPublic | None


class MilestoneOccurrencePublic(PublicModel):
    kind: Literal["milestone"] = "milestone"
    deadline_id: uuid.UUID
    network_id: uuid.UUID
    recurrence_id: str = Field(description="The deadline occurrence it leads up to")
    name: str
    title: str = Field(description="The deadline's title")
    category: str | None
    start: date | datetime
    end: date | datetime
    deadline_due: date | datetime
    all_day: bool
    timezone: str
    status: DeadlineStatus = Field(description="The status of the deadline occurrence")


__all__ = ["ReminderRule"]


@dataclass
class DeadlineQuery:
    """The query string of `GET /v1/deadlines`."""

    network_id: uuid.UUID | None = None
    partner_id: uuid.UUID | None = None
    q: str | None = None
    limit: LimitParam = DEFAULT_LIMIT
    cursor: CursorParam = None
