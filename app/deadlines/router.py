import uuid

from fastapi import APIRouter, Path
from sqlmodel.ext.asyncio.session import AsyncSession

from app.auth.deps import CurrentPrincipal, get_principal
from app.core.db.session import SessionDep
from app.core.errors import NotFound
from app.core.pagination import DEFAULT_LIMIT, CursorParam, LimitParam
from app.core.routes import add_crud_routes
from app.core.schemas import Page
from app.deadlines import service
from app.deadlines.models import Deadline
from app.deadlines.schemas import (
    DeadlineCreate,
    DeadlineOccurrencePublic,
    DeadlinePublic,
    DeadlineQuery,
    DeadlineUpdate,
    DecisionCreate,
    DecisionPublic,
)
from app.deadlines.timeline_items import occurrence_items
from app.deadlines.views import deadline_public, decision_public
from app.events.schemas import OccurrencePublic
from app.kernel.recurrence import (
    RecurrenceError,
    format_recurrence_id,
    is_occurrence,
    parse_recurrence_id,
)
from app.limits.routing import LimitedRoute
from app.occurrences.service import page_of
from app.occurrences.window import WindowDep

router = APIRouter(prefix="/v1/deadlines", tags=["deadlines"], route_class=LimitedRoute)

RecurrenceIdPath = Path(max_length=40, description="The occurrence's original local due time")


def _deadline(_session: AsyncSession, deadline: Deadline) -> DeadlinePublic:
    return deadline_public(deadline)


add_crud_routes(
    router,
    service,
    principal=get_principal,
    id_param="deadline_id",
    public=DeadlinePublic,
    create=DeadlineCreate,
    update=DeadlineUpdate,
    query=DeadlineQuery,
    present=_deadline,
    docs={
        "create": "A decision deadline, once or recurring, with milestones and reminder rules.",
        "update": "Edit the deadline; its reminders move with it in the same transaction.",
    },
)


@router.get("/{deadline_id}/occurrences", response_model=Page[DeadlineOccurrencePublic])
async def get_all_occurrences(
    deadline_id: uuid.UUID,
    session: SessionDep,
    principal: CurrentPrincipal,
    window: WindowDep,
    limit: LimitParam = DEFAULT_LIMIT,
    cursor: CursorParam = None,
) -> Page[OccurrencePublic]:
    """The deadline's due times in the window, with their status and decision."""
    deadline = await service.get(session, principal, deadline_id)
    items = await occurrence_items(session, [deadline], window, milestones=False)
    data, next_cursor = page_of(items, limit, cursor)
    return Page(data=data, next_cursor=next_cursor)


@router.post(
    "/{deadline_id}/occurrences/{recurrence_id}/decision",
    response_model=DecisionPublic,
)
async def decide(
    deadline_id: uuid.UUID,
    body: DecisionCreate,
    session: SessionDep,
    principal: CurrentPrincipal,
    recurrence_id: str = RecurrenceIdPath,
) -> DecisionPublic:
    """Record the outcome of one occurrence: decided, postponed (to `new_due`) or cancelled.
    Recording again replaces the earlier outcome."""
    deadline = await service.get_writable(session, principal, deadline_id)
    try:
        local = parse_recurrence_id(recurrence_id, deadline.all_day)
        rid = format_recurrence_id(local, deadline.all_day)
    except RecurrenceError as exc:
        raise NotFound(f"Deadline {deadline.id} has no occurrence {recurrence_id}") from exc
    series = service.series_of(deadline)
    if rid in series.exdates or not is_occurrence(series, rid):
        raise NotFound(f"Deadline {deadline.id} has no occurrence {recurrence_id}")
    row = await service.decide(session, deadline, rid, body)
    return decision_public(deadline, row)
