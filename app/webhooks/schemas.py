import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from pydantic import EmailStr, Field, StringConstraints

from app.core.pagination import DEFAULT_LIMIT, CursorParam, LimitParam
from app.core.schemas import InputModel, PublicModel, ResourcePublic

EventType = Annotated[
    str,
    StringConstraints(min_length=1, max_length=100, pattern=r"^(\*|fi\.vuosikello\.[a-z_.*]+)$"),
]
Url = Annotated[str, StringConstraints(min_length=8, max_length=2000, strip_whitespace=True)]


class WebhookCreate(InputModel):
    network_id: uuid.UUID
    url: Url = Field(examples=["https://intranet.oulu.fi/hooks/vuosikello"])
    event_types: list[EventType] = Field(
        default_factory=lambda: ["*"],
        min_length=1,
        max_length=50,
        examples=[["fi.vuosikello.event.*", "fi.vuosikello.occurrence.*"]],
    )
    description: str | None = Field(None, max_length=500)
    contact_email: EmailStr | None = Field(
        None, description="Told by email when the endpoint is disabled after failing"
    )
    enabled: bool = True


class WebhookUpdate(InputModel):
    url: Url | None = None
    event_types: list[EventType] | None = Field(None, min_length=1, max_length=50)
    description: str | None = Field(None, max_length=500)
    contact_email: EmailStr | None = None
    enabled: bool | None = None


class WebhookPublic(ResourcePublic):
    network_id: uuid.UUID
    url: str
    event_types: list[str]
    description: str | None
    contact_email: str | None
    enabled: bool
    disabled_reason: str | None
    failing_since: datetime | None
    next_attempt_at: datetime


class WebhookWithSecret(WebhookPublic):
    secret: str = Field(description="`whsec_...`: shown only in this response")
    previous_secret_expires_at: datetime | None = None


class AttemptPublic(PublicModel):
    id: uuid.UUID
    notification_id: uuid.UUID
    notification_type: str
    attempt: int
    status_code: int | None
    duration_ms: int
    outcome: str
    error: str | None
    response_excerpt: str | None
    created_at: datetime


class ReplayResult(PublicModel):
    requeued_from: datetime
    pending: int = Field(description="Notifications now waiting for this endpoint")


@dataclass
class WebhookQuery:
    """The query string of `GET /v1/webhooks`."""

    network_id: uuid.UUID | None = None
    limit: LimitParam = DEFAULT_LIMIT
    cursor: CursorParam = None
