import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.core.db.types import UTCDateTime, utcnow, uuid7

# SQLite only auto-increments a column declared exactly INTEGER PRIMARY KEY.
BigIntId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


class Notification(SQLModel, table=True):
    """A domain event in the transactional outbox, stored as its CloudEvents attributes."""

    __tablename__ = "notifications"
    __table_args__ = (sa.Index("ix_notifications_feed", "txid", "seq"),)

    seq: int | None = Field(
        default=None, sa_column=sa.Column(BigIntId, primary_key=True, autoincrement=True)
    )
    id: uuid.UUID = Field(default_factory=uuid7, unique=True)
    # The commit position of the writing transaction on PostgreSQL (app/notifications/outbox.py);
    # 0 on SQLite, where writers are serialised and `seq` alone is commit order.
    txid: int = Field(default=0, sa_type=sa.BigInteger)
    network_id: uuid.UUID = Field(index=True)
    type: str = Field(max_length=100, index=True)
    subject: str = Field(max_length=300)
    time: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    data: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    # X-Request-Id of the API request that caused it (none for the worker's own notifications).
    request_id: str | None = Field(default=None, max_length=100)


class OutboxPosition(SQLModel, table=True):
    """The last commit position handed out (one row; used on PostgreSQL)."""

    __tablename__ = "outbox_position"

    id: int = Field(default=1, primary_key=True)
    value: int = Field(default=0, sa_type=sa.BigInteger)
