import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from app.auth.deps import CurrentPrincipal
from app.core.config import get_settings
from app.core.db.session import SessionDep
from app.core.pagination import DEFAULT_LIMIT, CursorParam, LimitParam
from app.core.schemas import Page
from app.limits.routing import LimitedRoute
from app.occurrences.window import _bound
from app.reminders import deliveries, service
from app.reminders.models import ReminderStatus, SourceType
from app.reminders.schemas import ReminderPublic, to_public

router = APIRouter(prefix="/v1/reminders", tags=["reminders"], route_class=LimitedRoute)

TimeQuery = Annotated[
    str | None,
    Query(max_length=40, description="Date or date-time (local Europe/Helsinki without offset)"),
]


@router.get("", response_model=Page[ReminderPublic])
async def get_all(
    session: SessionDep,
    principal: CurrentPrincipal,
    network_id: uuid.UUID | None = None,
    status: ReminderStatus | None = None,
    due_from: TimeQuery = None,
    due_to: TimeQuery = None,
    person_id: Annotated[
        uuid.UUID | None,
        Query(description="Reminders that reach this person (directly, by group or partner)"),
    ] = None,
    source_id: Annotated[
        uuid.UUID | None, Query(description="The event, deadline or task reminded of")
    ] = None,
    source_type: SourceType | None = None,
    limit: LimitParam = DEFAULT_LIMIT,
    cursor: CursorParam = None,
) -> Page[ReminderPublic]:
    """Exactly what will fire and when (and what has fired), ordered by due time."""
    zone = get_settings().default_zone
    rows, next_cursor = await service.get_all(
        session,
        principal,
        network_id=network_id,
        status=status,
        due_from=_bound(due_from, "due_from", zone),
        due_to=_bound(due_to, "due_to", zone),
        person_id=person_id,
        source_id=source_id,
        source_type=source_type.value if source_type else None,
        limit=limit,
        cursor=cursor,
    )
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
