import uuid

from fastapi import APIRouter, Response, status

from app.auth.deps import CurrentPrincipal
from app.core.db.session import SessionDep
from app.core.etag import IfMatchHeader, check_if_match, set_etag
from app.core.pagination import DEFAULT_LIMIT, CursorParam, LimitParam
from app.core.schemas import Page
from app.limits.routing import LimitedRoute
from app.networks import service
from app.networks.schemas import NetworkCreate, NetworkPublic, NetworkUpdate

router = APIRouter(prefix="/v1/networks", tags=["networks"], route_class=LimitedRoute)


@router.post("", status_code=status.HTTP_201_CREATED, response_model=NetworkPublic)
async def create(
    body: NetworkCreate, session: SessionDep, principal: CurrentPrincipal, response: Response
):
    """Create a network (admin only)."""
    network = await service.create(session, principal, body)
    set_etag(response, network)
    response.headers["Location"] = f"/v1/networks/{network.id}"
    return network


@router.get("", response_model=Page[NetworkPublic])
async def get_all(
    session: SessionDep,
    principal: CurrentPrincipal,
    q: str | None = None,
    limit: LimitParam = DEFAULT_LIMIT,
    cursor: CursorParam = None,
):
    """List the networks the caller belongs to (all of them for an admin)."""
    rows, next_cursor = await service.get_all(session, principal, q=q, limit=limit, cursor=cursor)
    return Page(data=rows, next_cursor=next_cursor)


@router.get("/{network_id}", response_model=NetworkPublic)
async def get(
    network_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal, response: Response
):
    network = await service.get(session, principal, network_id)
    set_etag(response, network)
    return network


@router.patch("/{network_id}", response_model=NetworkPublic)
async def update(
    network_id: uuid.UUID,
    body: NetworkUpdate,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
    if_match: IfMatchHeader = None,
):
    network = await service.get_writable(session, principal, network_id)
    check_if_match(if_match, network)
    await service.update(session, principal, network, body)
    set_etag(response, network)
    return network


@router.delete("/{network_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete(network_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal):
    """Delete an empty network (admin only)."""
    network = await service.get(session, principal, network_id)
    await service.delete(session, principal, network)
