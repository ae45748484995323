"""The wheel's own rows: category colours chosen by a network, and embeddable wheel pages."""

import uuid
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field

from app.core.db.base import TableBase, fk
from app.feeds.models import FeedScope


class CategoryColor(TableBase, table=True):
    """The colour a network gives one category (the wheel's ring key for events)."""

    __tablename__ = "category_colors"
    __table_args__ = (sa.UniqueConstraint("network_id", "category"),)

    network_id: uuid.UUID = fk("networks.id", ondelete="CASCADE", index=False)
    category: str = Field(max_length=100)
    color: str = Field(max_length=7)  # "#RRGGBB"


class WheelEmbed(TableBase, table=True):
    """A public, tokenised, revocable wheel page for an intranet's <iframe>."""

    __tablename__ = "wheel_embeds"

    network_id: uuid.UUID = fk("networks.id", ondelete="CASCADE")
    owner_client_id: uuid.UUID = fk("clients.id", ondelete="CASCADE")
    name: str | None = Field(default=None, max_length=200)
    scope: FeedScope = Field(sa_type=sa.String(20))
    group_id: uuid.UUID | None = fk("groups.id", nullable=True, ondelete="CASCADE")
    partner_id: uuid.UUID | None = fk("partners.id", nullable=True, ondelete="CASCADE")
    person_id: uuid.UUID | None = fk("people.id", nullable=True, ondelete="CASCADE")
    # The wheel options (rings, filters, lang, size, start_month) as the API took them.
    options: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    # The intranet origins that may frame the page (CSP frame-ancestors).
    allowed_origins: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    # SHA-256 of the URL token; the token itself is shown once, at creation.
    token_hash: str = Field(max_length=64, unique=True)
