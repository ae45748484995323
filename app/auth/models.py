"""API clients (OAuth2 client credentials) and the networks they may act in."""

import uuid
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.core.db.base import TableBase


class Role(StrEnum):
    admin = "admin"
    coordinator = "coordinator"
    member = "member"
    integration = "integration"


# Most privileged first: an external token that names several roles gets the first of them.
ROLES_BY_PRIVILEGE = (Role.admin, Role.coordinator, Role.integration, Role.member)


class Client(TableBase, table=True):
    __tablename__ = "clients"

    name: str = Field(max_length=200)
    role: Role = Field(sa_type=sa.String(20))
    secret_hash: str = Field(max_length=128)
    disabled: bool = Field(default=False)
    # Bumped by every secret rotation; tokens carry it, so older tokens stop working at once.
    secret_version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    # Set for the "shadow" client of an external OpenID Connect subject ("<iss>|<sub>"): it has
    # no secret, but owns what that subject creates and can be disabled like any client.
    oidc_subject: str | None = Field(default=None, max_length=500, unique=True)


class ClientNetwork(SQLModel, table=True):
    """A client's access to one network (admins need none: they see every network)."""

    __tablename__ = "client_networks"

    client_id: uuid.UUID = Field(
        sa_column_args=[sa.ForeignKey("clients.id", ondelete="CASCADE")], primary_key=True
    )
    network_id: uuid.UUID = Field(
        sa_column_args=[sa.ForeignKey("networks.id", ondelete="CASCADE")],
        primary_key=True,
        index=True,
    )
