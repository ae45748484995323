"""/healthz answers while the process lives; /readyz only when the database is at head."""

import asyncio
import tempfile
from collections.abc import AsyncIterator

import pytest
from sqlalchemy.engine import make_url

from app.core.config import get_settings
from app.core.db.migrate import downgrade, upgrade
from app.core.db.session import Database, get_database, set_database
from tests.support.database import BACKEND, DATABASE_URL, create_database, reset_database


def _other_url() -> str:
    if BACKEND == "postgresql":
        url = make_url(DATABASE_URL)
        return url.set(database=f"{url.database}_ready").render_as_string(hide_password=False)
    return f"sqlite+aiosqlite:///{tempfile.mkdtemp(prefix='vuosikello-ready-')}/ready.db"


@pytest.fixture
async def other_database(app) -> AsyncIterator[str]:
    """The app on a database of its own (empty), the suite's database restored afterwards."""
    url = _other_url()
    if BACKEND == "postgresql":
        create_database(url)
        await asyncio.to_thread(reset_database, url)
    suite = get_database()
    other = Database(get_settings().model_copy(update={"database_url": url}))
    set_database(other)
    yield url
    set_database(suite)
    await other.dispose()


async def test_ready_needs_a_migrated_database(anon, other_database):
    assert (await anon.get("/healthz")).status_code == 200
    empty = await anon.get("/readyz")
    assert empty.status_code == 503
    assert empty.headers["content-type"] == "application/problem+json"
    assert empty.json()["check"] == "database"
    assert "vuosikello migrate" in empty.json()["detail"]

    # Alembic's env.py runs its own event loop: off this one.
    await asyncio.to_thread(upgrade, other_database)
    await asyncio.to_thread(downgrade, other_database, "-1")
    behind = await anon.get("/readyz")
    assert behind.status_code == 503
    assert behind.json()["check"] == "migrations"
    assert behind.json()["current"] != behind.json()["head"]

    await asyncio.to_thread(upgrade, other_database)
    assert (await anon.get("/readyz")).json() == {"status": "ok"}
    assert (await anon.get("/healthz")).status_code == 200


async def test_ready_on_the_suite_database(anon):
    ready = await anon.get("/readyz")
    assert ready.status_code == 200, ready.text
