"""The test database: which engine, its URL (one database per pytest-xdist worker), and reset.

`VUOSIKELLO_TEST_BACKEND=postgresql` runs against `VUOSIKELLO_TEST_DATABASE_URL`
(default postgresql+psycopg://postgres@127.0.0.1:5432/test); otherwise SQLite. Under
pytest-xdist, worker gwN uses `<database>_gwN` on the same server, created when missing,
and a SQLite file of its own, so parallel workers never share rows or schema.
"""

import asyncio
import os
import tempfile

import psycopg
from sqlalchemy import text
from sqlalchemy.engine import make_url

BACKEND = os.environ.get("VUOSIKELLO_TEST_BACKEND", "sqlite")
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")


def _postgresql_url() -> str:
    configured = os.environ.get(
        "VUOSIKELLO_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    )
    if not WORKER:
        return configured
    url = make_url(configured)
    return url.set(database=f"{url.database}_{WORKER}").render_as_string(hide_password=False)


if BACKEND == "postgresql":
    DATABASE_URL = _postgresql_url()
else:
    DATABASE_URL = f"sqlite+aiosqlite:///{tempfile.mkdtemp(prefix='vuosikello-test-')}/test.db"


def libpq_url(url: str) -> str:
    """The SQLAlchemy URL as psycopg takes it."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def create_database(url: str) -> None:
    """CREATE DATABASE for `url` on its server unless it exists (per-worker databases)."""
    name = make_url(url).database
    maintenance = make_url(url).set(drivername="postgresql", database="postgres")
    maintenance_url = maintenance.render_as_string(hide_password=False)
    with psycopg.connect(maintenance_url, autocommit=True, connect_timeout=10) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
        if exists.fetchone() is None:
            connection.execute(f'CREATE DATABASE "{name}"')


def reset_database(url: str) -> None:
    """Empty the test database so every run starts from `alembic upgrade head` on nothing."""
    if url.startswith("sqlite"):
        return  # a new temporary file per run
    from app.core.config import get_settings
    from app.core.db.session import create_engine

    if WORKER:
        create_database(url)

    async def _reset() -> None:
        engine = create_engine(get_settings().model_copy(update={"database_url": url}))
        async with engine.begin() as connection:
            await connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            await connection.execute(text("CREATE SCHEMA public"))
        await engine.dispose()

    asyncio.run(_reset())
