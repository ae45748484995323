"""Shared rate-limit windows and stored Idempotency-Key responses."""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.core.db.types import UTCDateTime


class RateLimitWindow(SQLModel, table=True):
    """One fixed window's request count for one key, summed over every replica (PostgreSQL).

    Replicas add their local counts in batches (app/limits/ratelimit.py), never one row write
    per request. Windows older than two minutes are purged by the worker's clean-up job.
    """

    __tablename__ = "rate_limit_windows"

    key: str = Field(max_length=100, primary_key=True)
    window_start: int = Field(sa_type=sa.BigInteger, primary_key=True)  # epoch seconds
    count: int = Field(default=0)


class IdempotencyRecord(SQLModel, table=True):
    """The first response to a POST with an Idempotency-Key, replayed to retries for 24 h."""

    __tablename__ = "idempotency_keys"

    client_key: str = Field(max_length=100, primary_key=True)
    key: str = Field(max_length=255, primary_key=True)
    method: str = Field(max_length=10)
    path: str = Field(max_length=2000)
    body_sha256: str = Field(max_length=64)
    status_code: int
    headers: dict[str, str] = Field(default_factory=dict, sa_type=sa.JSON)
    # Fernet-encrypted with a key derived from VUOSIKELLO_SECRET_KEY: a stored response may
    # hold a once-shown secret (a new client's secret, a feed URL) or personal data.
    body_encrypted: str = Field(sa_type=sa.Text)
    created_at: datetime = Field(sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime, index=True)
