from sqlmodel import Field

from app.core.db.base import TableBase


class Network(TableBase, table=True):
    """The tenant: one cooperation network; every other row belongs to exactly one."""

    __tablename__ = "networks"

    name: str = Field(max_length=200, index=True)
    description: str | None = Field(default=None, max_length=10_000)
