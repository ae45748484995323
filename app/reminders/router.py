import uuid
from typing import Annotated

from fastapi import APIRouter, Depends

from app.auth.deps import CurrentPrincipal
from app.core.db.session import SessionDep
from app.core.schemas import Page
from app.limits.routing import LimitedRoute
from app.reminders import deliveries, service
from app.reminders.schemas import ReminderPublic, ReminderQuery, to_public

router = APIRouter(prefix="/v1/reminders", tags=["reminders"], route_class=LimitedRoute)


@router.get("", response_model=Page[ReminderPublic])
async def get_all(
    session: SessionDep, principal: CurrentPrincipal, query: Annotated[ReminderQuery, Depends()]
) -> Page[ReminderPublic]:
    """Exactly what will fire and when (and what has fired), ordered by due time."""
    rows, next_cursor = await service.get_all(session, principal, query)
    sent_to = await deliveries.of_reminders(session, [r.id for r in rows])
    return Page(data=[to_public(r, sent_to.get(r.id, [])) for r in rows], next_cursor=next_cursor)


@router.get("/{reminder_id}", response_model=ReminderPublic)
async def get(
    reminder_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> ReminderPublic:
    reminder = await service.get(session, principal, reminder_id)
    return to_public(
        reminder, (await deliveries.of_reminders(session, [reminder.id])).get(reminder.id, [])
    )
