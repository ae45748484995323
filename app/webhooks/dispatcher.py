"""Webhook delivery: at-least-once, in notification order per endpoint, safe with many workers.

Each tick claims due endpoints with a lease (one atomic UPDATE ... RETURNING; on PostgreSQL the
candidates are locked FOR UPDATE SKIP LOCKED, and SQLite runs the statement under its single
writer lock), so no two workers ever send to one endpoint at once. A claimed endpoint sends
the notifications after its cursor one by one and moves the cursor after each 2xx: a crash
between the receiver's 2xx and that commit redelivers one notification, with the same
`webhook-id`, which receivers use to dedupe.
"""

import asyncio
import json
import logging
import os
import random
import socket
import time
import uuid
from datetime import datetime, timedelta
from email.message import EmailMessage

import httpx
import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.core import clock
from app.core import mail as mailer
from app.core.config import get_settings
from app.core.db.dialect import is_postgresql
from app.core.db.session import Database
from app.core.db.types import utcnow
from app.notifications.models import Notification
from app.notifications.service import after_position, cloudevent, emit, type_clause
from app.webhooks.models import WebhookEndpoint
from app.webhooks.sender import SendResult, destination_for, send
from app.webhooks.service import active_secrets, policy, record_attempt

logger = logging.getLogger("vuosikello.webhooks")

# Standard Webhooks' schedule: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h.
RETRY_SCHEDULE = (
    timedelta(0),
    timedelta(seconds=5),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=5),
    timedelta(hours=10),
    timedelta(hours=10),
)
LEASE = timedelta(minutes=2)
BATCH = 100
BATCH_TIME = timedelta(seconds=30)
COMMIT_EVERY = 20
MAX_RETRY_AFTER = timedelta(hours=24)


def retry_delay(attempts_made: int, result: SendResult) -> timedelta | None:
    """Delay before the next attempt, or None when the schedule is exhausted."""
    if attempts_made >= len(RETRY_SCHEDULE):
        return None
    delay = RETRY_SCHEDULE[attempts_made]
    delay += delay * random.uniform(-0.1, 0.1)  # noqa: S311 - jitter, not cryptography
    if result.retry_after is not None:
        delay = max(delay, min(timedelta(seconds=result.retry_after), MAX_RETRY_AFTER))
    return delay


class Dispatcher:
    def __init__(self, database: Database, owner: str | None = None) -> None:
        self.database = database
        self.owner = owner or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        settings = get_settings()
        self.semaphore = asyncio.Semaphore(settings.webhook_max_concurrency)
        self.mail: list[EmailMessage] = []  # sent after the commit that disabled the endpoint
        self.client = httpx.AsyncClient(
            limits=httpx.Limits(max_connections=settings.webhook_max_concurrency * 2)
        )

    async def close(self) -> None:
        await self.client.aclose()

    async def claim(self, now: datetime, limit: int = 50) -> list[uuid.UUID]:
        async with self.database.sessionmaker() as session:
            candidates = (
                select(WebhookEndpoint.id)
                .where(
                    col(WebhookEndpoint.enabled).is_(True),
                    col(WebhookEndpoint.next_attempt_at) <= now,
                    sa.or_(
                        col(WebhookEndpoint.lease_until).is_(None),
                        col(WebhookEndpoint.lease_until) < now,
                    ),
                )
                .order_by(col(WebhookEndpoint.next_attempt_at))
                .limit(limit)
            )
            if is_postgresql(session):
                candidates = candidates.with_for_update(skip_locked=True)
            result = await session.exec(
                sa.update(WebhookEndpoint)
                .where(col(WebhookEndpoint.id).in_(candidates.scalar_subquery()))
                .values(lease_until=now + LEASE, lease_owner=self.owner)
                .returning(col(WebhookEndpoint.id))
            )
            ids: list[uuid.UUID] = [row[0] for row in result.all()]
            await session.commit()
            return ids

    async def tick(self) -> int:
        """Claim due endpoints and deliver to them; returns the number of deliveries made."""
        ids = await self.claim(clock.now())
        counts = await asyncio.gather(*(self._bounded(endpoint_id) for endpoint_id in ids))
        return sum(counts)

    async def _bounded(self, endpoint_id: uuid.UUID) -> int:
        async with self.semaphore:
            try:
                return await self.deliver(endpoint_id)
            except Exception:
                logger.exception("webhook delivery to endpoint %s failed", endpoint_id)
                await self._release(endpoint_id)
                return 0
            finally:
                await self._send_mail()

    async def _send_mail(self) -> None:
        messages, self.mail = self.mail, []
        if not messages:
            return
        try:
            await mailer.send(get_settings(), messages)
        except mailer.MailError as exc:
            logger.warning("could not tell the owner of a disabled webhook: %s", exc)

    async def _release(self, endpoint_id: uuid.UUID) -> None:
        async with self.database.sessionmaker() as session:
            await session.exec(
                sa.update(WebhookEndpoint)
                .where(
                    col(WebhookEndpoint.id) == endpoint_id,
                    col(WebhookEndpoint.lease_owner) == self.owner,
                )
                .values(lease_until=None, lease_owner=None)
            )
            await session.commit()

    async def _pending(
        self, session: AsyncSession, endpoint: WebhookEndpoint
    ) -> list[Notification]:
        statement = select(Notification).where(
            Notification.network_id == endpoint.network_id,
            after_position(endpoint.cursor_txid, endpoint.cursor_seq),
        )
        if endpoint.event_types and "*" not in endpoint.event_types:
            statement = statement.where(type_clause(endpoint.event_types))
        statement = statement.order_by(col(Notification.txid), col(Notification.seq)).limit(BATCH)
        return list((await session.exec(statement)).all())

    async def deliver(self, endpoint_id: uuid.UUID) -> int:
        settings = get_settings()
        started = clock.now()
        delivered = 0
        async with self.database.sessionmaker() as session:
            endpoint = await session.get(WebhookEndpoint, endpoint_id)
            if endpoint is None or endpoint.lease_owner != self.owner:
                return 0
            pending = await self._pending(session, endpoint)
            await session.commit()
            if not pending:
                await self._finish(session, endpoint)
                return 0
            # Resolved and checked once per batch; every request of the batch goes there.
            destination = await destination_for(endpoint.url, policy())
            if isinstance(destination, SendResult):
                self._record(session, endpoint, pending[0], destination)
                await session.commit()
                return 0
            secrets = active_secrets(endpoint, started)
            last_commit, uncommitted = time.perf_counter(), 0
            for notification in pending:
                if clock.now() - started > BATCH_TIME:
                    break
                body = json.dumps(cloudevent(notification), separators=(",", ":"))
                result = await send(
                    self.client,
                    destination,
                    secrets=secrets,
                    msg_id=str(notification.id),
                    body=body,
                    # Signatures carry real time: receivers check it against their clocks.
                    now=utcnow(),
                    timeout_seconds=settings.webhook_timeout_seconds,
                )
                if not self._record(session, endpoint, notification, result):
                    await session.commit()
                    return delivered
                delivered += result.ok
                uncommitted += 1
                # Progress is committed in small groups: a crash re-sends at most these few
                # (with their original webhook-id), and the database is not the bottleneck.
                if uncommitted >= COMMIT_EVERY or time.perf_counter() - last_commit > 0.05:
                    await session.commit()
                    last_commit, uncommitted = time.perf_counter(), 0
            await self._finish(session, endpoint)
        return delivered

    async def _finish(self, session: AsyncSession, endpoint: WebhookEndpoint) -> None:
        endpoint.lease_until = None
        endpoint.lease_owner = None
        await session.commit()

    def _record(
        self,
        session: AsyncSession,
        endpoint: WebhookEndpoint,
        notification: Notification,
        result: SendResult,
    ) -> bool:
        """Store the attempt and the endpoint's new state; True when the cursor moved on."""
        assert notification.seq is not None  # a stored row's position
        settings = get_settings()
        now = clock.now()
        attempt_no = endpoint.head_attempts + 1
        outcome = None
        moved_on = False
        if result.ok:
            endpoint.cursor_txid, endpoint.cursor_seq = notification.txid, notification.seq
            endpoint.head_attempts = 0
            endpoint.failing_since = None
            moved_on = True
        else:
            endpoint.failing_since = endpoint.failing_since or now
            delay = retry_delay(attempt_no, result)
            if result.status_code == 410:
                self._disable(session, endpoint, "the receiver answered 410 Gone")
            elif now - endpoint.failing_since > timedelta(days=settings.webhook_disable_after_days):
                self._disable(
                    session,
                    endpoint,
                    f"failing for more than {settings.webhook_disable_after_days} days",
                )
            elif delay is None:
                # Retries exhausted for this one: record it and go on with the next.
                outcome = "gave_up"
                endpoint.cursor_txid, endpoint.cursor_seq = notification.txid, notification.seq
                endpoint.head_attempts = 0
                moved_on = True
            else:
                endpoint.head_attempts = attempt_no
                endpoint.next_attempt_at = now + delay
            if not moved_on:
                endpoint.lease_until = None
                endpoint.lease_owner = None
        session.add(
            record_attempt(
                endpoint, notification.id, notification.type, attempt_no, result, outcome
            )
        )
        return moved_on

    def _disable(self, session: AsyncSession, endpoint: WebhookEndpoint, reason: str) -> None:
        endpoint.enabled = False
        endpoint.disabled_reason = reason
        endpoint.touch()
        if endpoint.contact_email:
            self.mail.append(_disabled_mail(endpoint, reason))
        logger.warning("webhook endpoint %s disabled: %s", endpoint.id, reason)
        emit(
            session,
            network_id=endpoint.network_id,
            type="webhook.disabled",
            subject=f"/v1/webhooks/{endpoint.id}",
            data={"id": str(endpoint.id), "url": endpoint.url, "reason": reason},
        )


def _disabled_mail(endpoint: WebhookEndpoint, reason: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = get_settings().smtp_from
    message["To"] = endpoint.contact_email
    message["Subject"] = "Vuosikello: webhook poistettu käytöstä / webhook disabled"
    message.set_content(
        f"Vuosikello lopetti webhookin {endpoint.url} lähetykset: {reason}.\n"
        "Korjaa vastaanottaja ja ota webhook uudelleen käyttöön "
        f'(PATCH /v1/webhooks/{endpoint.id} {{"enabled": true}}); lähetys jatkuu siitä, '
        "mihin se jäi.\n\n"
        f"Vuosikello stopped delivering to the webhook {endpoint.url}: {reason}.\n"
        f"Fix the receiver and re-enable it (PATCH /v1/webhooks/{endpoint.id} "
        '{"enabled": true}); delivery resumes where it stopped.\n'
    )
    return message
