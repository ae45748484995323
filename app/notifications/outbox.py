"""Commit positions for the outbox on PostgreSQL.

The feed and the webhook cursors read notifications in one total order in which nothing can
ever appear behind a position already handed out. On SQLite writers are serialised, so `seq`
alone is commit order. On PostgreSQL transactions commit in any order, so each writing
transaction takes the next number from the one-row `outbox_position` table as the last thing
before its commit and stamps its notifications with it. The row lock is held until that
commit, so the next writer draws its number only after this one is visible: position order is
commit order, and every committed row is final. This depends on this database alone; a long
transaction elsewhere in the cluster (which held back the earlier pg_snapshot_xmin ordering)
stalls nothing.

The same statement bumps the transaction's change stamps (app/core/stamps.py hands them
over), before it locks the position row: every writer locks the audit chain's head, then
stamp rows, then the position, in that order.
"""

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from app.core import stamps
from app.core.db.dialect import is_postgresql
from app.notifications.models import Notification, OutboxPosition

# Notifications carry this until their transaction's commit stamps its position.
PENDING = -1
_STAMP = "outbox.stamp"
_AFTER_STAMP = "outbox.after_stamp"
_POSITION: sa.Table = OutboxPosition.__table__  # type: ignore[attr-defined]
_NOTIFICATIONS: sa.Table = Notification.__table__  # type: ignore[attr-defined]


def _next_position(bump: tuple[Any, int] | None) -> Any:
    """One round trip: the stamps' bump (if any), then the next position, then this
    transaction's rows stamped with it (the rows waiting are its own: no committed row is
    pending and others' are invisible, so that update locks nothing another writer holds)."""
    advance = sa.update(_POSITION).values(value=_POSITION.c.value + 1)
    ctes = []
    columns: list[Any] = []
    if bump is not None:
        statement, count = bump
        bumped = stamps.bumped(statement)
        # The position row is locked only once the stamp rows are (the subquery runs first).
        advance = advance.where(
            sa.select(sa.func.count()).select_from(bumped).scalar_subquery() >= 0
        )
        ctes.append(bumped)
        # The new stamps go to every process's mirror with this commit (a NOTIFY).
        columns.append(stamps.notify(bumped, count).scalar_subquery())
    position = advance.returning(_POSITION.c.value).cte("next_position")
    stamped = (
        sa.update(_NOTIFICATIONS)
        .where(_NOTIFICATIONS.c.txid == PENDING)
        .values(txid=sa.select(position.c.value).scalar_subquery())
        .cte("stamped")
    )
    return sa.select(position.c.value, *columns).add_cte(*ctes, stamped)


AfterStamp = Callable[[sa.Connection, int], None]


def stamp_at_commit(session: Session) -> None:
    """Mark the session's transaction as one that wrote notifications."""
    session.info[_STAMP] = True
    stamps.hand_over(session)


def after_stamp(session: Session, callback: AfterStamp) -> None:
    """Run `callback(connection, position)` right after this transaction's stamp."""
    stamp_at_commit(session)
    session.info.setdefault(_AFTER_STAMP, []).append(callback)


@event.listens_for(Session, "before_commit")
def _stamp(session: Session) -> None:
    callbacks: list[AfterStamp] = session.info.pop(_AFTER_STAMP, [])
    if not session.info.pop(_STAMP, False):
        return
    session.flush()
    connection = session.connection()
    bump = stamps.take(session)
    if not is_postgresql(connection):
        if bump is not None:
            connection.execute(bump[0])
        return
    position = connection.execute(_next_position(bump)).one()[0]
    for callback in callbacks:
        callback(connection, position)


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(_STAMP, None)
    session.info.pop(_AFTER_STAMP, None)
