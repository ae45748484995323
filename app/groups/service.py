"""Steering and working groups, and their memberships."""

import uuid
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.auth.principal import Principal
from app.core.crud import referenced
from app.core.errors import NotFound, ValidationFailed
from app.core.pagination import paginate
from app.core.repository import Repository
from app.events.models import Event
from app.groups.models import Group, MemberRole, Membership
from app.groups.schemas import (
    GroupCreate,
    GroupPublic,
    GroupQuery,
    GroupUpdate,
    MembershipCreate,
    MembershipPublic,
    MembershipUpdate,
)
from app.networks import service as networks
from app.notifications.announcer import Announcer
from app.people.models import Person


def _check_period(start: date | None, end: date | None, start_field: str, end_field: str) -> None:
    if start is not None and end is not None and end < start:
        raise ValidationFailed.field(end_field, f"must not be before {start_field}")


def _merged(obj: Any, changes: dict[str, Any], name: str) -> Any:
    return changes[name] if name in changes else getattr(obj, name)


_announce_group = Announcer[Group]("group", "groups", GroupPublic.model_validate)


_announce_membership = Announcer[Membership](
    "membership",
    "groups",
    MembershipPublic.model_validate,
    path=lambda m: f"/v1/groups/{m.group_id}/members/{m.id}",
)


repository = Repository(
    Group, Group.network_id, "Group", filters={"kind": Group.kind}, search=(Group.name,)
)
get, get_writable = repository.get, repository.get_writable


async def get_all(
    session: AsyncSession, principal: Principal, query: GroupQuery
) -> tuple[list[Group], str | None]:
    statement = repository.listed_statement(principal, query)
    if query.person_id:
        members = select(Membership.group_id).where(Membership.person_id == query.person_id)
        statement = statement.where(col(Group.id).in_(members))
    return await repository.page_of(session, statement, query)


async def create(session: AsyncSession, principal: Principal, data: GroupCreate) -> Group:
    await networks.writable(session, principal, data.network_id)
    _check_period(data.term_start, data.term_end, "term_start", "term_end")
    group = Group(**data.model_dump())
    return await _announce_group.add(session, group)


async def update(
    session: AsyncSession, principal: Principal, group: Group, data: GroupUpdate
) -> list[str]:
    changes = data.model_dump(exclude_unset=True)
    _check_period(
        _merged(group, changes, "term_start"),
        _merged(group, changes, "term_end"),
        "term_start",
        "term_end",
    )
    return await _announce_group.change(session, group, changes)


async def delete(session: AsyncSession, principal: Principal, group: Group) -> None:
    await _announce_group.remove_unreferenced(
        session, group, Event.group_id,
        "{count} events belong to this group; move or delete them first",
    )  # fmt: skip


async def get_membership(
    session: AsyncSession, group: Group, membership_id: uuid.UUID
) -> Membership:
    membership = await session.get(Membership, membership_id)
    if membership is None or membership.group_id != group.id:
        raise NotFound("Membership not found")
    return membership


async def get_memberships(
    session: AsyncSession,
    group: Group,
    *,
    role: MemberRole | None,
    active_on: date | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[Membership], str | None]:
    statement = select(Membership).where(Membership.group_id == group.id)
    if role:
        statement = statement.where(Membership.role == role)
    if active_on:
        statement = statement.where(
            sa.or_(col(Membership.start).is_(None), col(Membership.start) <= active_on),
            sa.or_(col(Membership.end).is_(None), col(Membership.end) >= active_on),
        )
    return await paginate(session, statement, id_column=Membership.id, limit=limit, cursor=cursor)


async def create_membership(
    session: AsyncSession, principal: Principal, group: Group, data: MembershipCreate
) -> Membership:
    await referenced(
        session, principal, Person, data.person_id, "person_id", network_id=group.network_id
    )
    _check_period(data.start, data.end, "start", "end")
    membership = Membership(**data.model_dump(), group_id=group.id, network_id=group.network_id)
    return await _announce_membership.add(session, membership)


async def update_membership(
    session: AsyncSession, membership: Membership, data: MembershipUpdate
) -> list[str]:
    changes = data.model_dump(exclude_unset=True)
    _check_period(
        _merged(membership, changes, "start"), _merged(membership, changes, "end"), "start", "end"
    )
    return await _announce_membership.change(session, membership, changes)


async def delete_membership(session: AsyncSession, membership: Membership) -> None:
    await _announce_membership.remove(session, membership)
