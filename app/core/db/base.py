"""Declarative base for every table: naming convention, id, timestamps, version."""

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import declared_attr
from sqlmodel import Field, SQLModel

from app.core.db.types import UTCDateTime, utcnow, uuid7

# Named constraints make migrations reproducible on both engines (docs/architecture.md, "Storage").
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = SQLModel.metadata


def table_of(model: type[SQLModel]) -> sa.Table:
    """The Core table of a model class (SQLModel's stubs do not declare ``__table__``)."""
    table: sa.Table = model.__table__  # type: ignore[attr-defined]
    return table


class TableBase(SQLModel):
    """Columns every resource has: a time-ordered UUID, timestamps and a row version for ETags."""

    id: uuid.UUID = Field(default_factory=uuid7, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    version: int = Field(default=1, nullable=False)

    @declared_attr  # type: ignore[arg-type]
    def __mapper_args__(cls: type["TableBase"]) -> dict[str, Any]:
        # UPDATE ... WHERE version = <the version read>: two writers that both passed the
        # If-Match check cannot both win; the loser gets StaleDataError, rendered as 412.
        return {"version_id_col": table_of(cls).c.version, "version_id_generator": False}

    def touch(self) -> None:
        """Record a change: bumps the version (and so the ETag) and ``updated_at``."""
        self.version += 1
        self.updated_at = utcnow()


def new_row() -> dict[str, Any]:
    """A new row's id and timestamps, to pass to the model's constructor on a hot write path:
    for each default factory left to it, SQLModel's constructor has pydantic inspect the
    factory's signature again, on every instance (about a third of building an event)."""
    now = utcnow()
    return {"id": uuid7(), "created_at": now, "updated_at": now}


def fk(
    target: str, *, nullable: bool = False, ondelete: str | None = None, index: bool = True
) -> Any:
    """A foreign-key UUID column."""
    return Field(
        default=None if nullable else ...,
        sa_column_args=[sa.ForeignKey(target, ondelete=ondelete)],
        nullable=nullable,
        index=index,
    )
