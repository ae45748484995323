import uuid
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from app.core.schemas import InputModel, Name, PublicModel, ResourcePublic
from app.feeds.models import FeedScope

Category = Annotated[str, StringConstraints(min_length=1, max_length=100, strip_whitespace=True)]


class FeedCreate(InputModel):
    scope: FeedScope = Field(description="network, group, partner, or person (their groups)")
    network_id: uuid.UUID
    group_id: uuid.UUID | None = Field(None, description="Required for scope `group`")
    partner_id: uuid.UUID | None = Field(None, description="Required for scope `partner`")
    person_id: uuid.UUID | None = Field(None, description="Required for scope `person`")
    name: Name | None = Field(None, description="Calendar name; defaults to the scope's name")
    categories: list[Category] = Field(
        default_factory=list, max_length=100, description="Only these categories (empty: all)"
    )
    include_deadlines: bool = True
    include_tasks: bool = False
    alarms: bool = Field(False, description="VALARMs from the reminder rules")


class FeedPublic(ResourcePublic):
    """A subscription as listed: never with its token."""

    scope: FeedScope
    network_id: uuid.UUID
    group_id: uuid.UUID | None
    partner_id: uuid.UUID | None
    person_id: uuid.UUID | None
    name: str | None
    categories: list[str]
    include_deadlines: bool
    include_tasks: bool
    alarms: bool


class FeedCreated(FeedPublic):
    """Shown once, at creation: the URLs hold the secret token."""

    url: str = Field(
        description="Subscribe to this address; keep it secret. It is on VUOSIKELLO_PUBLIC_URL, "
        "so https:// wherever the service is published over TLS"
    )
    https_url: str = Field(
        description="Deprecated: the same address as `url` (it is http:// when the service's "
        "public URL is)",
        json_schema_extra={"deprecated": True},
    )
    webcal_url: str = Field(description="The same address for webcal:// handlers")


class ImportItem(PublicModel):
    uid: str | None
    title: str | None = None
    result: Literal["created", "updated", "unchanged", "rejected"]
    event_id: uuid.UUID | None = None
    stored_uid: str | None = Field(
        None,
        description="The UID the event is stored under when it is not `uid`: the original is "
        "another network's, longer than 100 characters, or in the feed's own namespace "
        "(`deadline-…@vuosikello`, `task-…@vuosikello`); stable, so a re-import updates it",
    )
    reason: str | None = None


class ImportReport(PublicModel):
    created: int
    updated: int
    unchanged: int
    rejected: int
    items: list[ImportItem]
