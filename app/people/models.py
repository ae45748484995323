import uuid
from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field

from app.core.db.base import TableBase, fk
from app.core.db.types import UTCDateTime


class Language(StrEnum):
    fi = "fi"
    sv = "sv"
    en = "en"


class Person(TableBase, table=True):
    """A contact person at a partner. Personal data: GDPR applies."""

    __tablename__ = "people"

    partner_id: uuid.UUID = fk("partners.id")
    # Denormalised from the partner so every query can scope by network without a join.
    network_id: uuid.UUID = fk("networks.id")
    name: str = Field(max_length=200)
    email: str | None = Field(default=None, max_length=320)
    title: str | None = Field(default=None, max_length=200)
    language: Language = Field(default=Language.fi, sa_type=sa.String(2))
    # Set by POST /v1/people/{id}/erase: the row is a pseudonym kept for the network's history.
    erased_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
