"""Webhook endpoints: registration, secret rotation, replay, attempt log and test pings."""

import json
import uuid
from datetime import datetime, timedelta

import httpx
import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.auth.principal import Principal
from app.core import clock
from app.core.config import get_settings
from app.core.crud import get_or_404, referenced
from app.core.db.dialect import is_postgresql
from app.core.db.types import utcnow, uuid7
from app.core.errors import ValidationFailed
from app.core.pagination import page, paginate
from app.core.repository import Repository
from app.kernel import signing
from app.networks.models import Network
from app.notifications import outbox
from app.notifications.announcer import Announcer
from app.notifications.models import Notification
from app.webhooks.models import WebhookAttempt, WebhookEndpoint
from app.webhooks.schemas import WebhookCreate, WebhookPublic, WebhookQuery, WebhookUpdate
from app.webhooks.sender import SendResult, destination_for, send
from app.webhooks.ssrf import Policy, UnsafeDestination, resolve

ROTATION_GRACE = timedelta(hours=24)


def policy() -> Policy:
    settings = get_settings()
    return Policy.from_settings(
        settings.webhook_allow_private_networks, settings.webhook_allowed_cidrs
    )


# The data is the public form: secrets never leave the creation response.
_announce = Announcer[WebhookEndpoint]("webhook", "webhooks", WebhookPublic.model_validate)


async def _check_url(url: str) -> None:
    try:
        await resolve(url, policy())
    except UnsafeDestination as exc:
        raise ValidationFailed.field("url", str(exc)) from exc


def active_secrets(endpoint: WebhookEndpoint, now: datetime) -> list[str]:
    """The current secret, plus the previous one during its 24 h rotation grace."""
    key = get_settings().secret_key
    secrets = [signing.decrypt_secret(key, endpoint.secret_encrypted)]
    if (
        endpoint.previous_secret_encrypted
        and endpoint.previous_secret_expires_at
        and endpoint.previous_secret_expires_at > now
    ):
        secrets.append(signing.decrypt_secret(key, endpoint.previous_secret_encrypted))
    return secrets


repository = Repository(WebhookEndpoint, WebhookEndpoint.network_id, "Webhook")


async def get(
    session: AsyncSession, principal: Principal, webhook_id: uuid.UUID
) -> WebhookEndpoint:
    """Webhooks are for integrators: admins, the network's coordinators, integration clients."""
    endpoint = await get_or_404(session, WebhookEndpoint, webhook_id, "Webhook")
    principal.ensure_integrator(endpoint.network_id, "Webhook")
    return endpoint


# Whoever may see a webhook may change it.
get_writable = get


async def get_all(
    session: AsyncSession, principal: Principal, query: WebhookQuery
) -> tuple[list[WebhookEndpoint], str | None]:
    principal.ensure_integrator_role()
    statement = repository.readable_statement(principal, query.network_id)
    return await page(session, statement, WebhookEndpoint.id, query)


async def _tail_position(session: AsyncSession) -> tuple[int, int]:
    """The newest outbox position: a new endpoint receives what happens from now on."""
    row = (
        await session.exec(
            select(Notification.txid, Notification.seq)
            .order_by(col(Notification.txid).desc(), col(Notification.seq).desc())
            .limit(1)
        )
    ).first()
    return (int(row[0]), int(row[1] or 0)) if row else (0, 0)


async def create(
    session: AsyncSession, principal: Principal, data: WebhookCreate
) -> tuple[WebhookEndpoint, str]:
    await referenced(session, principal, Network, data.network_id, "network_id")
    principal.ensure_integrator(data.network_id, "Network")
    await _check_url(data.url)
    secret = signing.new_secret()
    endpoint = WebhookEndpoint(
        **data.model_dump(),
        secret_encrypted=signing.encrypt_secret(get_settings().secret_key, secret),
    )
    session.add(endpoint)
    await session.flush()
    _announce(session, endpoint, "created")
    await session.flush()
    # Start after the newest notification, its own creation included: an endpoint receives
    # what happens from now on.
    endpoint.cursor_txid, endpoint.cursor_seq = await _tail_position(session)
    await session.flush()
    if is_postgresql(session):
        # On PostgreSQL "now" is this transaction's commit position, known only at commit: a
        # transaction still open now commits later, with a later position, and is delivered.
        outbox.after_stamp(session.sync_session, _start_at_position(endpoint.id))
    return endpoint, secret


def _start_at_position(endpoint_id: uuid.UUID) -> outbox.AfterStamp:
    def start(connection: sa.Connection, position: int) -> None:
        connection.execute(
            sa.update(WebhookEndpoint)
            .where(col(WebhookEndpoint.id) == endpoint_id)
            .values(
                cursor_txid=position,
                cursor_seq=sa.select(sa.func.coalesce(sa.func.max(Notification.seq), 0))
                .where(col(Notification.txid) == position)
                .scalar_subquery(),
            )
        )

    return start


async def update(
    session: AsyncSession, principal: Principal, endpoint: WebhookEndpoint, data: WebhookUpdate
) -> list[str]:
    changes = data.model_dump(exclude_unset=True)
    if changes.get("url"):
        await _check_url(changes["url"])
    if changes.get("enabled") and not endpoint.enabled:
        # Re-enabling starts a fresh retry cycle.
        endpoint.disabled_reason = None
        endpoint.failing_since = None
        endpoint.head_attempts = 0
        endpoint.next_attempt_at = clock.now()
    return await _announce.change(session, endpoint, changes)


async def delete(session: AsyncSession, principal: Principal, endpoint: WebhookEndpoint) -> None:
    await _announce.remove(session, endpoint)


async def rotate_secret(session: AsyncSession, endpoint: WebhookEndpoint) -> str:
    """New secret now; the old one stays valid (both signatures are sent) for 24 hours."""
    secret = signing.new_secret()
    endpoint.previous_secret_encrypted = endpoint.secret_encrypted
    endpoint.previous_secret_expires_at = clock.now() + ROTATION_GRACE
    endpoint.secret_encrypted = signing.encrypt_secret(get_settings().secret_key, secret)
    endpoint.touch()
    await session.flush()
    _announce(session, endpoint, "rotated")
    return secret


async def replay(session: AsyncSession, endpoint: WebhookEndpoint, since: datetime) -> int:
    """Re-queue the endpoint's notifications from `since` (at-least-once: receivers dedupe)."""
    first = (
        await session.exec(
            select(Notification.txid, Notification.seq)
            .where(Notification.network_id == endpoint.network_id, Notification.time >= since)
            .order_by(col(Notification.txid), col(Notification.seq))
            .limit(1)
        )
    ).first()
    if first is None:
        return 0
    endpoint.cursor_txid, endpoint.cursor_seq = int(first[0]), int(first[1] or 0) - 1
    endpoint.head_attempts = 0
    endpoint.next_attempt_at = clock.now()
    endpoint.touch()
    await session.flush()
    return await pending_count(session, endpoint)


async def pending_count(session: AsyncSession, endpoint: WebhookEndpoint) -> int:
    statement = (
        select(sa.func.count())
        .select_from(Notification)
        .where(
            Notification.network_id == endpoint.network_id,
            sa.or_(
                col(Notification.txid) > endpoint.cursor_txid,
                sa.and_(
                    col(Notification.txid) == endpoint.cursor_txid,
                    col(Notification.seq) > endpoint.cursor_seq,
                ),
            ),
        )
    )
    return int(await session.scalar(statement) or 0)


async def get_attempts(
    session: AsyncSession, endpoint: WebhookEndpoint, *, limit: int, cursor: str | None
) -> tuple[list[WebhookAttempt], str | None]:
    statement = select(WebhookAttempt).where(WebhookAttempt.endpoint_id == endpoint.id)
    return await paginate(
        session, statement, id_column=WebhookAttempt.id, limit=limit, cursor=cursor
    )


async def ping(session: AsyncSession, endpoint: WebhookEndpoint) -> WebhookAttempt:
    """Send a `fi.vuosikello.webhook.ping` now, signed like any delivery, and log it."""
    now = utcnow()
    msg_id = uuid7()
    body = json.dumps(
        {
            "specversion": "1.0",
            "id": str(msg_id),
            "source": f"/v1/networks/{endpoint.network_id}",
            "type": "fi.vuosikello.webhook.ping",
            "subject": f"/v1/webhooks/{endpoint.id}",
            "time": now.isoformat().replace("+00:00", "Z"),
            "datacontenttype": "application/json",
            "data": {"webhook_id": str(endpoint.id)},
        },
        separators=(",", ":"),
    )
    settings = get_settings()
    destination = await destination_for(endpoint.url, policy())
    if isinstance(destination, SendResult):
        result = destination
    else:
        async with httpx.AsyncClient() as client:
            result = await send(
                client,
                destination,
                secrets=active_secrets(endpoint, now),
                msg_id=str(msg_id),
                body=body,
                now=now,
                timeout_seconds=settings.webhook_timeout_seconds,
            )
    attempt = record_attempt(endpoint, msg_id, "fi.vuosikello.webhook.ping", 1, result)
    session.add(attempt)
    await session.flush()
    return attempt


def record_attempt(
    endpoint: WebhookEndpoint,
    notification_id: uuid.UUID,
    notification_type: str,
    attempt: int,
    result: SendResult,
    outcome: str | None = None,
) -> WebhookAttempt:
    return WebhookAttempt(
        endpoint_id=endpoint.id,
        notification_id=notification_id,
        notification_type=notification_type,
        attempt=attempt,
        status_code=result.status_code,
        duration_ms=result.duration_ms,
        outcome=outcome or ("succeeded" if result.ok else "failed"),
        error=result.error,
        response_excerpt=result.response_excerpt,
    )
