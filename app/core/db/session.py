"""Async engine and the request-scoped session that owns the transaction."""

import time
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import Depends
from sqlalchemy import event, exc
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlmodel.ext.asyncio.session import AsyncSession

from app.core.config import Settings, get_settings
from app.core.db.lookup import Lookups
from app.core.db.mirror import StampMirror
from app.core.db.sqlite_driver import dbapi as one_crossing_dbapi


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


# A pooled PostgreSQL connection is pinged before use unless the server answered it less than
# this ago. Under load a connection is back in use within milliseconds, and the ping was one
# round trip in ten of a write. A restart takes longer than this, so after one every pooled
# connection is pinged and replaced as with pool_pre_ping (the time is the server's last
# answer, not the return to the pool: a connection idle across the restart is pinged too).
PING_AFTER_IDLE_SECONDS = 1.0
_ANSWERED_AT = "answered_at"


def _note_connected(_dbapi_connection: Any, record: Any) -> None:
    record.info[_ANSWERED_AT] = time.monotonic()


def _note_answered(connection: Any, *_args: Any) -> None:
    connection.info[_ANSWERED_AT] = time.monotonic()  # the connection record's info


def _ping_if_idle(engine: AsyncEngine) -> Any:
    dialect = engine.sync_engine.dialect

    def checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        answered_at = record.info.get(_ANSWERED_AT)
        if answered_at is not None and time.monotonic() - answered_at < PING_AFTER_IDLE_SECONDS:
            return
        if not dialect._do_ping_w_event(dbapi_connection):
            # As pool_pre_ping does: this and every older pooled connection are replaced.
            raise exc.InvalidatePoolError()
        record.info[_ANSWERED_AT] = time.monotonic()

    return checkout


def create_engine(settings: Settings) -> AsyncEngine:
    kwargs: dict[str, Any] = {"echo": settings.database_echo}
    if settings.is_sqlite:
        kwargs["connect_args"] = {"timeout": 10}
        # One handoff to aiosqlite's thread per statement instead of four (sqlite_driver.py).
        kwargs["module"] = one_crossing_dbapi()
    else:
        kwargs.update(pool_size=10, max_overflow=10)
    engine = create_async_engine(settings.database_url, **kwargs)
    if settings.is_sqlite:
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    else:
        # pool_pre_ping, for connections idle a while only (PING_AFTER_IDLE_SECONDS).
        event.listen(engine.sync_engine, "connect", _note_connected)
        event.listen(engine.sync_engine, "after_cursor_execute", _note_answered)
        event.listen(engine.sync_engine, "checkout", _ping_if_idle(engine))
    return engine


class Database:
    """Holds the engine and session factory for one app instance."""

    def __init__(self, settings: Settings) -> None:
        self.engine = create_engine(settings)
        self.sessionmaker = async_sessionmaker(
            self.engine, class_=AsyncSession, expire_on_commit=False, autoflush=False
        )
        self.lookups = Lookups(settings, self.engine)
        # PostgreSQL: the change stamps kept in memory by LISTEN/NOTIFY (cached reads ask
        # nothing while it is live); SQLite's lookup costs microseconds and needs none.
        self.mirror = None if settings.is_sqlite else StampMirror(settings.database_url)

    async def dispose(self) -> None:
        if self.mirror is not None:
            await self.mirror.dispose()
        await self.lookups.dispose()
        await self.engine.dispose()


_database: Database | None = None


def get_database() -> Database:
    global _database
    if _database is None:
        _database = Database(get_settings())
    return _database


def set_database(database: Database | None) -> None:
    global _database
    _database = database


async def get_session() -> AsyncIterator[AsyncSession]:
    """The request's transaction: commit when the handler returns, roll back when it raises."""
    async with get_database().sessionmaker() as session:
        try:
            yield session
            await session.commit()
        except BaseException:
            await session.rollback()
            raise


# scope="function" closes the transaction before the response is sent, so a failed commit
# becomes an error response instead of a success the database never saw.
SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]
