import uuid

from fastapi import APIRouter, Response, status

from app.auth.deps import CurrentPrincipal
from app.core.db.session import SessionDep
from app.core.etag import IfMatchHeader, check_if_match, set_etag
from app.core.pagination import DEFAULT_LIMIT, CursorParam, LimitParam
from app.core.schemas import Page
from app.limits.routing import LimitedRoute
from app.people import service
from app.people.schemas import PersonCreate, PersonPublic, PersonUpdate

router = APIRouter(prefix="/v1/people", tags=["people"], route_class=LimitedRoute)


@router.post("", status_code=status.HTTP_201_CREATED, response_model=PersonPublic)
async def create(
    body: PersonCreate, session: SessionDep, principal: CurrentPrincipal, response: Response
):
    """Add a contact person at a partner."""
    person = await service.create(session, principal, body)
    set_etag(response, person)
    response.headers["Location"] = f"/v1/people/{person.id}"
    return person


@router.get("", response_model=Page[PersonPublic])
async def get_all(
    session: SessionDep,
    principal: CurrentPrincipal,
    network_id: uuid.UUID | None = None,
    partner_id: uuid.UUID | None = None,
    q: str | None = None,
    limit: LimitParam = DEFAULT_LIMIT,
    cursor: CursorParam = None,
):
    rows, next_cursor = await service.get_all(
        session,
        principal,
        network_id=network_id,
        partner_id=partner_id,
        q=q,
        limit=limit,
        cursor=cursor,
    )
    return Page(data=rows, next_cursor=next_cursor)


@router.get("/{person_id}", response_model=PersonPublic)
async def get(
    person_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal, response: Response
):
    person = await service.get(session, principal, person_id)
    set_etag(response, person)
    return person


@router.patch("/{person_id}", response_model=PersonPublic)
async def update(
    person_id: uuid.UUID,
    body: PersonUpdate,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
    if_match: IfMatchHeader = None,
):
    person = await service.get_writable(session, principal, person_id)
    check_if_match(if_match, person)
    await service.update(session, principal, person, body)
    set_etag(response, person)
    return person


@router.delete("/{person_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete(person_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal):
    person = await service.get_writable(session, principal, person_id)
    await service.delete(session, person)
