"""Fire due reminders: claim rows, write notifications, send email (Zulip-style; reminders
are rows, not scheduler jobs: docs/architecture.md, "The occurrence model").

Claims run in short transactions that lock the due rows: `FOR UPDATE SKIP LOCKED` on
PostgreSQL, so workers take disjoint rows, and `BEGIN IMMEDIATE` on SQLite, so claims are
serialised. A reminder without email is fired inside its claim transaction: its notification
and its `sent` status commit together or not at all. An email reminder is leased to one worker
(`claim_token`, `claimed_until`), re-checked just before sending, and marked sent with its
notification in one transaction once every recipient is settled. Each recipient's outcome is
committed as it happens (app/reminders/deliveries.py): a refused address fails alone, a retry
goes only to those the server has not accepted, and a worker killed mid-send sends at most
the one message in flight again once its lease expires. A stopping worker finishes the
message in flight, records it and leaves the rest to the next worker.
"""

import logging
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.core import clock
from app.core.config import Settings, get_settings
from app.core.db.session import Database, create_engine
from app.core.mail import build
from app.notifications.service import Outgoing, emit_many
from app.reminders import deliveries, email_text, recipients
from app.reminders.models import DeliveryStatus, Reminder, ReminderStatus

log = logging.getLogger("vuosikello.reminders")
EXTRA_TYPES = {"milestone": "deadline.approaching", "task": "task.due"}
EMPTY_RECIPIENTS = {"group_ids": [], "partner_ids": [], "person_ids": [], "assignee": False}
LINKS = {"event": "events", "deadline": "deadlines", "milestone": "deadlines", "task": "tasks"}


def claim_sessionmaker(settings: Settings) -> async_sessionmaker[AsyncSession]:
    """Sessions for claims. On SQLite every transaction starts with BEGIN IMMEDIATE, taking the
    write lock up front, so two workers can never read the same due rows as free."""
    engine = create_engine(settings)
    if settings.is_sqlite:

        def no_implicit_begin(dbapi_connection: DBAPIConnection, _record: object) -> None:
            dbapi_connection.isolation_level = None

        def begin_immediate(connection: Connection) -> None:
            connection.exec_driver_sql("BEGIN IMMEDIATE")

        event.listen(engine.sync_engine, "connect", no_implicit_begin)
        event.listen(engine.sync_engine, "begin", begin_immediate)
    return async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)


@dataclass
class Counts:
    sent: int = 0
    skipped: int = 0
    failed: int = 0
    retried: int = 0
    claimed: list[tuple[uuid.UUID, str]] = field(default_factory=list)
    fired: list[uuid.UUID] = field(default_factory=list)  # sent in the claim transaction

    @property
    def handled(self) -> int:
        return self.sent + self.skipped + self.failed + self.retried + len(self.claimed)


def _iso(instant: datetime | None, zone: ZoneInfo | None = None) -> str | None:
    if instant is None:
        return None
    if zone is not None:
        return instant.astimezone(zone).isoformat()
    return instant.astimezone(UTC).isoformat().replace("+00:00", "Z")


def notification_data(
    reminder: Reminder,
    now: datetime,
    last_error: str | None = None,
    sent_to: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The reminder as GET /v1/reminders/{id} shows it once sent (built by hand: the
    dispatcher writes thousands a second)."""
    zone = ZoneInfo(reminder.timezone)
    return {
        "id": str(reminder.id),
        "network_id": str(reminder.network_id),
        "source_type": reminder.source_type,
        "source_id": str(reminder.source_id),
        "recurrence_id": reminder.recurrence_id,
        "rule_key": reminder.rule_key,
        "offset": reminder.offset,
        "title": reminder.title,
        "item_at": _iso(reminder.item_at, zone),
        "due_at": _iso(reminder.due_at, zone),
        "channels": reminder.channels,
        "recipients": {**EMPTY_RECIPIENTS, **(reminder.recipients or {})},
        "status": ReminderStatus.sent.value,
        "attempts": reminder.attempts + 1,
        "last_error": last_error,
        "sent_at": _iso(now),
        "created_at": _iso(reminder.created_at),
        "deliveries": sent_to or [],
    }


def outgoing(
    reminders: list[Reminder],
    now: datetime,
    last_error: str | None = None,
    sent_to: list[dict[str, Any]] | None = None,
) -> list[Outgoing]:
    """The notifications of fired reminders: reminder.due, and deadline.approaching or
    task.due for milestones and tasks."""
    result = []
    for reminder in reminders:
        if "notification" not in reminder.channels:
            continue
        data = notification_data(reminder, now, last_error, sent_to)
        subject = f"/v1/reminders/{reminder.id}"
        types = ["reminder.due"]
        if reminder.source_type in EXTRA_TYPES:
            types.append(EXTRA_TYPES[reminder.source_type])
        result += [Outgoing(reminder.network_id, kind, subject, data) for kind in types]
    return result


async def fire(
    session: AsyncSession,
    reminders: list[Reminder],
    now: datetime,
    last_error: str | None = None,
    sent_to: list[dict[str, Any]] | None = None,
) -> None:
    """Mark sent and write their notifications, in the caller's transaction."""
    if not reminders:
        return
    ids = [r.id for r in reminders]
    for start in range(0, len(ids), 1000):
        await session.exec(
            sa.update(Reminder)
            .where(col(Reminder.id).in_(ids[start : start + 1000]))
            .values(
                status=ReminderStatus.sent.value,
                sent_at=now,
                attempts=Reminder.attempts + 1,
                last_error=last_error,
                claim_token=None,
                claimed_until=None,
            )
            .execution_options(synchronize_session=False)
        )
    await emit_many(session, outgoing(reminders, now, last_error, sent_to), now)


class Dispatcher:
    def __init__(self, database: Database, settings: Settings | None = None) -> None:
        self.settings = settings or get_settings()
        self.database = database
        self.claims = claim_sessionmaker(self.settings)
        self.worker_id = uuid.uuid4().hex[:12]
        # Set when the worker stops: the message in flight finishes, nothing new starts.
        self.stopping = False

    async def dispose(self) -> None:
        await self.claims.kw["bind"].dispose()

    async def run_once(self) -> int:
        """Claim and handle one batch of due reminders; returns how many were handled."""
        now = clock.now()
        if self.stopping:
            return 0
        counts = await self._claim(now)
        for reminder_id, token in counts.claimed:
            await self._send_email(reminder_id, token)
        return counts.handled

    async def drain(self, max_batches: int = 100) -> int:
        """Handle batches until no due reminder is left (or `max_batches`)."""
        total = 0
        for _ in range(max_batches):
            handled = await self.run_once()
            total += handled
            if handled < self.settings.reminder_batch_size:
                break
        return total

    async def _claim(self, now: datetime) -> Counts:
        settings = self.settings
        grace = timedelta(seconds=settings.reminder_grace_seconds)
        lease = timedelta(seconds=settings.reminder_lease_seconds)
        counts = Counts()
        async with self.claims() as session:
            statement = (
                select(Reminder)
                .where(
                    Reminder.status == ReminderStatus.scheduled.value,
                    Reminder.due_at <= now,
                    sa.or_(
                        col(Reminder.claimed_until).is_(None), col(Reminder.claimed_until) < now
                    ),
                )
                .order_by(col(Reminder.due_at))
                .limit(settings.reminder_batch_size)
                .with_for_update(skip_locked=True)
            )
            rows = list((await session.exec(statement)).all())
            due_now = []
            for reminder in rows:
                # Not a reminder a stopping worker left half sent (it set claimed_until).
                late = now - reminder.due_at > grace and reminder.claimed_until is None
                if reminder.attempts == 0 and late:
                    reminder.status = ReminderStatus.skipped.value
                    reminder.last_error = "more than the grace period late; not sent"
                    session.add(reminder)
                    counts.skipped += 1
                elif "email" in reminder.channels:
                    reminder.claim_token = uuid.uuid4().hex
                    reminder.claimed_until = now + lease
                    session.add(reminder)
                    counts.claimed.append((reminder.id, reminder.claim_token))
                else:
                    due_now.append(reminder)
            # Rows fired in bulk are no longer tracked as objects: only the UPDATE writes them.
            for reminder in due_now:
                session.expunge(reminder)
            await fire(session, due_now, now)
            counts.sent += len(due_now)
            counts.fired += [r.id for r in due_now]
            await session.commit()
        return counts

    async def _recheck(self, reminder_id: uuid.UUID, token: str) -> bool:
        """Renew the lease just before sending; false if the row was moved, cancelled or
        taken over meanwhile."""
        until = clock.now() + timedelta(seconds=self.settings.reminder_lease_seconds)
        async with self.claims() as session:
            result = await session.exec(
                sa.update(Reminder)
                .where(
                    col(Reminder.id) == reminder_id,
                    col(Reminder.claim_token) == token,
                    col(Reminder.status) == ReminderStatus.scheduled.value,
                )
                .values(claimed_until=until)
            )
            await session.commit()
            return result.rowcount == 1

    async def _send_email(self, reminder_id: uuid.UUID, token: str) -> None:
        if not await self._recheck(reminder_id, token):
            return
        now = clock.now()
        async with self.database.sessionmaker() as session:
            reminder = await session.get(Reminder, reminder_id)
            if reminder is None:
                return
            people = await recipients.resolve(session, reminder, now.date())
            known = await deliveries.of_reminder(session, reminder_id)
            outbox = [
                (person.id, self._message(reminder, person, now))
                for person in people
                if person.id not in known or known[person.id].status not in deliveries.SETTLED
            ]
        attempt = await deliveries.send_each(
            self.settings, self.claims, reminder_id, token, outbox, lambda: self.stopping
        )
        await self._finish(reminder_id, token, attempt)

    def _message(self, reminder: Reminder, person: Any, now: datetime) -> Any:
        text = email_text.compose(
            title=reminder.title,
            item_at=reminder.item_at,
            timezone=reminder.timezone,
            all_day=reminder.all_day,
            now=now,
            link=self._link(reminder),
            language=str(person.language or "fi"),
        )
        return build(
            self.settings, person.name, person.email, text.subject, text.body, str(reminder.id)
        )

    async def _finish(
        self, reminder_id: uuid.UUID, token: str, attempt: deliveries.Attempt
    ) -> None:
        """Settle the reminder after an attempt: sent once every recipient is settled (or
        out of attempts), else retried later for the ones left."""
        now = clock.now()
        async with self.claims() as session:
            reminder = (
                await session.exec(
                    select(Reminder)
                    .where(Reminder.id == reminder_id, Reminder.claim_token == token)
                    # Locked until commit, so no worker can take it over in between.
                    .with_for_update()
                )
            ).first()
            if reminder is None:
                await session.rollback()
                return  # moved or taken over while sending
            if attempt.interrupted:
                # Free at once for the next worker, which sends to the rest (not a retry).
                reminder.claim_token, reminder.claimed_until = None, now
                reminder.last_error = f"worker stopped; {len(attempt.pending)} recipients left"
                session.add(reminder)
                await session.commit()
                return
            out_of_attempts = reminder.attempts + 1 >= self.settings.reminder_max_attempts
            status = DeliveryStatus.failed if out_of_attempts else DeliveryStatus.retrying
            for person_id, error in attempt.pending.items():
                await deliveries.record(
                    session, reminder_id, person_id, status, now, error or attempt.error
                )
            await session.flush()
            rows = [
                row
                for _, row in sorted((await deliveries.of_reminder(session, reminder_id)).items())
            ]
            accepted = [row for row in rows if row.status == DeliveryStatus.accepted.value]
            if attempt.pending and not out_of_attempts:
                self._record_failure(reminder, attempt.error or "not delivered")
                session.add(reminder)
            elif accepted or not rows:
                session.expunge(reminder)
                error = deliveries.summary(rows) if rows else "no recipient with an email address"
                await fire(session, [reminder], now, error, [deliveries.public(r) for r in rows])
            else:
                self._record_failure(reminder, deliveries.summary(rows) or "not delivered")
                reminder.status = ReminderStatus.failed.value
                reminder.claimed_until = None
                session.add(reminder)
            await session.commit()
        if attempt.error:
            log.warning("reminder %s: email failed: %s", reminder_id, attempt.error)

    def _record_failure(self, reminder: Reminder, error: str) -> None:
        reminder.attempts += 1
        reminder.last_error = error
        reminder.claim_token = None
        if reminder.attempts >= self.settings.reminder_max_attempts:
            reminder.status = ReminderStatus.failed.value
            reminder.claimed_until = None
        else:
            # Retried once this passes; the grace check does not apply to retries.
            retry = timedelta(seconds=self.settings.reminder_retry_seconds * reminder.attempts)
            reminder.claimed_until = clock.now() + retry

    def _link(self, reminder: Reminder) -> str:
        base = self.settings.public_url.rstrip("/")
        return f"{base}/v1/{LINKS.get(reminder.source_type, 'reminders')}/{reminder.source_id}"
