import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from app.auth.deps import CurrentPrincipal, get_principal
from app.core.config import get_settings
from app.core.db.session import SessionDep
from app.core.errors import ValidationFailed
from app.core.etag import set_etag
from app.core.pagination import DEFAULT_LIMIT, CursorParam, LimitParam
from app.core.routes import add_crud_routes
from app.core.schemas import Page
from app.kernel.recurrence import to_utc
from app.kernel.timefields import in_supported_range
from app.limits.routing import LimitedRoute
from app.webhooks import service
from app.webhooks.models import WebhookAttempt, WebhookEndpoint
from app.webhooks.schemas import (
    AttemptPublic,
    ReplayResult,
    WebhookCreate,
    WebhookPublic,
    WebhookQuery,
    WebhookUpdate,
    WebhookWithSecret,
)

router = APIRouter(prefix="/v1/webhooks", tags=["webhooks"], route_class=LimitedRoute)


def _with_secret(endpoint: WebhookEndpoint, secret: str) -> WebhookWithSecret:
    return WebhookWithSecret(
        **WebhookPublic.model_validate(endpoint).model_dump(),
        secret=secret,
        previous_secret_expires_at=endpoint.previous_secret_expires_at,
    )


@router.post("", status_code=status.HTTP_201_CREATED, response_model=WebhookWithSecret)
async def create(
    body: WebhookCreate, session: SessionDep, principal: CurrentPrincipal, response: Response
) -> WebhookWithSecret:
    """Register a receiver (admin, coordinator or integration client of the network). The
    signing secret is shown only in this response."""
    endpoint, secret = await service.create(session, principal, body)
    set_etag(response, endpoint)
    response.headers["Location"] = f"/v1/webhooks/{endpoint.id}"
    response.headers["Cache-Control"] = "no-store"
    return _with_secret(endpoint, secret)


add_crud_routes(
    router,
    service,
    principal=get_principal,
    id_param="webhook_id",
    public=WebhookPublic,
    create=WebhookCreate,
    update=WebhookUpdate,
    query=WebhookQuery,
    docs={
        "update": "Change the URL or types, or disable/re-enable (re-enabling resumes where it "
        "stopped)."
    },
    operations=("get_all", "get", "update", "delete"),
)


@router.post("/{webhook_id}/rotate-secret", response_model=WebhookWithSecret)
async def rotate_secret(
    webhook_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal, response: Response
) -> WebhookWithSecret:
    """A new secret, shown once. The old one stays valid for 24 h: deliveries meanwhile carry
    both signatures, so the receiver can switch without missing any."""
    endpoint = await service.get(session, principal, webhook_id)
    secret = await service.rotate_secret(session, endpoint)
    set_etag(response, endpoint)
    response.headers["Cache-Control"] = "no-store"
    return _with_secret(endpoint, secret)


@router.get("/{webhook_id}/deliveries", response_model=Page[AttemptPublic])
async def get_all_deliveries(
    webhook_id: uuid.UUID,
    session: SessionDep,
    principal: CurrentPrincipal,
    limit: LimitParam = DEFAULT_LIMIT,
    cursor: CursorParam = None,
) -> Page[WebhookAttempt]:
    """Every delivery attempt, oldest first: status code, duration, error, response excerpt."""
    endpoint = await service.get(session, principal, webhook_id)
    rows, next_cursor = await service.get_attempts(session, endpoint, limit=limit, cursor=cursor)
    return Page(data=rows, next_cursor=next_cursor)


@router.post("/{webhook_id}/replay", response_model=ReplayResult)
async def replay(
    webhook_id: uuid.UUID,
    session: SessionDep,
    principal: CurrentPrincipal,
    since: Annotated[datetime, Query(description="Re-send notifications from this time on")],
) -> ReplayResult:
    """Re-queue notifications from `since` (within the retention period), in order."""
    try:
        in_supported_range(since)
    except ValueError as exc:
        raise ValidationFailed.field("since", str(exc), location="query") from exc
    if since.tzinfo is None:  # like every time filter: local time in the default zone
        since = to_utc(since, get_settings().default_zone)
    endpoint = await service.get(session, principal, webhook_id)
    pending = await service.replay(session, endpoint, since)
    return ReplayResult(requeued_from=since, pending=pending)


@router.post("/{webhook_id}/test", response_model=AttemptPublic)
async def test(
    webhook_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> WebhookAttempt:
    """Send a signed `fi.vuosikello.webhook.ping` now and report what the receiver answered."""
    endpoint = await service.get(session, principal, webhook_id)
    return await service.ping(session, endpoint)
