import uuid

from fastapi import APIRouter, Response, status

from app.auth.deps import CurrentPrincipal
from app.core.db.session import SessionDep
from app.core.etag import IfMatchHeader, check_if_match, set_etag
from app.core.pagination import DEFAULT_LIMIT, CursorParam, LimitParam
from app.core.schemas import Page
from app.limits.routing import LimitedRoute
from app.partners import service
from app.partners.models import PartnerKind
from app.partners.schemas import PartnerCreate, PartnerPublic, PartnerUpdate

router = APIRouter(prefix="/v1/partners", tags=["partners"], route_class=LimitedRoute)


@router.post("", status_code=status.HTTP_201_CREATED, response_model=PartnerPublic)
async def create(
    body: PartnerCreate, session: SessionDep, principal: CurrentPrincipal, response: Response
):
    """Add an organisation (municipality, wellbeing county, NGO, parish, ...) to a network."""
    partner = await service.create(session, principal, body)
    set_etag(response, partner)
    response.headers["Location"] = f"/v1/partners/{partner.id}"
    return partner


@router.get("", response_model=Page[PartnerPublic])
async def get_all(
    session: SessionDep,
    principal: CurrentPrincipal,
    network_id: uuid.UUID | None = None,
    kind: PartnerKind | None = None,
    municipality_code: str | None = None,
    q: str | None = None,
    limit: LimitParam = DEFAULT_LIMIT,
    cursor: CursorParam = None,
):
    rows, next_cursor = await service.get_all(
        session,
        principal,
        network_id=network_id,
        kind=kind,
        municipality_code=municipality_code,
        q=q,
        limit=limit,
        cursor=cursor,
    )
    return Page(data=rows, next_cursor=next_cursor)


@router.get("/{partner_id}", response_model=PartnerPublic)
async def get(
    partner_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal, response: Response
):
    partner = await service.get(session, principal, partner_id)
    set_etag(response, partner)
    return partner


@router.patch("/{partner_id}", response_model=PartnerPublic)
async def update(
    partner_id: uuid.UUID,
    body: PartnerUpdate,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
    if_match: IfMatchHeader = None,
):
    partner = await service.get_writable(session, principal, partner_id)
    check_if_match(if_match, partner)
    await service.update(session, principal, partner, body)
    set_etag(response, partner)
    return partner


@router.delete("/{partner_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete(partner_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal):
    partner = await service.get_writable(session, principal, partner_id)
    await service.delete(session, partner)
