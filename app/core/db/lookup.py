"""One-row reads by key that cost one round trip and nothing else: the hot freshness checks
(a warm iCal feed's GET, gzip GET and 304 ask nothing else of the database).

A request's session costs more than the lookup itself: on SQLite every call crosses to the
aiosqlite thread (five or six crossings for BEGIN, execute, fetch, close, COMMIT and the
pool's reset), on PostgreSQL the pool's ping, BEGIN and COMMIT are round trips of their own.
So these reads go around it:

- SQLite: one plain `sqlite3` connection per process, read-only, in autocommit mode (each
  statement reads the latest commit; WAL readers never wait for writers), called on the event
  loop's thread: a primary-key lookup takes microseconds, less than one thread crossing. Its
  busy timeout is short; when it cannot answer, `UNKNOWN` sends the caller the usual way.
- PostgreSQL: a small pool of its own in autocommit mode (no BEGIN, no COMMIT) without the
  ping (a connection that died is replaced and the lookup asked once more).

Statements are compiled once. Values come back as the driver gives them (the caller asks for
integers and strings, which need no conversion).
"""

import sqlite3
import threading
from collections.abc import Callable, Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from app.core.config import Settings

UNKNOWN: Any = object()  # the lookup could not be made: ask through the session instead
_Binds = tuple[Callable[[Any], Any] | None, ...]


class Lookups:
    def __init__(self, settings: Settings, engine: AsyncEngine) -> None:
        self._dialect = engine.dialect
        self._sqlite_path: str | None = None
        self._sqlite: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        self._compiled: dict[int, tuple[sa.Executable, str, tuple[str, ...], _Binds]] = {}
        self._engine: AsyncEngine | None = None
        # Called with each statement's SQL (tests count what a path asks).
        self.trace: Callable[[str], None] | None = None
        if settings.is_sqlite:
            database = make_url(settings.database_url).database
            if database and database != ":memory:":
                self._sqlite_path = database
        else:
            self._engine = create_async_engine(
                settings.database_url,
                isolation_level="AUTOCOMMIT",
                pool_size=4,
                max_overflow=4,
                pool_pre_ping=False,
            )

    def _sql(self, statement: sa.Executable) -> tuple[str, tuple[str, ...], _Binds]:
        known = self._compiled.get(id(statement))
        if known is None or known[0] is not statement:
            compiled = statement.compile(dialect=self._dialect)  # type: ignore[attr-defined]
            names = tuple(compiled.positiontup or ())
            # A uuid parameter is stored as its hex text on SQLite: the column type converts.
            processors = compiled._bind_processors
            binds = tuple(processors.get(n) for n in names)
            known = (statement, str(compiled), names, binds)
            self._compiled[id(statement)] = known
        return known[1], known[2], known[3]

    async def one(self, statement: sa.Executable, params: Mapping[str, Any]) -> Any:
        """The first row as a tuple, None when there is none, or UNKNOWN."""
        if self._engine is not None:
            return await self._postgresql(statement, params)
        if self._sqlite_path is None:
            return UNKNOWN
        sql, names, binds = self._sql(statement)
        if self.trace is not None:
            self.trace(sql)
        values = [
            params[n] if b is None else b(params[n]) for n, b in zip(names, binds, strict=True)
        ]
        try:
            with self._lock:
                if self._sqlite is None:
                    self._sqlite = _open(self._sqlite_path)
                row = self._sqlite.execute(sql, values).fetchone()
        except sqlite3.Error:
            return UNKNOWN
        return None if row is None else tuple(row)

    async def _postgresql(self, statement: sa.Executable, params: Mapping[str, Any]) -> Any:
        assert self._engine is not None
        if self.trace is not None:
            self.trace(str(statement))
        for attempt in (1, 2):
            try:
                async with self._engine.connect() as connection:
                    row = (await connection.execute(statement, dict(params))).first()
                    return None if row is None else tuple(row)
            except sa.exc.DBAPIError as exc:
                if not exc.connection_invalidated or attempt == 2:
                    return UNKNOWN
        return UNKNOWN

    async def dispose(self) -> None:
        if self._engine is not None:
            await self._engine.dispose()
        with self._lock:
            if self._sqlite is not None:
                self._sqlite.close()
                self._sqlite = None


def _open(path: str) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    connection.execute("PRAGMA busy_timeout=50")
    connection.execute("PRAGMA query_only=ON")
    return connection
