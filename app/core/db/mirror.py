"""PostgreSQL: this process's copy of every change stamp, kept fresh by LISTEN/NOTIFY.

Every transaction that bumps stamps also sends `NOTIFY vuosikello_stamps` with the new
values, in the same statement (app/core/stamps.py), so the notification is delivered if and
only if the bump committed. One connection per process listens, loads all stamps once after
its LISTEN (notifications that cross the load are merged by taking the larger value: stamps
only grow) and applies each notification as it arrives. A cached read then compares its
stamp with this copy instead of asking the server.

When the copy may not be trusted, `get` answers `MISSING` and the caller asks the database:

- until the listener is connected and loaded, and from the moment its connection fails (it
  reconnects with back-off, and loads again);
- when the listener has not proved its connection alive for `STALE_AFTER` seconds (a
  heartbeat `SELECT 1` between waits), so a connection lost without a word stops being trusted
  within that bound;
- for a scope this process changed itself, from its commit until the next value is learnt
  (`forget`): the process's own write is seen by its next read without waiting for the
  notification.

What another process committed is seen here once its notification reached this process's
socket: each `get` first reads whatever has arrived there (a non-blocking `consume_input`), so
a read that starts after the notification arrived sees the write. PostgreSQL sends it right
after the commit, before the writer's client hears of the commit.
"""

import asyncio
import contextlib
import logging
import time
import uuid
from typing import Any

import psycopg
from psycopg import pq
from sqlalchemy.engine import make_url

CHANNEL = "vuosikello_stamps"
EVERYTHING = "*"  # a payload that says: too many scopes for one message, load them all again
HEARTBEAT_SECONDS = 1.0
STALE_AFTER = 3.0
APPLICATION_NAME = "vuosikello stamp mirror"  # how it shows in pg_stat_activity
MISSING: Any = object()

log = logging.getLogger("vuosikello.mirror")


class StampMirror:
    def __init__(self, database_url: str) -> None:
        url = make_url(database_url).set(drivername="postgresql")
        self._dsn = url.render_as_string(hide_password=False)
        self._stamps: dict[uuid.UUID, int | None] = {}
        self._live = False
        self._alive_at = float("-inf")
        self._waiting = False  # the listener is inside notifies(): its socket may be read
        self._connection: psycopg.AsyncConnection[Any] | None = None
        self._task: asyncio.Task[None] | None = None
        # Bumped whenever values are dropped: a lookup that began before stores nothing.
        self.generation = 0

    def get(self, scope: uuid.UUID) -> Any:
        """The scope's stamp as committed (None: never bumped), or MISSING."""
        if self._task is None or self._task.done():
            self._start()
            return MISSING
        if not self._live or time.monotonic() - self._alive_at > STALE_AFTER:
            return MISSING
        if not self._drained():
            return MISSING
        return self._stamps.get(scope, MISSING)

    def learn(self, scope: uuid.UUID, stamp: int | None, generation: int) -> None:
        """A stamp read from the database (it is at least what any notification said)."""
        if self._live and generation == self.generation:
            self._merge(scope, stamp)

    def forget(self, scopes: frozenset[uuid.UUID]) -> None:
        """This process committed new stamps for these scopes."""
        self.generation += 1
        for scope in scopes:
            self._stamps.pop(scope, None)

    def _merge(self, scope: uuid.UUID, stamp: int | None) -> None:
        # Stamps only grow: an older value (a lookup or a load that crossed a notification)
        # never replaces a newer one.
        known = self._stamps.get(scope)
        if scope not in self._stamps or (stamp is not None and (known is None or stamp > known)):
            self._stamps[scope] = stamp

    def _apply(self, payload: str) -> None:
        if payload == EVERYTHING:
            self._down()  # the listener connects and loads them all again
            return
        for part in payload.split(","):
            scope, _, stamp = part.partition(":")
            self._merge(uuid.UUID(scope), int(stamp))

    def _drained(self) -> bool:
        """Apply the notifications already in the socket (no waiting); False when the copy
        is no longer to be trusted."""
        connection = self._connection
        if connection is None or not self._waiting:
            return self._live
        pgconn = connection.pgconn
        try:
            pgconn.consume_input()
            # A backend that is terminated sends its FATAL message, then closes: one read may
            # take the message only, the second one sees the close (and raises).
            pgconn.consume_input()
            if pgconn.status != pq.ConnStatus.OK:
                raise psycopg.OperationalError("stamp listener connection closed")
            while (notify := pgconn.notifies()) is not None:
                self._apply(notify.extra.decode())
        except psycopg.Error:
            self._down()
        return self._live

    def _start(self) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self._task = loop.create_task(self._listen())

    def _down(self) -> None:
        self._live = False
        self._stamps.clear()
        self.generation += 1

    async def _listen(self) -> None:
        delay = 0.1
        while True:
            try:
                await self._session()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("stamp listener lost its connection: %s", type(exc).__name__)
            finally:
                self._down()
                self._waiting = False
                if self._connection is not None:
                    await self._connection.close()
                    self._connection = None
            await asyncio.sleep(delay)
            delay = min(delay * 2, 5.0)

    async def _session(self) -> None:
        connection = await psycopg.AsyncConnection.connect(
            self._dsn, autocommit=True, application_name=APPLICATION_NAME,
            keepalives=1, keepalives_idle=5, keepalives_interval=1, keepalives_count=3,
        )  # fmt: skip
        self._connection = connection
        await connection.execute(f"LISTEN {CHANNEL}")
        loaded = await connection.execute("SELECT scope_id, stamp FROM change_stamps")
        rows = await loaded.fetchall()
        for scope, stamp in rows:
            self._merge(scope if isinstance(scope, uuid.UUID) else uuid.UUID(str(scope)), stamp)
        self._alive_at = time.monotonic()
        self._live = True
        log.info("stamp listener connected")
        while True:
            self._waiting = True
            try:
                async for notify in connection.notifies(timeout=HEARTBEAT_SECONDS):
                    self._apply(notify.payload)
            finally:
                self._waiting = False
            await connection.execute("SELECT 1")
            self._alive_at = time.monotonic()
            if not self._live:  # everything to load again
                return

    async def dispose(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
            self._task = None
        if self._connection is not None:
            await self._connection.close()
            self._connection = None
