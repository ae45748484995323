import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query

from app.audit import service
from app.audit.models import AuditEntry
from app.audit.schemas import AuditEntryPublic
from app.auth.deps import CurrentPrincipal
from app.core.db.session import SessionDep
from app.core.errors import ValidationFailed
from app.core.pagination import DEFAULT_LIMIT, CursorParam, LimitParam
from app.core.schemas import Page
from app.limits.routing import LimitedRoute

router = APIRouter(prefix="/v1/audit-log", tags=["audit"], route_class=LimitedRoute)

Text = Annotated[str | None, Query(max_length=200)]


@router.get("", response_model=Page[AuditEntryPublic])
async def get_all(
    session: SessionDep,
    principal: CurrentPrincipal,
    actor: Annotated[str | None, Query(max_length=500)] = None,
    action: Annotated[str | None, Query(max_length=30, examples=["update"])] = None,
    resource_type: Annotated[str | None, Query(max_length=50, examples=["person"])] = None,
    resource_id: Text = None,
    network_id: uuid.UUID | None = None,
    since: Annotated[datetime | None, Query(description="From this instant (inclusive)")] = None,
    until: Annotated[datetime | None, Query(description="Before this instant")] = None,
    limit: LimitParam = DEFAULT_LIMIT,
    cursor: CursorParam = None,
) -> Page[AuditEntry]:
    """The audit trail in commit order: admins see all of it, a coordinator its networks'."""
    texts = {"actor": actor, "action": action, "resource_type": resource_type}
    for name, text in {**texts, "resource_id": resource_id}.items():
        if text is not None and "\x00" in text:
            raise ValidationFailed.field(name, "must not contain NUL characters", location="query")
    for name, value in (("since", since), ("until", until)):
        if value is not None and value.tzinfo is None:
            raise ValidationFailed.field(name, "needs a UTC offset, e.g. Z", location="query")
    rows, next_cursor = await service.get_all(
        session,
        principal,
        actor=actor,
        action=action,
        resource_type=resource_type,
        resource_id=resource_id,
        network_id=network_id,
        since=since,
        until=until,
        limit=limit,
        cursor=cursor,
    )
    return Page(data=rows, next_cursor=next_cursor)
