"""Each email recipient's outcome of a reminder: written as it happens, read by retries (only
those not settled get it again) and shown in the reminder's API representation."""

import asyncio
import logging
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.core import clock
from app.core import mail as mailer
from app.core.config import Settings
from app.reminders.models import DeliveryStatus, Reminder, ReminderDelivery

log = logging.getLogger("vuosikello.reminders")
# Never sent again: accepted by the server, or refused by it for good.
SETTLED = frozenset({DeliveryStatus.accepted.value, DeliveryStatus.refused.value})


@dataclass
class Attempt:
    """What one email attempt left: recipients still to reach, and why."""

    pending: dict[uuid.UUID, str | None] = field(default_factory=dict)
    error: str | None = None
    interrupted: bool = False  # the worker is stopping
    lost: bool = False  # the lease ran out and another worker may have the reminder


async def send_each(
    settings: Settings,
    sessions: async_sessionmaker[AsyncSession],
    reminder_id: uuid.UUID,
    token: str,
    outbox: list[tuple[uuid.UUID, EmailMessage]],
    stopping: Callable[[], bool],
) -> Attempt:
    """Send one message per recipient on one connection, committing each outcome before
    the next message, so neither a retry nor a restart sends an accepted one again. Stops
    between messages once `stopping()`; the message in flight always finishes."""
    attempt = Attempt(pending={person_id: None for person_id, _ in outbox})
    if not outbox:
        return attempt
    lease = timedelta(seconds=settings.reminder_lease_seconds)

    async def settle(person_id: uuid.UUID, status: DeliveryStatus, error: str | None) -> None:
        # The server has answered: the outcome is retried while the lease lasts (a database
        # restart, a dropped connection), since a lost record means a second copy later.
        give_up = time.monotonic() + lease.total_seconds() / 2
        pause = 0.2
        while True:
            now = clock.now()
            try:
                async with sessions() as session:
                    await record(session, reminder_id, person_id, status, now, error)
                    # Each outcome renews the lease: a long group send keeps its reminder.
                    renewed = await session.exec(
                        sa.update(Reminder)
                        .where(col(Reminder.id) == reminder_id, col(Reminder.claim_token) == token)
                        .values(claimed_until=now + lease)
                    )
                    await session.commit()
                break
            except DBAPIError as exc:
                if time.monotonic() + pause > give_up:
                    raise
                log.warning("reminder %s: recording a delivery failed, retrying: %s",
                            reminder_id, type(exc).__name__)  # fmt: skip
                await asyncio.sleep(pause)
                pause = min(pause * 2, 2.0)
        del attempt.pending[person_id]
        attempt.lost = renewed.rowcount != 1

    try:
        async with mailer.Connection(settings) as smtp:
            for person_id, message in outbox:
                if attempt.lost:
                    return attempt  # the worker that took it over sends the rest
                if stopping():
                    attempt.interrupted = True
                    return attempt
                try:
                    await smtp.send(message)
                except mailer.Deferred as exc:
                    attempt.pending[person_id] = attempt.error = str(exc)
                except mailer.Refused as exc:
                    await settle(person_id, DeliveryStatus.refused, str(exc))
                else:
                    await settle(person_id, DeliveryStatus.accepted, None)
    except mailer.MailError as exc:
        attempt.error = str(exc)
    return attempt


async def of_reminders(
    session: AsyncSession, reminder_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[ReminderDelivery]]:
    """The deliveries of these reminders, by reminder, each list in person order."""
    found: dict[uuid.UUID, list[ReminderDelivery]] = {}
    for start in range(0, len(reminder_ids), 500):
        rows = await session.exec(
            select(ReminderDelivery)
            .where(col(ReminderDelivery.reminder_id).in_(reminder_ids[start : start + 500]))
            .order_by(col(ReminderDelivery.reminder_id), col(ReminderDelivery.person_id))
        )
        for row in rows.all():
            found.setdefault(row.reminder_id, []).append(row)
    return found


async def of_reminder(
    session: AsyncSession, reminder_id: uuid.UUID
) -> dict[uuid.UUID, ReminderDelivery]:
    """One reminder's deliveries by person."""
    rows = (await of_reminders(session, [reminder_id])).get(reminder_id, [])
    return {row.person_id: row for row in rows}


async def record(
    session: AsyncSession,
    reminder_id: uuid.UUID,
    person_id: uuid.UUID,
    status: DeliveryStatus,
    now: datetime,
    error: str | None = None,
) -> ReminderDelivery:
    """Add or update one recipient's outcome in the caller's transaction."""
    row = await session.get(ReminderDelivery, (reminder_id, person_id))
    if row is None:
        row = ReminderDelivery(reminder_id=reminder_id, person_id=person_id, status=status.value)
    row.status = status.value
    row.attempts += 1
    row.last_error = error
    row.updated_at = now
    if status == DeliveryStatus.accepted:
        row.accepted_at = now
    session.add(row)
    return row


def public(row: ReminderDelivery) -> dict[str, object]:
    """A delivery as the API shows it (also inside the reminder.due notification)."""
    return {
        "person_id": str(row.person_id),
        "status": row.status,
        "attempts": row.attempts,
        "last_error": row.last_error,
        "accepted_at": None
        if row.accepted_at is None
        else row.accepted_at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
    }


def summary(rows: Sequence[ReminderDelivery]) -> str | None:
    """The reminder's `last_error` when some recipients did not get it, else None."""
    missed = [row for row in rows if row.status != DeliveryStatus.accepted.value]
    if not missed:
        return None
    first = missed[0]
    return (
        f"{len(missed)} of {len(rows)} recipients not reached "
        f"(person {first.person_id}: {first.status}, {first.last_error})"
    )[:1000]
