import uuid
from dataclasses import dataclass
from datetime import date

from app.core.pagination import DEFAULT_LIMIT, CursorParam, LimitParam
from app.core.schemas import InputModel, LongText, Name, ResourcePublic
from app.groups.models import GroupKind, MemberRole


class GroupCreate(InputModel):
    network_id: uuid.UUID
    name: Name
    kind: GroupKind
    description: LongText | None = None
    term_start: date | None = None
    term_end: date | None = None


class GroupUpdate(InputModel):
    name: Name | None = None
    kind: GroupKind | None = None
    description: LongText | None = None
    term_start: date | None = None
    term_end: date | None = None


class GroupPublic(ResourcePublic):
    network_id: uuid.UUID
    name: str
    kind: GroupKind
    description: str | None
    term_start: date | None
    term_end: date | None


class MembershipCreate(InputModel):
    person_id: uuid.UUID
    role: MemberRole = MemberRole.member
    start: date | None = None
    end: date | None = None


class MembershipUpdate(InputModel):
    role: MemberRole | None = None
    start: date | None = None
    end: date | None = None


class MembershipPublic(ResourcePublic):
    group_id: uuid.UUID
    person_id: uuid.UUID
    role: MemberRole
    start: date | None
    end: date | None


@dataclass
class GroupQuery:
    """The query string of `GET /v1/groups`."""

    network_id: uuid.UUID | None = None
    kind: GroupKind | None = None
    person_id: uuid.UUID | None = None
    q: str | None = None
    limit: LimitParam = DEFAULT_LIMIT
    cursor: CursorParam = None
