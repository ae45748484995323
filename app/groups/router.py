import uuid
from datetime import date

from fastapi import APIRouter, Response, status

from app.auth.deps import CurrentPrincipal, get_principal
from app.core.db.session import SessionDep
from app.core.etag import IfMatchHeader, check_if_match, set_etag
from app.core.pagination import DEFAULT_LIMIT, CursorParam, LimitParam
from app.core.routes import add_crud_routes
from app.core.schemas import Page
from app.groups import service
from app.groups.models import MemberRole, Membership
from app.groups.schemas import (
    GroupCreate,
    GroupPublic,
    GroupQuery,
    GroupUpdate,
    MembershipCreate,
    MembershipPublic,
    MembershipUpdate,
)
from app.limits.routing import LimitedRoute

router = APIRouter(prefix="/v1/groups", tags=["groups"], route_class=LimitedRoute)


add_crud_routes(
    router,
    service,
    principal=get_principal,
    id_param="group_id",
    public=GroupPublic,
    create=GroupCreate,
    update=GroupUpdate,
    query=GroupQuery,
    docs={"create": "Create a steering group (ohjausryhmä) or working group (työryhmä)."},
)


@router.post(
    "/{group_id}/members", status_code=status.HTTP_201_CREATED, response_model=MembershipPublic
)
async def create_member(
    group_id: uuid.UUID,
    body: MembershipCreate,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
) -> Membership:
    """Add a person of the same network to the group with a role."""
    group = await service.get_writable(session, principal, group_id)
    membership = await service.create_membership(session, principal, group, body)
    set_etag(response, membership)
    response.headers["Location"] = f"/v1/groups/{group.id}/members/{membership.id}"
    return membership


@router.get("/{group_id}/members", response_model=Page[MembershipPublic])
async def get_all_members(
    group_id: uuid.UUID,
    session: SessionDep,
    principal: CurrentPrincipal,
    role: MemberRole | None = None,
    active_on: date | None = None,
    limit: LimitParam = DEFAULT_LIMIT,
    cursor: CursorParam = None,
) -> Page[Membership]:
    group = await service.get(session, principal, group_id)
    rows, next_cursor = await service.get_memberships(
        session, group, role=role, active_on=active_on, limit=limit, cursor=cursor
    )
    return Page(data=rows, next_cursor=next_cursor)


@router.get("/{group_id}/members/{membership_id}", response_model=MembershipPublic)
async def get_member(
    group_id: uuid.UUID,
    membership_id: uuid.UUID,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
) -> Membership:
    group = await service.get(session, principal, group_id)
    membership = await service.get_membership(session, group, membership_id)
    set_etag(response, membership)
    return membership


@router.patch("/{group_id}/members/{membership_id}", response_model=MembershipPublic)
async def update_member(
    group_id: uuid.UUID,
    membership_id: uuid.UUID,
    body: MembershipUpdate,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
    if_match: IfMatchHeader = None,
) -> Membership:
    group = await service.get_writable(session, principal, group_id)
    membership = await service.get_membership(session, group, membership_id)
    check_if_match(if_match, membership)
    await service.update_membership(session, membership, body)
    set_etag(response, membership)
    return membership


@router.delete("/{group_id}/members/{membership_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_member(
    group_id: uuid.UUID, membership_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> None:
    group = await service.get_writable(session, principal, group_id)
    membership = await service.get_membership(session, group, membership_id)
    await service.delete_membership(session, membership)
