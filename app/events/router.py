import uuid

import sqlalchemy as sa
from fastapi import APIRouter, Path, Request, Response, status
from pydantic import TypeAdapter

from app.auth.deps import CurrentPrincipal, ReaderPrincipal, admit, cached_reader
from app.auth.principal import Principal
from app.core import fresh
from app.core.db.lookup import UNKNOWN
from app.core.db.session import SessionDep, get_database
from app.core.etag import IfMatchHeader, check_if_match, etag_of, set_etag
from app.core.pagination import DEFAULT_LIMIT, CursorParam, LimitParam
from app.core.schemas import Page
from app.events import service
from app.events.models import Event, EventStatus
from app.events.overrides import normalise_recurrence_id
from app.events.schemas import (
    EventCreate,
    EventPublic,
    EventUpdate,
    OccurrencePublic,
    OccurrenceUpdate,
)
from app.events.views import event_public, one_occurrence
from app.flows import schedule
from app.limits.routing import LimitedRoute, fast_path
from app.occurrences.service import expand_events, page_of
from app.occurrences.window import WindowDep

router = APIRouter(prefix="/v1/events", tags=["events"], route_class=LimitedRoute)

RecurrenceIdPath = Path(
    max_length=40,
    description="The occurrence's original local start (2027-10-06T09:00:00, or 2027-10-06 "
    "for all-day); the iCal basic form 20271006T090000 also works",
)


@router.post("", status_code=status.HTTP_201_CREATED, response_model=EventPublic)
async def create(
    body: EventCreate, session: SessionDep, principal: CurrentPrincipal, response: Response
) -> EventPublic:
    """Put an item on the wheel: a single event, or a series with an RFC 5545 RRULE."""
    event, public = await schedule.create_event(session, principal, body)
    set_etag(response, event)
    response.headers["Location"] = f"/v1/events/{event.id}"
    return public


@router.get("", response_model=Page[EventPublic])
async def get_all(
    session: SessionDep,
    principal: CurrentPrincipal,
    network_id: uuid.UUID | None = None,
    group_id: uuid.UUID | None = None,
    partner_id: uuid.UUID | None = None,
    category: str | None = None,
    status: EventStatus | None = None,
    q: str | None = None,
    limit: LimitParam = DEFAULT_LIMIT,
    cursor: CursorParam = None,
) -> Page[EventPublic]:
    """List series (not occurrences), ordered by first start."""
    rows, next_cursor = await service.get_all(
        session,
        principal,
        network_id=network_id,
        group_id=group_id,
        partner_id=partner_id,
        category=category,
        status=status,
        q=q,
        limit=limit,
        cursor=cursor,
    )
    return Page(data=[await event_public(session, e) for e in rows], next_cursor=next_cursor)


# `GET /v1/events/{id}` answers from a per-process cache of each event's JSON, checked
# against its network's change stamp on every request (app/core/fresh.py); the caller's
# access to the network is checked on every request too.
_VIEWS = fresh.ViewCache()
_PUBLIC = TypeAdapter(EventPublic)
_EVENTS: sa.Table = Event.__table__  # type: ignore[attr-defined]
_NETWORK_OF = sa.select(_EVENTS.c.network_id).where(_EVENTS.c.id == sa.bindparam("event_id"))


async def _view(principal: Principal, event_id: uuid.UUID) -> fresh.View:
    """The event's view, built now; 404 exactly as always when the caller may not see it."""

    async def make() -> tuple[bytes, str | None]:
        async with get_database().sessionmaker() as session:
            event = await service.get(session, principal, event_id)
            public = await event_public(session, event)
            return fresh.dump(_PUBLIC, public), etag_of(event)

    # An event never changes network: its network is known before its row is read.
    row = await get_database().lookups.one(_NETWORK_OF, {"event_id": event_id})
    if row is None or row is UNKNOWN:  # no such event (404 below), or no lookup here
        body, etag = await make()
        return fresh.View((), (), body, etag)
    network_id = row[0] if isinstance(row[0], uuid.UUID) else uuid.UUID(str(row[0]))
    # Keyed by the id's canonical text: the fast path finds it without parsing the path.
    return await _VIEWS.build(str(event_id), (network_id,), make)


async def _cached(request: Request) -> Response | None:
    """A fresh cached view the caller may see, or None (the endpoint answers)."""
    raw = request.path_params["event_id"]
    view = _VIEWS.peek(raw)  # keyed by the canonical text: no parsing on a hit
    if view is None or not await _VIEWS.still_fresh(raw, view):
        return None
    principal = await cached_reader(request)
    if principal is None or not principal.can_see(view.scopes[0]):
        return None
    return fresh.answer_with(view, admit(request, principal))


@router.get("/{event_id}", response_model=EventPublic)
@fast_path(_cached)
async def get(event_id: uuid.UUID, principal: ReaderPrincipal, response: Response) -> Response:
    view = await _VIEWS.fresh(str(event_id))
    if view is None or not principal.can_see(view.scopes[0]):
        view = await _view(principal, event_id)
    return fresh.answer(view, response)


@router.patch("/{event_id}", response_model=EventPublic)
async def update(
    event_id: uuid.UUID,
    body: EventUpdate,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
    if_match: IfMatchHeader = None,
) -> EventPublic:
    """Edit the series. Moved and cancelled occurrences are kept: moving the whole series
    carries them along; an RRULE change that drops one lists it in `orphaned_recurrence_ids`."""
    event = await service.get_writable(session, principal, event_id)
    check_if_match(if_match, event)
    _, public = await schedule.update_event(session, principal, event, body)
    set_etag(response, event)
    return public


@router.delete("/{event_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete(event_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> None:
    """Delete the whole series. To cancel one occurrence, DELETE the occurrence instead."""
    event = await service.get_writable(session, principal, event_id)
    await schedule.delete_event(session, event)


@router.get("/{event_id}/occurrences", response_model=Page[OccurrencePublic])
async def get_all_occurrences(
    event_id: uuid.UUID,
    session: SessionDep,
    principal: CurrentPrincipal,
    window: WindowDep,
    limit: LimitParam = DEFAULT_LIMIT,
    cursor: CursorParam = None,
) -> Page[OccurrencePublic]:
    """The series expanded in the window, cancelled occurrences included."""
    event = await service.get(session, principal, event_id)
    items = await expand_events(session, [event], window)
    data, next_cursor = page_of(items, limit, cursor)
    return Page(data=data, next_cursor=next_cursor)


@router.get("/{event_id}/occurrences/{recurrence_id}", response_model=OccurrencePublic)
async def get_occurrence(
    event_id: uuid.UUID,
    session: SessionDep,
    principal: CurrentPrincipal,
    recurrence_id: str = RecurrenceIdPath,
) -> OccurrencePublic:
    event = await service.get(session, principal, event_id)
    rid = normalise_recurrence_id(event, recurrence_id)
    return await one_occurrence(session, event, rid)


@router.put("/{event_id}/occurrences/{recurrence_id}", response_model=OccurrencePublic)
async def replace_occurrence(
    event_id: uuid.UUID,
    body: OccurrenceUpdate,
    session: SessionDep,
    principal: CurrentPrincipal,
    recurrence_id: str = RecurrenceIdPath,
) -> OccurrencePublic:
    """Move or retitle one occurrence. The body holds every field in which it differs from
    the series; an empty body restores it (and un-cancels it)."""
    event = await service.get_writable(session, principal, event_id)
    rid = normalise_recurrence_id(event, recurrence_id)
    return await schedule.replace_occurrence(session, event, rid, body)


@router.delete("/{event_id}/occurrences/{recurrence_id}", response_model=OccurrencePublic)
async def cancel_occurrence(
    event_id: uuid.UUID,
    session: SessionDep,
    principal: CurrentPrincipal,
    recurrence_id: str = RecurrenceIdPath,
) -> OccurrencePublic:
    """Cancel one occurrence. It stays on the wheel with `status: cancelled`."""
    event = await service.get_writable(session, principal, event_id)
    rid = normalise_recurrence_id(event, recurrence_id)
    return await schedule.cancel_occurrence(session, event, rid)
