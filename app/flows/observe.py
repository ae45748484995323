"""Read the shared state the metrics show from the database, at scrape time."""

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.core import clock, metrics
from app.notifications.models import Notification
from app.notifications.service import after_position
from app.reminders.models import Reminder, ReminderStatus
from app.webhooks.models import WebhookAttempt, WebhookEndpoint

# A scheduled reminder this far past due is late: the worker ticks every second.
LATE_AFTER = timedelta(minutes=1)
OUTCOMES = ("succeeded", "failed", "gave_up")


async def refresh(session: AsyncSession, engine: AsyncEngine) -> None:
    """Set the database-derived gauges; one round of aggregate queries."""
    now = clock.now()
    by_status = dict(
        (
            await session.exec(select(Reminder.status, sa.func.count()).group_by(Reminder.status))
        ).all()
    )
    for status in ReminderStatus:
        metrics.REMINDERS.labels(status.value).set(by_status.get(status.value, 0))
    scheduled = Reminder.status == ReminderStatus.scheduled.value
    due = select(sa.func.count()).where(scheduled, Reminder.due_at <= now)
    metrics.REMINDERS_DUE.set((await session.exec(due)).one())
    late = select(sa.func.count()).where(scheduled, Reminder.due_at <= now - LATE_AFTER)
    metrics.REMINDERS_LATE.set((await session.exec(late)).one())

    attempts = dict(
        (
            await session.exec(
                select(WebhookAttempt.outcome, sa.func.count()).group_by(WebhookAttempt.outcome)
            )
        ).all()
    )
    for outcome in OUTCOMES:
        metrics.WEBHOOK_DELIVERIES.labels(outcome).set(attempts.get(outcome, 0))
    await _endpoint_lag(session, now)
    _pool(engine)


async def _endpoint_lag(session: AsyncSession, now: datetime) -> None:
    endpoints = (
        await session.exec(select(WebhookEndpoint).where(sa.true() == WebhookEndpoint.enabled))
    ).all()
    metrics.WEBHOOK_LAG.clear()  # deleted or disabled endpoints disappear
    metrics.WEBHOOK_PENDING.clear()
    failing = backlog = 0
    for endpoint in endpoints:
        pending, oldest = (
            await session.exec(
                select(sa.func.count(), sa.func.min(Notification.time)).where(
                    Notification.network_id == endpoint.network_id,
                    after_position(endpoint.cursor_txid, endpoint.cursor_seq),
                )
            )
        ).one()
        label = str(endpoint.id)
        metrics.WEBHOOK_PENDING.labels(label).set(pending)
        lag = (now - oldest).total_seconds() if oldest is not None else 0.0
        metrics.WEBHOOK_LAG.labels(label).set(max(lag, 0.0))
        backlog += pending
        failing += endpoint.failing_since is not None
    metrics.OUTBOX_BACKLOG.set(backlog)
    metrics.WEBHOOK_FAILURES.set(failing)


def _pool(engine: AsyncEngine) -> None:
    pool = engine.sync_engine.pool
    for gauge, reading in (
        (metrics.POOL_CHECKED_OUT, "checkedout"),
        (metrics.POOL_SIZE, "size"),
        (metrics.POOL_OVERFLOW, "overflow"),
    ):
        read = getattr(pool, reading, None)  # pools without a queue (SQLite's) lack some
        gauge.set(read() if callable(read) else 0)
