import uuid

from fastapi import APIRouter, Path, Response, status

from app.auth.deps import CurrentPrincipal
from app.core.db.session import SessionDep
from app.core.errors import NotFound
from app.core.etag import IfMatchHeader, check_if_match, set_etag
from app.core.pagination import DEFAULT_LIMIT, CursorParam, LimitParam
from app.core.schemas import Page
from app.deadlines import service
from app.deadlines.models import Deadline
from app.deadlines.schemas import (
    DeadlineCreate,
    DeadlineOccurrencePublic,
    DeadlinePublic,
    DeadlineUpdate,
    DecisionCreate,
    DecisionPublic,
)
from app.deadlines.timeline_items import occurrence_items
from app.deadlines.views import deadline_public, decision_public
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


def _subject(deadline: Deadline) -> str:
    return f"/v1/deadlines/{deadline.id}"


@router.post("", status_code=status.HTTP_201_CREATED, response_model=DeadlinePublic)
async def create(
    body: DeadlineCreate, session: SessionDep, principal: CurrentPrincipal, response: Response
):
    """A decision deadline, once or recurring, with milestones and reminder rules."""
    deadline = await service.create(session, principal, body)
    set_etag(response, deadline)
    response.headers["Location"] = _subject(deadline)
    return deadline_public(deadline)


@router.get("", response_model=Page[DeadlinePublic])
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
    return Page(data=[deadline_public(d) for d in rows], next_cursor=next_cursor)


@router.get("/{deadline_id}", response_model=DeadlinePublic)
async def get(
    deadline_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal, response: Response
):
    deadline = await service.get(session, principal, deadline_id)
    set_etag(response, deadline)
    return deadline_public(deadline)


@router.patch("/{deadline_id}", response_model=DeadlinePublic)
async def update(
    deadline_id: uuid.UUID,
    body: DeadlineUpdate,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
    if_match: IfMatchHeader = None,
):
    """Edit the deadline; its reminders move with it in the same transaction."""
    deadline = await service.get_writable(session, principal, deadline_id)
    check_if_match(if_match, deadline)
    await service.update(session, principal, deadline, body)
    set_etag(response, deadline)
    return deadline_public(deadline)


@router.delete("/{deadline_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete(deadline_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal):
    deadline = await service.get_writable(session, principal, deadline_id)
    await service.delete(session, deadline)


@router.get("/{deadline_id}/occurrences", response_model=Page[DeadlineOccurrencePublic])
async def get_all_occurrences(
    deadline_id: uuid.UUID,
    session: SessionDep,
    principal: CurrentPrincipal,
    window: WindowDep,
    limit: LimitParam = DEFAULT_LIMIT,
    cursor: CursorParam = None,
):
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
):
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
