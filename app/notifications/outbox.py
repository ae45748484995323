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
"""

from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from app.core.db.dialect import is_postgresql

# Notifications carry this until their transaction's commit stamps its position.
PENDING = -1
_STAMP = "outbox.stamp"
_AFTER_STAMP = "outbox.after_stamp"
# The next position and the stamp of this transaction's rows, in one round trip. The rows
# waiting are this transaction's own (no committed row is pending, others' are invisible), so
# the second update locks nothing another writer holds.
_NEXT_POSITION_AND_STAMP = sa.text(
    "WITH next AS (UPDATE outbox_position SET value = value + 1 RETURNING value),"
    " stamped AS (UPDATE notifications SET txid = next.value FROM next"
    " WHERE notifications.txid = :pending)"
    " SELECT value FROM next"
)

AfterStamp = Callable[[sa.Connection, int], None]


def stamp_at_commit(session: Session) -> None:
    """Mark the session's transaction as one that wrote notifications."""
    session.info[_STAMP] = True


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
    if not is_postgresql(connection):
        return
    position = connection.execute(_NEXT_POSITION_AND_STAMP, {"pending": PENDING}).scalar_one()
    for callback in callbacks:
        callback(connection, position)


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(_STAMP, None)
    session.info.pop(_AFTER_STAMP, None)
