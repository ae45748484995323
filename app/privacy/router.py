import uuid

from fastapi import APIRouter, Response

from app.auth.deps import CurrentPrincipal
from app.core.db.session import SessionDep
from app.limits.routing import LimitedRoute
from app.people.service import get_writable
from app.privacy import service
from app.privacy.schemas import PersonErased, PersonExport

router = APIRouter(prefix="/v1/people", tags=["privacy"], route_class=LimitedRoute)


@router.get("/{person_id}/export", response_model=PersonExport)
async def export(
    person_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal, response: Response
) -> PersonExport:
    """Everything held about a person, as JSON (coordinators and admins of its network).
    The export is recorded in the audit log."""
    person = await get_writable(session, principal, person_id)
    response.headers["Cache-Control"] = "no-store"
    return await service.export(session, person)


@router.post("/{person_id}/erase", response_model=PersonErased)
async def erase(
    person_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> PersonErased:
    """Erase a person's personal data: pseudonymise the person in history, revoke feeds of
    their scope, keep the network's records. Repeating it is harmless."""
    person = await get_writable(session, principal, person_id)
    return await service.erase(session, person)
