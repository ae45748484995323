import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field


class CloudEvent(BaseModel):
    """A notification as a CloudEvents 1.0 structured-mode JSON object."""

    specversion: Literal["1.0"] = "1.0"
    id: uuid.UUID = Field(description="Unique and stable; the same on every webhook retry")
    source: str = Field(description="The network: /v1/networks/{id}")
    type: str = Field(examples=["fi.vuosikello.event.updated"])
    subject: str = Field(description="The resource path", examples=["/v1/events/{id}"])
    time: datetime
    datacontenttype: Literal["application/json"] = "application/json"
    data: dict[str, Any] = Field(
        description="The resource as the API returns it; updates add `changed_fields`"
    )
    requestid: str | None = Field(
        default=None,
        description="Extension attribute: the X-Request-Id of the API request that caused it "
        "(absent for the worker's own notifications, such as reminder.sent)",
    )


class NotificationPage(BaseModel):
    data: list[CloudEvent]
    next_cursor: str = Field(
        description="Pass as `after` in the next poll; always present, also on an empty page"
    )
