import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from fastapi import Query
from pydantic import Field, StringConstraints

from app.core.pagination import DEFAULT_LIMIT, CursorParam, LimitParam
from app.core.schemas import InputModel, LongText, Name, PublicModel, ResourcePublic
from app.core.timebounds import TimeText
from app.reminders.schemas import OffsetText, ReminderRule, ReminderRules
from app.tasks.models import TaskStatus

TaskTitle = Annotated[str, StringConstraints(min_length=1, max_length=300, strip_whitespace=True)]
RoleHint = Annotated[str, StringConstraints(max_length=200, strip_whitespace=True)]


class TemplateTask(InputModel):
    title: TaskTitle
    offset: OffsetText = Field(description="Relative to the event's start, e.g. -P90D or P14D")
    role_hint: RoleHint | None = Field(None, description="Who usually does it")
    reminders: ReminderRules = Field(default_factory=list)


class TemplateCreate(InputModel):
    network_id: uuid.UUID
    name: Name
    description: LongText | None = None
    tasks: list[TemplateTask] = Field(min_length=1, max_length=100)
    reminders: ReminderRules = Field(
        default_factory=list, description="Reminder rules for every task of the plan"
    )


class TemplateUpdate(InputModel):
    name: Name | None = None
    description: LongText | None = None
    tasks: list[TemplateTask] | None = Field(None, min_length=1, max_length=100)
    reminders: ReminderRules | None = None


class TemplatePublic(ResourcePublic):
    network_id: uuid.UUID
    name: str
    description: str | None
    tasks: list[TemplateTask]
    reminders: list[ReminderRule]


class PreparationCreate(InputModel):
    template_id: uuid.UUID
    assignee_id: uuid.UUID | None = Field(None, description="The person who does the tasks")


class TaskPublic(ResourcePublic):
    network_id: uuid.UUID
    event_id: uuid.UUID
    preparation_id: uuid.UUID
    recurrence_id: str = Field(description="The event occurrence the task prepares")
    title: str
    offset: str
    role_hint: str | None
    assignee_id: uuid.UUID | None
    status: TaskStatus
    due: datetime = Field(description="Local time with offset")
    completed_at: datetime | None
    reminders: list[ReminderRule]


class PreparationPublic(PublicModel):
    id: uuid.UUID
    event_id: uuid.UUID
    template_id: uuid.UUID
    assignee_id: uuid.UUID | None
    tasks: list[TaskPublic] = Field(description="Tasks created so far (inside the horizon)")


class TaskUpdate(InputModel):
    status: TaskStatus | None = None
    title: TaskTitle | None = None
    assignee_id: uuid.UUID | None = None


@dataclass
class TaskQuery:
    """The query string of the task list."""

    network_id: uuid.UUID | None = None
    assignee_id: uuid.UUID | None = None
    event_id: uuid.UUID | None = None
    status: TaskStatus | None = None
    due_from: TimeText = None
    due_to: TimeText = None
    overdue: Annotated[bool | None, Query(description="Open tasks past their due time")] = None
    limit: LimitParam = DEFAULT_LIMIT
    cursor: CursorParam = None
