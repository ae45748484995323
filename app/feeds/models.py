"""iCal feed subscriptions (tilaus): a secret URL that reads one scope of one network."""

import uuid
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field

from app.core.db.base import TableBase, fk, table_of
from app.events.models import Event


class FeedScope(StrEnum):
    network = "network"
    group = "group"
    partner = "partner"
    person = "person"


class FeedSubscription(TableBase, table=True):
    __tablename__ = "feed_subscriptions"

    network_id: uuid.UUID = fk("networks.id", ondelete="CASCADE")
    # The API client that created it: `GET /v1/feeds` lists a caller's own feeds.
    owner_client_id: uuid.UUID = fk("clients.id", ondelete="CASCADE")
    name: str | None = Field(default=None, max_length=200)
    scope: FeedScope = Field(sa_type=sa.String(20))
    group_id: uuid.UUID | None = fk("groups.id", nullable=True, ondelete="CASCADE")
    partner_id: uuid.UUID | None = fk("partners.id", nullable=True, ondelete="CASCADE")
    person_id: uuid.UUID | None = fk("people.id", nullable=True, ondelete="CASCADE")
    categories: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    include_deadlines: bool = True
    include_tasks: bool = False
    alarms: bool = False
    # SHA-256 of the URL token; the token itself is shown once, at creation.
    token_hash: str = Field(max_length=64, unique=True)


# A feed's freshness check (app/feeds/service.py fingerprint_query) aggregates updated_at and
# version over a network's events on every GET: this covering index answers it from the index
# alone instead of reading every (wide) event row.
feed_fingerprint_index = sa.Index(
    "ix_events_feed_fingerprint",
    table_of(Event).c.network_id,
    table_of(Event).c.updated_at,
    table_of(Event).c.version,
    table_of(Event).c.id,
)
