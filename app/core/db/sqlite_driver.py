"""SQLite through aiosqlite with one crossing to its thread per statement.

aiosqlite runs every call of the sqlite3 connection on a thread of its own, and SQLAlchemy's
adapter makes four such calls for a statement (open a cursor, execute, fetch, close), then one
each for COMMIT and for the pool's ROLLBACK when the connection is returned. Each crossing is a
thread handoff (about 0.1 ms on an idle machine, more under load), and they were most of what
a write cost (docs/benchmarks.md, "HTTP against the true limit"). Here a statement is one
crossing: the thread opens a cursor, executes, fetches every row and closes it, and hands back
the rows with the description, rowcount and lastrowid. COMMIT and ROLLBACK cross only when a
transaction is open: sqlite3 itself does nothing for them otherwise, so skipping the handoff
changes nothing but its cost. Everything still runs on aiosqlite's thread, in order, so the
event loop never blocks on the database.
"""

import collections
import sqlite3
from collections.abc import Sequence
from typing import Any

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.util.concurrency import await_

Outcome = tuple[list[Any], Any, int, int | None]


def _run(connection: aiosqlite.Connection, operation: str, parameters: Any, many: bool) -> Outcome:
    """On aiosqlite's thread: the whole statement, cursor to close."""
    cursor = connection._conn.cursor()
    try:
        if many:
            cursor.executemany(operation, parameters)
        elif parameters is None:
            cursor.execute(operation)
        else:
            cursor.execute(operation, parameters)
        description = cursor.description
        rows = cursor.fetchall() if description else []
        return rows, description, cursor.rowcount, cursor.lastrowid
    finally:
        cursor.close()


class OneCrossingCursor(AsyncAdapt_aiosqlite_cursor):
    """A buffered cursor whose statement is one call on aiosqlite's thread."""

    __slots__ = ("_arraysize", "_description", "_lastrowid", "_rowcount")

    def __init__(self, adapt_connection: AsyncAdapt_aiosqlite_connection) -> None:
        # No cursor is opened here (the base class crosses to the thread for one).
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._cursor = None  # type: ignore[assignment]
        self._soft_closed_memoized = {}  # type: ignore[assignment]
        self._rows = collections.deque()
        self._description: Any = None
        self._rowcount = -1
        self._lastrowid: int | None = None
        self._arraysize = 1

    @property
    def description(self) -> Any:
        return self._description

    @property
    def rowcount(self) -> int:
        return self._rowcount

    @property
    def lastrowid(self) -> int:
        return self._lastrowid  # type: ignore[return-value]

    @property
    def arraysize(self) -> int:
        return self._arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._arraysize = value

    async def _async_soft_close(self) -> None:
        return  # nothing is open: the rows are already here

    def close(self) -> None:
        self._rows.clear()

    async def _cross(self, operation: str, parameters: Any, many: bool) -> None:
        async with self._adapt_connection._execute_mutex:
            outcome: Outcome = await self._connection._execute(
                _run, self._connection, operation, parameters, many
            )
        rows, self._description, self._rowcount, self._lastrowid = outcome
        self._rows = collections.deque(rows)

    def execute(self, operation: Any, parameters: Any = None) -> None:
        try:
            await_(self._cross(operation, parameters, False))
        except Exception as error:
            self._adapt_connection._handle_exception(error)

    def executemany(self, operation: Any, seq_of_parameters: Sequence[Any]) -> None:
        try:
            await_(self._cross(operation, seq_of_parameters, True))
        except Exception as error:
            self._adapt_connection._handle_exception(error)


class OneCrossingConnection(AsyncAdapt_aiosqlite_connection):
    """aiosqlite's adapted connection with one-crossing cursors, and no handoff for a COMMIT
    or ROLLBACK outside a transaction (sqlite3 skips those itself)."""

    __slots__ = ()
    _cursor_cls = OneCrossingCursor  # type: ignore[assignment]  # a subclass of it

    def _in_transaction(self) -> bool:
        # sqlite3 reads this flag without a thread check; no statement of this connection
        # runs meanwhile (its callers hold it between statements).
        return bool(self._connection._connection and self._connection.in_transaction)

    def commit(self) -> None:
        if self._in_transaction():
            super().commit()

    def rollback(self) -> None:
        if self._in_transaction():
            super().rollback()


class OneCrossingDbapi(AsyncAdapt_aiosqlite_dbapi):
    """The DBAPI module SQLAlchemy's aiosqlite dialect is given (`module=`)."""

    def connect(self, *arg: Any, **kw: Any) -> OneCrossingConnection:
        adapted = super().connect(*arg, **kw)
        return OneCrossingConnection(self, adapted._connection)


def dbapi() -> OneCrossingDbapi:
    return OneCrossingDbapi(aiosqlite, sqlite3)
