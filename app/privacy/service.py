"""A person's data export and erasure (GDPR art. 15, 17 and 20).

Erasure pseudonymises instead of deleting: the person row stays, renamed to a stable
pseudonym with its contact details removed, so memberships, task assignments and the
network's meetings and decisions stay intact and consistent ("who chaired in 2025" becomes
"Poistettu henkilö 3f2a"). Feeds of the person's scope are revoked. Stored copies of the
person's name and email in the notification outbox, webhook delivery logs and reminder rows
are rewritten. The audit log never held names or addresses (field names only), so its
hash chain is untouched and still verifies.
"""

from collections.abc import AsyncIterator
from typing import Any

import sqlalchemy as sa
from sqlmodel import SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.audit.models import AuditEntry
from app.audit.service import record
from app.core.db.types import utcnow
from app.feeds import service as feeds
from app.feeds.models import FeedSubscription
from app.groups.models import Membership
from app.limits import idempotency
from app.notifications.models import Notification
from app.notifications.schemas import CloudEvent
from app.notifications.service import cloudevent, emit
from app.people.models import Person
from app.people.schemas import PersonPublic
from app.privacy.schemas import PersonErased, PersonExport
from app.privacy.scrub import Scrubber, pseudonym
from app.reminders.models import Reminder, ReminderDelivery, ReminderStatus
from app.reminders.schemas import to_public as reminder_public
from app.reminders.service import recipient_clause
from app.tasks.models import Task
from app.tasks.views import task_public
from app.webhooks.models import WebhookAttempt, WebhookEndpoint

BATCH = 500


async def _all(session: AsyncSession, statement: Any) -> list[Any]:
    return list((await session.exec(statement)).all())


async def _batches(
    session: AsyncSession, model: type[SQLModel], key: Any, *where: Any
) -> AsyncIterator[list[Any]]:
    """Rows in key order, a batch at a time, so a large network never loads at once."""
    last = None
    while True:
        statement = select(model).where(*where).order_by(key).limit(BATCH)
        if last is not None:
            statement = statement.where(key > last)
        rows = await _all(session, statement)
        if rows:
            yield rows
        if len(rows) < BATCH:
            return
        last = getattr(rows[-1], key.key)


async def export(session: AsyncSession, person: Person) -> PersonExport:
    """Everything held about the person; the export itself is audited."""
    memberships = await _all(session, select(Membership).where(Membership.person_id == person.id))
    tasks = await _all(session, select(Task).where(Task.assignee_id == person.id))
    feed_rows = await _all(
        session, select(FeedSubscription).where(FeedSubscription.person_id == person.id)
    )
    # The same "what reaches this person" as GET /v1/reminders?person_id=.
    sent = await _all(
        session,
        select(Reminder)
        .where(
            Reminder.network_id == person.network_id,
            Reminder.status == ReminderStatus.sent.value,
            await recipient_clause(session, person.id),
        )
        .order_by(col(Reminder.due_at), col(Reminder.id)),
    )
    subjects = [f"/v1/people/{person.id}"]
    subjects += [f"/v1/groups/{m.group_id}/members/{m.id}" for m in memberships]
    notifications = await _all(
        session,
        select(Notification)
        .where(
            Notification.network_id == person.network_id, col(Notification.subject).in_(subjects)
        )
        .order_by(col(Notification.seq)),
    )
    about = [("person", [person.id]), ("membership", [m.id for m in memberships])]
    about.append(("feed", [f.id for f in feed_rows]))
    entries = await _all(
        session,
        select(AuditEntry)
        .where(
            sa.or_(
                *(
                    sa.and_(
                        col(AuditEntry.resource_type) == kind,
                        col(AuditEntry.resource_id).in_([str(i) for i in ids]),
                    )
                    for kind, ids in about
                    if ids
                )
            )
        )
        .order_by(col(AuditEntry.seq)),
    )
    result = PersonExport(
        exported_at=utcnow(),
        person=PersonPublic.model_validate(person),
        memberships=memberships,
        tasks=[task_public(t) for t in tasks],
        reminders_sent=[reminder_public(r) for r in sent],
        feed_subscriptions=feed_rows,
        notifications=[CloudEvent.model_validate(cloudevent(n)) for n in notifications],
        audit_entries=entries,
    )
    record(
        session,
        action="export",
        resource_type="person",
        resource_id=person.id,
        subject=f"/v1/people/{person.id}",
        network_id=person.network_id,
    )
    return result


def _scrub(session: AsyncSession, scrubber: Scrubber, row: SQLModel, *fields: str) -> int:
    """Scrub the named text fields of one row: 1 (and the row saved) when any of them changed."""
    scrubbed = {name: scrubber.text(getattr(row, name)) for name in fields}
    if all(value == getattr(row, name) for name, value in scrubbed.items()):
        return 0
    for name, value in scrubbed.items():
        setattr(row, name, value)
    session.add(row)
    return 1


async def _pseudonymise_history(session: AsyncSession, person: Person, scrubber: Scrubber) -> int:
    """Rewrite stored copies of the person's details; returns the rows changed."""
    changed = 0
    async for rows in _batches(
        session, Notification, Notification.seq, Notification.network_id == person.network_id
    ):
        for notification in rows:
            data = scrubber.value(notification.data)
            is_profile = notification.type.startswith("fi.vuosikello.person.")
            if is_profile and data.get("id") == str(person.id):
                data.update(name=person.name, email=None, title=None)
            if data != notification.data:
                notification.data = data
                session.add(notification)
                changed += 1
    endpoints = select(WebhookEndpoint.id).where(WebhookEndpoint.network_id == person.network_id)
    async for rows in _batches(
        session, WebhookAttempt, WebhookAttempt.id, col(WebhookAttempt.endpoint_id).in_(endpoints)
    ):
        changed += sum(_scrub(session, scrubber, a, "response_excerpt", "error") for a in rows)
    async for rows in _batches(
        session, Reminder, Reminder.id, Reminder.network_id == person.network_id
    ):
        changed += sum(_scrub(session, scrubber, r, "title", "last_error") for r in rows)
    # A server's refusal may quote the address.
    deliveries = select(ReminderDelivery).where(ReminderDelivery.person_id == person.id)
    for delivery in await _all(session, deliveries):
        changed += _scrub(session, scrubber, delivery, "last_error")
    public = PersonPublic.model_validate(person).model_dump(mode="json")
    changed += await idempotency.rewrite_bodies(
        session, lambda body: _scrub_body(scrubber.value(body), public)
    )
    return changed


def _scrub_body(value: Any, public: dict[str, Any]) -> Any:
    """A stored response wherever it shows the person (the created person, an export) shows
    the pseudonym, as GET does now; the title is no free text a scrubber could find."""
    if isinstance(value, list):
        return [_scrub_body(v, public) for v in value]
    if not isinstance(value, dict):
        return value
    value = {k: _scrub_body(v, public) for k, v in value.items()}
    if value.get("id") == public["id"] and "name" in value:
        value.update({k: public[k] for k in ("name", "email", "title", "erased_at") if k in value})
    return value


async def erase(session: AsyncSession, person: Person) -> PersonErased:
    """Pseudonymise the person and their traces; a repeat finds nothing left to do."""
    already = person.erased_at is not None
    revoked = rewritten = 0
    if not already:
        scrubber = Scrubber(person.name, person.email, pseudonym(person.id))
        person.name = pseudonym(person.id)
        person.email = None
        person.title = None
        person.erased_at = utcnow()
        person.touch()
        session.add(person)
        await session.flush()
        for feed in await _all(
            session, select(FeedSubscription).where(FeedSubscription.person_id == person.id)
        ):
            await feeds.delete(session, feed)
            revoked += 1
        rewritten = await _pseudonymise_history(session, person, scrubber)
        await session.flush()
        public = PersonPublic.model_validate(person)
        emit(
            session,
            network_id=person.network_id,
            type="person.erased",
            subject=f"/v1/people/{person.id}",
            data=public,
        )
    # Every request is an administrative action and is audited; names of fields, no values.
    record(
        session,
        action="erase",
        resource_type="person",
        resource_id=person.id,
        subject=f"/v1/people/{person.id}",
        network_id=person.network_id,
        fields=[] if already else ["email", "name", "title"],
    )
    return PersonErased(
        person=PersonPublic.model_validate(person),
        already_erased=already,
        feeds_revoked=revoked,
        records_pseudonymised=rewritten,
    )
