"""The worker's periodic jobs besides dispatching: horizon, overdue tasks, clean-up."""

import logging
import time
import uuid
from collections.abc import Callable
from datetime import timedelta

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.core import clock
from app.core.config import Settings
from app.core.db.session import Database
from app.deadlines.models import Deadline
from app.deadlines.service import sync_reminders
from app.events.models import Event
from app.flows.schedule import beyond_their_rows, follow_events
from app.flows.sotkanet import refresh_committed
from app.limits import idempotency
from app.limits.models import RateLimitWindow
from app.notifications.service import purge_expired
from app.reminders.materialise import horizon
from app.reminders.models import Reminder, ReminderStatus
from app.tasks.models import Preparation
from app.tasks.service import announce_overdue
from app.webhooks.models import WebhookAttempt

log = logging.getLogger("vuosikello.worker")


# Items per horizon transaction at most: big enough to materialise in bulk, small enough that
# a transaction is short and a stopping worker waits for little.
HORIZON_CHUNK = 50
# What one horizon transaction should take at most. It holds the write lock (SQLite) or its
# sources' row locks (PostgreSQL), and the event loop between its awaits: a long one delays
# the dispatcher's lease renewals in the same process. Chunks halve while they take longer.
CHUNK_SECONDS = 0.5
FIRST_CHUNK = 10  # grows (doubling) while chunks are quick
# How many times `chunk` a chunk may grow to while it rewrites nothing: checking an item whose
# rows reach the horizon is a few aggregate rows, and each chunk is a round trip or five.
READ_ONLY_GROWTH = 20


async def extend_horizon(
    database: Database, stopping: Callable[[], bool] = lambda: False, chunk: int = HORIZON_CHUNK
) -> int:
    """Re-materialise every item with reminders or a preparation plan, so occurrences that
    came into the horizon get their reminder rows and tasks. Idempotent; one short
    transaction per chunk of items, and it stops between chunks once `stopping()` is true.
    Returns how many items it synced."""
    async with database.sessionmaker() as session:
        planned = select(Preparation.event_id)
        with_rules = sa.cast(Event.reminders, sa.String) != "[]"
        event_ids = list(
            (
                await session.exec(
                    select(Event.id)
                    .where(sa.or_(with_rules, col(Event.id).in_(planned)))
                    .order_by(col(Event.id))  # oldest first, in a repeatable order
                )
            ).all()
        )
        deadline_ids = list(
            (await session.exec(select(Deadline.id).order_by(col(Deadline.id)))).all()
        )

    async def sync_events(session: AsyncSession, ids: list[uuid.UUID]) -> int:
        events = (await session.exec(select(Event).where(col(Event.id).in_(ids)))).all()
        # Most items' rows already reach the horizon (their last write, or the last run, put
        # them there): only the others are re-planned against their rows and rewritten.
        stale = await beyond_their_rows(session, events, horizon())
        for start in range(0, len(stale), chunk):  # each write transaction stays as short
            await follow_events(session, stale[start : start + chunk])
            await session.commit()
        return len(stale)

    async def sync_deadlines(session: AsyncSession, ids: list[uuid.UUID]) -> int:
        found = (await session.exec(select(Deadline).where(col(Deadline.id).in_(ids)))).all()
        for deadline in found:
            await sync_reminders(session, deadline)
        return len(found)

    done = 0
    for ids, sync in ((event_ids, sync_events), (deadline_ids, sync_deadlines)):
        position, size = 0, min(chunk, FIRST_CHUNK)
        while position < len(ids):
            if stopping():
                return done
            part = ids[position : position + size]
            began = time.monotonic()
            async with database.sessionmaker() as session:
                rewritten = await sync(session, part)
                await session.commit()
            position += len(part)
            done += len(part)
            took = time.monotonic() - began
            # A chunk that only read (every item's rows reach the horizon) may grow further.
            limit = chunk if rewritten else chunk * READ_ONLY_GROWTH
            size = max(1, size // 2) if took > CHUNK_SECONDS else min(limit, size * 2)
    return done


async def overdue_tasks(database: Database, batch: int = 500) -> int:
    """Announce each open task once when it passes its due time (task.overdue)."""
    async with database.sessionmaker() as session:
        count = await announce_overdue(session, clock.now(), batch)
        await session.commit()
    return count


async def cleanup(database: Database, settings: Settings) -> int:
    """Enforce retention: reminder history (VUOSIKELLO_REMINDER_RETENTION_DAYS), webhook
    delivery logs (VUOSIKELLO_WEBHOOK_DELIVERY_RETENTION_DAYS), notifications
    (VUOSIKELLO_NOTIFICATION_RETENTION_DAYS), expired Idempotency-Keys and ended rate-limit
    windows. The audit log is kept: it is a chain."""
    now = clock.now()
    reminders_cutoff = now - timedelta(days=settings.reminder_retention_days)
    deliveries_cutoff = now - timedelta(days=settings.webhook_delivery_retention_days)
    async with database.sessionmaker() as session:
        reminders = await session.exec(
            sa.delete(Reminder).where(
                col(Reminder.status) != ReminderStatus.scheduled.value,
                col(Reminder.due_at) < reminders_cutoff,
            )
        )
        deliveries = await session.exec(
            sa.delete(WebhookAttempt).where(col(WebhookAttempt.created_at) < deliveries_cutoff)
        )
        windows = await session.exec(
            sa.delete(RateLimitWindow).where(
                col(RateLimitWindow.window_start) < int(now.timestamp()) - 2 * 60
            )
        )
        removed = sum(r.rowcount or 0 for r in (reminders, deliveries, windows))
        removed += await purge_expired(session, now)
        removed += await idempotency.purge_expired(session)
        await session.commit()
    return removed


async def refresh_indicators(database: Database, settings: Settings) -> int:
    """Weekly: each followed Sotkanet indicator's metadata, and its values only when its
    `data-updated` moved (VUOSIKELLO_SOTKANET_REFRESH_INTERVAL_SECONDS)."""
    interval = timedelta(seconds=settings.sotkanet_refresh_interval_seconds)
    results = await refresh_committed(database, older_than=interval)
    failed = [r for r in results if r.outcome == "failed"]
    if failed:
        log.warning("indicators: %d of %d refreshes failed", len(failed), len(results))
    return len(results)
