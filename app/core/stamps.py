"""Change stamps: one counter row per network, bumped in the same transaction as every change.

Every change that can alter what a network shows passes through one path
(`app.notifications.service.emit`, which `announce` calls), and that path calls `touch`. The
stamps of the networks touched are bumped by one ``INSERT ... ON CONFLICT DO UPDATE`` in the
committing transaction (after the change's own statements, in network order, so two writers
cannot deadlock on them). A reader that remembers a network's stamp so knows with one primary
key lookup whether anything in that network changed since: the iCal feeds revalidate this way
(app/feeds/service.py).

On PostgreSQL the same statement sends the new values with `NOTIFY`, so each process's
stamp mirror (app/core/db/mirror.py) knows them without asking.

One more row, `CREDENTIALS`, is bumped by every change to a client's access (disable, secret
rotation, networks): the principal cache (app/auth/cache.py) checks it.

On PostgreSQL a transaction that writes notifications hands its bump to the outbox's commit
statement (`hand_over`, `take`: app/notifications/outbox.py), one round trip fewer; the
stamp rows are still locked after the change and the audit chain, before the outbox row.

After the commit, listeners registered with `on_committed` hear which scopes changed (the
process's own caches drop their entries at once, before the response is sent).
"""

import uuid
from collections.abc import Callable, Collection
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from sqlmodel import Field, SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

from app.core.db import mirror
from app.core.db.dialect import is_postgresql
from app.core.db.types import UTCDateTime, utcnow

# The scope of clients' credentials: no network has the nil UUID.
CREDENTIALS = uuid.UUID(int=0)
_TOUCHED = "change_stamps_touched"
_COMMITTING = "change_stamps_committing"
_HANDED_OVER = "change_stamps_handed_over"
_listeners: list[Callable[[frozenset[uuid.UUID]], None]] = []
_NOTIFY_AT_MOST = 100  # scopes named in one notification (about 45 bytes each)


class ChangeStamp(SQLModel, table=True):
    """How many committed transactions changed a network (or clients' credentials)."""

    __tablename__ = "change_stamps"

    scope_id: uuid.UUID = Field(primary_key=True)  # a network's id, or CREDENTIALS
    stamp: int = Field(default=0, sa_type=sa.BigInteger)
    changed_at: datetime = Field(sa_type=UTCDateTime)


TABLE: sa.Table = ChangeStamp.__table__  # type: ignore[attr-defined]


def touch(session: AsyncSession | Session, *scope_ids: uuid.UUID) -> None:
    """Bump these scopes' stamps when the session's transaction commits."""
    session.info.setdefault(_TOUCHED, set()).update(scope_ids)


def on_committed(listener: Callable[[frozenset[uuid.UUID]], None]) -> None:
    """Call `listener` with the scopes a transaction bumped, once it has committed."""
    _listeners.append(listener)


def _upsert(session: Session, scope_ids: Collection[uuid.UUID]) -> Any:
    """The bump of these scopes, in scope order (so two writers cannot deadlock on them)."""
    now = utcnow()
    insert = postgresql.insert if is_postgresql(session) else sqlite.insert
    rows = insert(TABLE).values(
        [{"scope_id": s, "stamp": 1, "changed_at": now} for s in sorted(scope_ids)]
    )
    return rows.on_conflict_do_update(
        index_elements=["scope_id"],
        set_={"stamp": TABLE.c.stamp + 1, "changed_at": rows.excluded.changed_at},
    )


def bumped(bump: Any) -> Any:
    """The bump as a CTE of the scopes' new values (PostgreSQL), for `notify`."""
    return bump.returning(TABLE.c.scope_id, TABLE.c.stamp).cte("bumped")


def notify(bumped_stamps: Any, count: int) -> Any:
    """A one-row select that sends the bumped stamps to every process's stamp mirror
    (app/core/db/mirror.py): PostgreSQL delivers a NOTIFY only if its transaction commits."""
    if count > _NOTIFY_AT_MOST:  # a payload is at most 8,000 bytes
        payload: Any = sa.literal(mirror.EVERYTHING)
        return (
            sa.select(sa.func.pg_notify(mirror.CHANNEL, payload))
            .select_from(bumped_stamps)
            .limit(1)
        )
    pair = sa.cast(bumped_stamps.c.scope_id, sa.Text).op("||")(":")
    pair = pair.op("||")(sa.cast(bumped_stamps.c.stamp, sa.Text))
    payload = sa.func.string_agg(pair, ",")
    return sa.select(sa.func.pg_notify(mirror.CHANNEL, payload)).select_from(bumped_stamps)


def _bump_and_notify(session: Session, scope_ids: Collection[uuid.UUID]) -> Any:
    """The bump as one statement; on PostgreSQL it also notifies the stamp mirrors."""
    bump = _upsert(session, scope_ids)
    if not is_postgresql(session):
        return bump
    return notify(bumped(bump), len(scope_ids))


def hand_over(session: Session) -> None:
    """Another commit hook bumps this transaction's stamps, in a statement of its own (`take`)."""
    session.info[_HANDED_OVER] = True


def take(session: Session) -> tuple[Any, int] | None:
    """The bump statement of a transaction handed over and the number of scopes it bumps (None
    when nothing was touched): the taker runs it, and on PostgreSQL its `notify`, before its
    commit."""
    session.info.pop(_HANDED_OVER, None)
    touched = session.info.pop(_TOUCHED, None)
    if not touched:
        return None
    session.info[_COMMITTING] = frozenset(touched)
    return _upsert(session, touched), len(touched)


@event.listens_for(Session, "before_commit")
def _bump(session: Session) -> None:
    if session.info.get(_HANDED_OVER):
        return
    touched = session.info.pop(_TOUCHED, None)
    if touched:
        session.flush()  # the change's own statements first: the stamp rows are locked briefly
        session.execute(_bump_and_notify(session, touched))
        session.info[_COMMITTING] = frozenset(touched)


@event.listens_for(Session, "after_commit")
def _committed(session: Session) -> None:
    committed = session.info.pop(_COMMITTING, None)
    if committed:
        for listener in _listeners:
            listener(committed)


@event.listens_for(Session, "after_soft_rollback")
def _forget(session: Session, _previous: Any) -> None:
    session.info.pop(_TOUCHED, None)
    session.info.pop(_COMMITTING, None)
    session.info.pop(_HANDED_OVER, None)
