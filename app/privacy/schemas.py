from datetime import datetime

from pydantic import BaseModel, Field

from app.audit.schemas import AuditEntryPublic
from app.feeds.schemas import FeedPublic
from app.groups.schemas import MembershipPublic
from app.notifications.schemas import CloudEvent
from app.people.schemas import PersonPublic
from app.reminders.schemas import ReminderPublic
from app.tasks.schemas import TaskPublic


class PersonExport(BaseModel):
    """Everything the service holds about one person (GDPR art. 15 and 20)."""

    exported_at: datetime
    person: PersonPublic
    memberships: list[MembershipPublic]
    tasks: list[TaskPublic] = Field(description="Preparation tasks assigned to the person")
    reminders_sent: list[ReminderPublic] = Field(
        description="Sent reminders whose recipients include the person (directly, through "
        "a group, their partner, or as a task's assignee)"
    )
    feed_subscriptions: list[FeedPublic] = Field(description="iCal feeds of the person's scope")
    notifications: list[CloudEvent] = Field(
        description="Retained notifications about the person and their memberships"
    )
    audit_entries: list[AuditEntryPublic] = Field(
        description="Audit entries about the person, their memberships and feeds"
    )


class PersonErased(BaseModel):
    person: PersonPublic
    already_erased: bool = Field(description="True when an earlier request erased the person")
    feeds_revoked: int
    records_pseudonymised: int = Field(
        description="Notifications, webhook delivery logs and reminders rewritten"
    )
