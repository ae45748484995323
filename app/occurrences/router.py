import uuid
from typing import Annotated, Literal

from fastapi import APIRouter
from pydantic import Field

from app.auth.deps import CurrentPrincipal
from app.core.db.session import SessionDep
from app.core.pagination import DEFAULT_LIMIT, CursorParam, LimitParam
from app.core.schemas import Page
from app.deadlines.schemas import DeadlineOccurrencePublic, MilestoneOccurrencePublic
from app.events.schemas import OccurrencePublic
from app.limits.routing import LimitedRoute
from app.occurrences import service
from app.occurrences.window import WindowDep

router = APIRouter(prefix="/v1/occurrences", tags=["occurrences"], route_class=LimitedRoute)

TimelineEntry = Annotated[
    OccurrencePublic | DeadlineOccurrencePublic | MilestoneOccurrencePublic,
    Field(discriminator="kind"),
]


@router.get("", response_model=Page[TimelineEntry])
async def get_all(
    session: SessionDep,
    principal: CurrentPrincipal,
    window: WindowDep,
    network_id: uuid.UUID | None = None,
    group_id: uuid.UUID | None = None,
    partner_id: uuid.UUID | None = None,
    category: str | None = None,
    kind: Literal["event", "deadline", "milestone"] | None = None,
    limit: LimitParam = DEFAULT_LIMIT,
    cursor: CursorParam = None,
) -> Page[TimelineEntry]:
    """The wheel: every occurrence in the window, sorted by start, cancelled ones included:
    event occurrences, deadline occurrences and their milestones (each with its `kind` and
    status). `group_id` selects events only."""
    data, next_cursor = await service.timeline(
        session,
        principal,
        window,
        network_id=network_id,
        group_id=group_id,
        partner_id=partner_id,
        category=category,
        limit=limit,
        cursor=cursor,
        kind=kind,
    )
    return Page(data=data, next_cursor=next_cursor)
