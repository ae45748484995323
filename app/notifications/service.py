"""The transactional outbox: every change writes its notification in the same transaction.

The polling feed reads in the total order (txid, seq) in which no notification can ever appear
behind a cursor already handed out: `seq` on SQLite, where writers are serialised, and the
commit position of app/notifications/outbox.py on PostgreSQL.
"""

import fnmatch
import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, NamedTuple

import sqlalchemy as sa
from pydantic import BaseModel
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from app.audit.service import record_notification
from app.auth.principal import Principal
from app.core.config import get_settings
from app.core.db.base import table_of
from app.core.db.dialect import is_postgresql
from app.core.db.types import utcnow, uuid7
from app.core.errors import Gone, ValidationFailed
from app.core.pagination import cursor_datetime, cursor_int, decode_cursor, encode_cursor
from app.core.repository import Repository
from app.core.requests import current_request_id
from app.core.stamps import touch
from app.notifications import outbox
from app.notifications.models import Notification

TYPE_PREFIX = "fi.vuosikello."


def emit(
    session: AsyncSession,
    *,
    network_id: uuid.UUID,
    type: str,
    subject: str,
    data: BaseModel | dict[str, Any],
    changed: list[str] | None = None,
) -> Notification:
    """Add a notification to the caller's transaction (`type` without the common prefix,
    e.g. "event.updated"). Nothing is announced unless the transaction commits. The network's
    change stamp is bumped in the same transaction (app/core/stamps.py): every change that can
    alter what the network shows passes here, so a cache that checks the stamp is exact."""
    payload = data.model_dump(mode="json") if isinstance(data, BaseModel) else dict(data)
    if changed is not None:
        payload["changed_fields"] = sorted(set(changed))
    notification = Notification(
        network_id=network_id,
        type=TYPE_PREFIX + type,
        subject=subject,
        data=payload,
        request_id=current_request_id(),
        id=uuid7(),  # given, not left to the default factories: see app/core/db/base.py:new_row
        time=utcnow(),
    )
    if is_postgresql(session):
        notification.txid = outbox.PENDING
        outbox.stamp_at_commit(session.sync_session)
    session.add(notification)
    touch(session, network_id)
    record_notification(
        session, type_name=type, subject=subject, network_id=network_id, data=payload,
        changed=changed,
    )  # fmt: skip
    return notification


class Outgoing(NamedTuple):
    """One notification to write in bulk (`type` without the common prefix)."""

    network_id: uuid.UUID
    type: str
    subject: str
    data: dict[str, Any]


async def emit_many(session: AsyncSession, outgoing: Sequence[Outgoing], now: datetime) -> None:
    """`emit` for many notifications in one insert (the reminder dispatcher writes thousands a
    second): the same rows and audit entries, without building an ORM object for each."""
    if not outgoing:
        return
    postgresql = is_postgresql(session)
    rows = []
    for item in outgoing:
        row = {
            "id": uuid7(),
            "network_id": item.network_id,
            "type": TYPE_PREFIX + item.type,
            "subject": item.subject,
            "time": now,
            "data": item.data,
            "request_id": current_request_id(),
        }
        row["txid"] = outbox.PENDING if postgresql else 0
        rows.append(row)
        record_notification(
            session, type_name=item.type, subject=item.subject, network_id=item.network_id,
            data=item.data, changed=None,
        )  # fmt: skip
    if postgresql:
        outbox.stamp_at_commit(session.sync_session)
    touch(session, *{item.network_id for item in outgoing})
    connection = await session.connection()
    await connection.execute(sa.insert(table_of(Notification)), rows)


def cloudevent(notification: Notification) -> dict[str, Any]:
    """The CloudEvents 1.0 structured-mode JSON object of a notification; `requestid` (an
    extension attribute) when an API request caused it."""
    event = {
        "specversion": "1.0",
        "id": str(notification.id),
        "source": f"/v1/networks/{notification.network_id}",
        "type": notification.type,
        "subject": notification.subject,
        "time": notification.time.isoformat().replace("+00:00", "Z"),
        "datacontenttype": "application/json",
        "data": notification.data,
    }
    if notification.request_id:
        event["requestid"] = notification.request_id
    return event


def type_clause(patterns: list[str]) -> sa.ColumnElement[bool]:
    """SQL for a list of notification types or globs (`fi.vuosikello.event.*`, `*`)."""
    clauses: list[sa.ColumnElement[bool]] = []
    for pattern in patterns:
        like = pattern.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        clauses.append(col(Notification.type).like(like.replace("*", "%"), escape="\\"))
    return sa.or_(*clauses)


def _type_filter(types: str | None) -> sa.ColumnElement[bool] | None:
    if not types:
        return None
    patterns = [p.strip() for p in types.split(",") if p.strip()]
    if not patterns or len(patterns) > 50:
        raise ValidationFailed.field(
            "types", "give 1 to 50 comma-separated types", location="query"
        )
    for pattern in patterns:
        if not fnmatch.fnmatch(pattern, "fi.vuosikello.*") and pattern != "*":
            raise ValidationFailed.field(
                "types",
                f"{pattern!r} is not a notification type or glob such as fi.vuosikello.event.*",
                location="query",
            )
    return type_clause(patterns)


def after_position(txid: int, seq: int) -> sa.ColumnElement[bool]:
    txid_column, seq_column = col(Notification.txid), col(Notification.seq)
    return sa.or_(txid_column > txid, sa.and_(txid_column == txid, seq_column > seq))


def _position(cursor: str) -> tuple[int, int]:
    txid, seq, issued = decode_cursor(cursor, 3)
    position = (cursor_int(txid), cursor_int(seq))
    issued_at = cursor_datetime(issued)
    retention = timedelta(days=get_settings().notification_retention_days)
    if issued_at < utcnow() - retention:
        raise Gone(
            "This cursor is older than the notification retention period; notifications "
            "after it may have been deleted. Start again without `after` and reconcile.",
        )
    return position


_notifications = Repository(Notification, Notification.network_id, "Notification")


async def feed(
    session: AsyncSession,
    principal: Principal,
    *,
    network_id: uuid.UUID | None,
    after: str | None,
    types: str | None,
    limit: int,
) -> tuple[list[Notification], str]:
    statement = _notifications.readable_statement(principal, network_id)
    # A role that may not read webhooks, or other clients' feeds, does not read their
    # notifications either (a webhook's URL may carry the receiver's credentials).
    for kind, readable in (("webhook", principal.integrates), ("feed", principal.writes)):
        if not readable:
            statement = statement.where(col(Notification.type).not_like(f"{TYPE_PREFIX}{kind}.%"))
    type_clause = _type_filter(types)
    if type_clause is not None:
        statement = statement.where(type_clause)
    position = _position(after) if after else (-1, -1)
    statement = statement.where(after_position(*position))
    statement = statement.order_by(col(Notification.txid), col(Notification.seq)).limit(limit)
    rows = list((await session.exec(statement)).all())
    # A short page read everything committed, so the cursor is as fresh as now; a full page
    # is only as fresh as its last row (retention may delete what follows an old one).
    stamp = rows[-1].time if len(rows) == limit else utcnow()
    if rows:
        position = (rows[-1].txid, rows[-1].seq or 0)
    # The cursor is always returned: it is where the next poll continues.
    return rows, encode_cursor([position[0], position[1], stamp.isoformat()])


async def purge_expired(session: AsyncSession, now: datetime | None = None) -> int:
    """Delete notifications past the retention period (the clean-up job)."""
    cutoff = (now or utcnow()) - timedelta(days=get_settings().notification_retention_days)
    result = await session.exec(sa.delete(Notification).where(col(Notification.time) < cutoff))
    return result.rowcount or 0


COLLECTIONS = {
    "network": "networks",
    "partner": "partners",
    "person": "people",
    "group": "groups",
    "event": "events",
    "feed": "feeds",
    "webhook": "webhooks",
}


def announce(
    session: AsyncSession,
    resource: str,
    verb: str,
    public: BaseModel,
    *,
    network_id: uuid.UUID,
    subject: str | None = None,
    changed: list[str] | None = None,
) -> Notification | None:
    """Emit `fi.vuosikello.<resource>.<verb>` with the resource as the API shows it. An update
    that changed nothing announces nothing."""
    if verb == "updated" and not changed:
        return None
    subject = subject or f"/v1/{COLLECTIONS[resource]}/{public.id}"  # type: ignore[attr-defined]
    return emit(
        session,
        network_id=network_id,
        type=f"{resource}.{verb}",
        subject=subject,
        data=public,
        changed=changed if verb == "updated" else None,
    )


async def announce_created(
    session: AsyncSession,
    resource: str,
    created: Sequence[tuple[BaseModel, uuid.UUID, str | None]],
) -> None:
    """`announce(..., "created", ...)` for many new rows (a bulk load): each (public form,
    network, subject or None for `/v1/<collection>/<id>`) gets the same notification and audit
    entry, all written in one insert. Flushes first, so they follow what the session holds."""
    if not created:
        return
    await session.flush()
    outgoing = [
        Outgoing(
            network_id=network_id,
            type=f"{resource}.created",
            subject=subject or f"/v1/{COLLECTIONS[resource]}/{public.id}",  # type: ignore[attr-defined]
            data=public.model_dump(mode="json"),
        )
        for public, network_id, subject in created
    ]
    await emit_many(session, outgoing, utcnow())
