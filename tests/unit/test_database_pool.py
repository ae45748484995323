"""PostgreSQL connections in the pool: one the server has not answered for a while is pinged
before use and replaced when the server dropped it (as pool_pre_ping did); one it answered a
moment ago is used as it is."""

import asyncio

import psycopg
import pytest
import sqlalchemy as sa

from app.core.config import Settings
from app.core.db import session as db_session
from tests.support import BACKEND, DATABASE_URL

pytestmark = pytest.mark.skipif(
    BACKEND != "postgresql", reason="the ping is PostgreSQL's; SQLite has no server to lose"
)


def _terminate(pid: int) -> None:
    dsn = DATABASE_URL.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))


async def test_an_idle_connection_the_server_dropped_is_replaced(monkeypatch) -> None:
    monkeypatch.setattr(db_session, "PING_AFTER_IDLE_SECONDS", 0.2)
    engine = db_session.create_engine(Settings(database_url=DATABASE_URL))
    pings: list[str] = []
    sa.event.listen(
        engine.sync_engine,
        "handle_error",
        lambda context: pings.append("failed") if context.is_pre_ping else None,
    )
    try:
        async with engine.connect() as connection:
            first = (await connection.execute(sa.text("SELECT pg_backend_pid()"))).scalar_one()
        async with engine.connect() as connection:  # answered a moment ago: no ping, same one
            again = (await connection.execute(sa.text("SELECT pg_backend_pid()"))).scalar_one()
        assert again == first and pings == []
        _terminate(first)
        await asyncio.sleep(0.3)  # idle longer than the threshold
        async with engine.connect() as connection:
            replaced = (await connection.execute(sa.text("SELECT pg_backend_pid()"))).scalar_one()
        assert replaced != first
        assert pings == ["failed"]  # found by the ping, not by the request's statement
    finally:
        await engine.dispose()


async def test_a_connection_answered_a_moment_ago_is_used_without_a_ping(monkeypatch) -> None:
    """The trade: no round trip for a connection just returned. If the server dropped it in
    that moment, that one request fails, and the pool replaces its connections at once."""
    monkeypatch.setattr(db_session, "PING_AFTER_IDLE_SECONDS", 60)
    engine = db_session.create_engine(Settings(database_url=DATABASE_URL))
    try:
        async with engine.connect() as connection:
            first = (await connection.execute(sa.text("SELECT pg_backend_pid()"))).scalar_one()
        _terminate(first)
        with pytest.raises(sa.exc.DBAPIError) as failed:
            async with engine.connect() as connection:
                await connection.execute(sa.text("SELECT 1"))
        assert failed.value.connection_invalidated
        async with engine.connect() as connection:
            replaced = (await connection.execute(sa.text("SELECT pg_backend_pid()"))).scalar_one()
        assert replaced != first
    finally:
        await engine.dispose()
