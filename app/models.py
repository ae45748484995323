"""Imports every table so metadata (and Alembic) sees the whole schema."""

from app.audit.models import AuditChainHead, AuditEntry
from app.auth.models import Client, ClientNetwork
from app.core.stamps import ChangeStamp
from app.deadlines.models import Deadline, DeadlineDecision
from app.events.models import Event, EventPartner, OccurrenceOverride
from app.feeds.models import FeedSubscription
from app.groups.models import Group, Membership
from app.indicators.models import Indicator, IndicatorValue, MeasureIndicator
from app.limits.models import IdempotencyRecord, RateLimitWindow
from app.networks.models import Network
from app.notifications.models import Notification
from app.partners.models import Partner
from app.people.models import Person
from app.plans.models import (
    CycleTemplate,
    Evaluation,
    Goal,
    Measure,
    Plan,
    Round,
    RoundTask,
    Term,
    TermItem,
)
from app.reminders.models import Reminder, ReminderDelivery
from app.tasks.models import Preparation, PreparationTemplate, Task
from app.webhooks.models import WebhookAttempt, WebhookEndpoint
from app.wheel.models import CategoryColor, WheelEmbed

__all__ = [
    "AuditChainHead",
    "AuditEntry",
    "CategoryColor",
    "ChangeStamp",
    "Client",
    "ClientNetwork",
    "CycleTemplate",
    "Deadline",
    "DeadlineDecision",
    "Evaluation",
    "Event",
    "EventPartner",
    "FeedSubscription",
    "Goal",
    "Group",
    "IdempotencyRecord",
    "Indicator",
    "IndicatorValue",
    "Measure",
    "MeasureIndicator",
    "Membership",
    "Network",
    "Notification",
    "OccurrenceOverride",
    "Partner",
    "Person",
    "Plan",
    "Preparation",
    "PreparationTemplate",
    "RateLimitWindow",
    "Reminder",
    "ReminderDelivery",
    "Round",
    "RoundTask",
    "Task",
    "Term",
    "TermItem",
    "WebhookAttempt",
    "WebhookEndpoint",
    "WheelEmbed",
]
