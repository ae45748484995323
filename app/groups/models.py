import uuid
from datetime import date
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field

from app.core.db.base import TableBase, fk


class GroupKind(StrEnum):
    steering_group = "steering_group"
    working_group = "working_group"


class MemberRole(StrEnum):
    chair = "chair"
    vice_chair = "vice_chair"
    secretary = "secretary"
    member = "member"
    deputy = "deputy"
    expert = "expert"


class Group(TableBase, table=True):
    """A steering group (ohjausryhmä) or working group (työryhmä) with a term."""

    __tablename__ = "groups"

    network_id: uuid.UUID = fk("networks.id")
    name: str = Field(max_length=200, index=True)
    kind: GroupKind = Field(sa_type=sa.String(20))
    description: str | None = Field(default=None, max_length=10_000)
    term_start: date | None = None
    term_end: date | None = None


class Membership(TableBase, table=True):
    """A person in a group with a role and dates (jäsenyys)."""

    __tablename__ = "memberships"

    group_id: uuid.UUID = fk("groups.id", ondelete="CASCADE")
    person_id: uuid.UUID = fk("people.id")
    network_id: uuid.UUID = fk("networks.id")
    role: MemberRole = Field(default=MemberRole.member, sa_type=sa.String(20))
    start: date | None = None
    end: date | None = None
