"""Record audit entries in the caller's transaction and chain them when it commits.

Entries wait in `session.info` until the commit. A `before_commit` hook then takes the chain
lock and reads the head of the chain in one statement (on PostgreSQL the `audit_chain_head`
row's lock, released by the commit itself; SQLite's one write lock) and appends in a second.
So the entries commit with the change or not at all, and two transactions can never link to
the same head.
"""

import uuid
from collections.abc import AsyncIterator, Iterable
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.audit.context import SYSTEM, Actor
from app.audit.models import AuditChainHead, AuditEntry
from app.auth.models import Role
from app.auth.principal import Principal
from app.core.crud import scope_to_networks
from app.core.db.base import table_of
from app.core.db.dialect import is_postgresql
from app.core.db.types import utcnow, uuid7
from app.core.errors import Forbidden
from app.core.pagination import paginate
from app.kernel.audit_chain import GENESIS, ChainVerifier, entry_hash

PENDING = "audit_pending"
ACTOR = "audit_actor"
CHAIN_LOCK = 0x5655_4F53_4155_4449  # "VUOSAUDI": pg_advisory_xact_lock key of the chain
# Notification verbs and the audit action they stand for. Announcements that change nothing a
# user did (a reminder falling due, a task becoming overdue) are not audit entries.
ACTIONS = {
    "created": "create",
    "updated": "update",
    "deleted": "delete",
    "cancelled": "cancel",
    "decided": "decide",
    "rotated": "rotate",
    "disabled": "disable",
    "ping": "ping",
}  # person.erased is recorded by app/privacy itself, on every request


def act_as(session: AsyncSession | Session, actor: Actor) -> None:
    """Name who the session's changes belong to (the principal dependency does this)."""
    session.info[ACTOR] = actor


def record(
    session: AsyncSession | Session,
    *,
    action: str,
    resource_type: str,
    resource_id: uuid.UUID | str | None = None,
    subject: str | None = None,
    network_id: uuid.UUID | None = None,
    fields: Iterable[str] = (),
) -> None:
    """Add an entry to the caller's transaction. `fields` are names, never values."""
    actor: Actor = session.info.get(ACTOR, SYSTEM)
    session.info.setdefault(PENDING, []).append(
        {
            "id": uuid7(),
            "occurred_at": utcnow(),
            "actor": actor.actor,
            "actor_client_id": actor.client_id,
            "role": actor.role,
            "ip": actor.ip,
            "user_agent": actor.user_agent,
            "request_id": actor.request_id,
            "action": action,
            "resource_type": resource_type,
            "resource_id": None if resource_id is None else str(resource_id),
            "subject": subject,
            "network_id": network_id,
            "fields": sorted(set(fields)),
        }
    )


def record_notification(
    session: AsyncSession,
    *,
    type_name: str,
    subject: str,
    network_id: uuid.UUID,
    data: dict[str, Any],
    changed: list[str] | None,
) -> None:
    """Every notified change is an audit entry: the outbox already names each write path."""
    resource_type, _, verb = type_name.rpartition(".")
    action = ACTIONS.get(verb)
    if action is None:
        return
    resource_id = data.get("id") or subject.rstrip("/").rsplit("/", 1)[-1]
    record(
        session,
        action=action,
        resource_type=resource_type,
        resource_id=resource_id,
        subject=subject,
        network_id=network_id,
        fields=changed or (),
    )


_ENTRIES = table_of(AuditEntry)
_HEAD = AuditChainHead.__table__  # type: ignore[attr-defined]
# PostgreSQL: the head row's lock is the chain's. A transaction that waits for it reads the
# row as the one before it left it (READ COMMITTED re-reads an updated row), so two
# transactions can never link to the same head.
_LOCK_HEAD = (
    sa.update(_HEAD)
    .where(_HEAD.c.id == 1)
    .values(seq=_HEAD.c.seq)
    .returning(_HEAD.c.seq, _HEAD.c.hash)
)
# SQLite: one statement takes the write lock (an UPDATE does, even of nothing: the table may be
# empty) and reads the head, the entry with the highest seq.
_LOCK_AND_READ_LAST = (
    sa.update(_ENTRIES)
    .where(_ENTRIES.c.seq == sa.select(sa.func.max(_ENTRIES.c.seq)).scalar_subquery())
    .values(seq=_ENTRIES.c.seq)
    .returning(_ENTRIES.c.seq, _ENTRIES.c.hash)
)
# From this many entries in one commit on, they are inserted with executemany.
BULK_ENTRIES = 50
_LAST = sa.select(_ENTRIES.c.seq, _ENTRIES.c.hash).order_by(_ENTRIES.c.seq.desc()).limit(1)


def _chain(pending: list[dict[str, Any]], seq: int, prev_hash: str) -> list[dict[str, Any]]:
    rows = []
    for entry in pending:
        seq += 1
        row = {**entry, "seq": seq, "prev_hash": prev_hash}
        row["hash"] = prev_hash = entry_hash(row)
        rows.append(row)
    return rows


def append(session: Session, pending: list[dict[str, Any]]) -> None:
    """Chain and insert entries (inside the committing transaction): two statements (three
    for a bulk load)."""
    session.flush()  # write the change first, so the chain lock is held only briefly
    if not is_postgresql(session):
        head = session.execute(_LOCK_AND_READ_LAST).first()
        rows = _chain(pending, *((head[0], head[1]) if head else (0, GENESIS)))
        session.execute(sa.insert(_ENTRIES), rows)
        return
    head = session.execute(_LOCK_HEAD).first()
    if head is None:  # no head row yet (a database restored without it): made once, locked
        session.execute(sa.select(sa.func.pg_advisory_xact_lock(CHAIN_LOCK)))
        last = session.execute(_LAST).first()
        values = (
            {"id": 1, "seq": last[0], "hash": last[1]}
            if last
            else {"id": 1, "seq": 0, "hash": GENESIS}
        )
        session.execute(postgresql.insert(_HEAD).values(values).on_conflict_do_nothing())
        head = session.execute(_LOCK_HEAD).one()
    rows = _chain(pending, head[0], head[1])
    new_head = sa.update(_HEAD).where(_HEAD.c.id == 1)
    new_head = new_head.values(seq=rows[-1]["seq"], hash=rows[-1]["hash"])
    if len(rows) > BULK_ENTRIES:
        # A bulk load: one multi-row VALUES statement would be compiled afresh for every
        # size (seconds for thousands of rows); executemany reuses one compiled insert.
        session.execute(sa.insert(_ENTRIES), rows)
        session.execute(new_head)
        return
    # The entries and the new head in one statement (a data-modifying WITH).
    session.execute(new_head.add_cte(sa.insert(_ENTRIES).values(rows).cte("entries")))


@event.listens_for(Session, "before_commit")
def _chain_pending(session: Session) -> None:
    pending = session.info.pop(PENDING, None)
    if pending:
        append(session, pending)


@event.listens_for(Session, "after_soft_rollback")
def _drop_pending(session: Session, _previous: Any) -> None:
    # What rolled back did not happen: nothing of it is logged.
    session.info.pop(PENDING, None)


async def get_all(
    session: AsyncSession,
    principal: Principal,
    *,
    actor: str | None,
    action: str | None,
    resource_type: str | None,
    resource_id: str | None,
    network_id: uuid.UUID | None,
    since: datetime | None,
    until: datetime | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[AuditEntry], str | None]:
    """Admins read everything; a coordinator reads the entries of its own networks."""
    if not principal.is_admin and principal.role is not Role.coordinator:
        raise Forbidden("Only admins and coordinators may read the audit log")
    requested = [network_id] if network_id else None
    statement = scope_to_networks(
        select(AuditEntry), AuditEntry.network_id, principal.visible_networks(requested)
    )
    for column, value in (
        (AuditEntry.actor, actor),
        (AuditEntry.action, action),
        (AuditEntry.resource_type, resource_type),
        (AuditEntry.resource_id, resource_id),
    ):
        if value is not None:
            statement = statement.where(column == value)
    if since is not None:
        statement = statement.where(AuditEntry.occurred_at >= since)
    if until is not None:
        statement = statement.where(AuditEntry.occurred_at < until)
    return await paginate(session, statement, id_column=AuditEntry.seq, limit=limit, cursor=cursor)


async def entries_in_order(
    session: AsyncSession, batch: int = 2000
) -> AsyncIterator[dict[str, Any]]:
    """Every entry as a plain dict in seq order, a batch at a time (rows, not ORM objects)."""
    table = _ENTRIES
    connection = await session.connection()
    last = 0
    while True:
        statement = sa.select(table).where(table.c.seq > last).order_by(table.c.seq).limit(batch)
        rows = (await connection.execute(statement)).mappings().all()
        for row in rows:
            yield dict(row)
        if len(rows) < batch:
            return
        last = rows[-1]["seq"]


async def verify(session: AsyncSession) -> ChainVerifier:
    """Recompute the whole chain; the verifier says how far it holds."""
    verifier = ChainVerifier()
    async for entry in entries_in_order(session):
        if not verifier.feed(entry):
            break
    return verifier
