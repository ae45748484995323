import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from app.auth.deps import CurrentPrincipal
from app.core.db.session import SessionDep
from app.core.pagination import DEFAULT_LIMIT, LimitParam
from app.limits.routing import LimitedRoute
from app.notifications import service
from app.notifications.schemas import CloudEvent, NotificationPage

router = APIRouter(prefix="/v1/notifications", tags=["notifications"], route_class=LimitedRoute)


@router.get("", response_model=NotificationPage)
async def get_all(
    session: SessionDep,
    principal: CurrentPrincipal,
    network_id: uuid.UUID | None = None,
    after: Annotated[
        str | None,
        Query(max_length=500, description="`next_cursor` of the previous poll; omit to start"),
    ] = None,
    types: Annotated[
        str | None,
        Query(
            max_length=2000,
            description="Comma-separated types or globs",
            examples=["fi.vuosikello.event.*,fi.vuosikello.occurrence.*"],
        ),
    ] = None,
    limit: LimitParam = DEFAULT_LIMIT,
) -> NotificationPage:
    """The polling feed: notifications in commit order. Never skips one: keep the
    `next_cursor` and poll again. A cursor older than the retention period gets 410."""
    rows, next_cursor = await service.feed(
        session, principal, network_id=network_id, after=after, types=types, limit=limit
    )
    events = [CloudEvent.model_validate(service.cloudevent(row)) for row in rows]
    return NotificationPage(data=events, next_cursor=next_cursor)
