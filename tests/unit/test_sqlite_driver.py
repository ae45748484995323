"""The one-crossing SQLite driver (app/core/db/sqlite_driver.py) behaves as aiosqlite's own
adapter does: rows, RETURNING, rowcount, lastrowid, executemany, errors, transactions; each
statement is one call on aiosqlite's thread, and COMMIT / ROLLBACK cross only inside a
transaction."""

from collections.abc import AsyncIterator
from pathlib import Path

import aiosqlite
import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from app.core.config import Settings
from app.core.db.session import create_engine

ITEMS = sa.Table(
    "items",
    sa.MetaData(),
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String, unique=True, nullable=False),
)


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(Settings(database_url=f"sqlite+aiosqlite:///{tmp_path}/driver.db"))
    async with engine.begin() as connection:
        await connection.run_sync(ITEMS.metadata.create_all)
    yield engine
    await engine.dispose()


@pytest.fixture
def crossings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The calls made on aiosqlite's thread, by name."""
    seen: list[str] = []
    original = aiosqlite.Connection._execute

    async def counted(self: aiosqlite.Connection, fn, *args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(getattr(fn, "__name__", repr(fn)))
        return await original(self, fn, *args, **kwargs)

    monkeypatch.setattr(aiosqlite.Connection, "_execute", counted)
    return seen


async def test_results_match_a_plain_driver(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        inserted = await connection.execute(sa.insert(ITEMS).values(name="a"))
        assert inserted.rowcount == 1
        assert inserted.inserted_primary_key == (1,)  # from lastrowid
        returned = await connection.execute(
            sa.insert(ITEMS).values(name="b").returning(ITEMS.c.id, ITEMS.c.name)
        )
        assert returned.all() == [(2, "b")]
        many = await connection.execute(sa.insert(ITEMS), [{"name": "c"}, {"name": "d"}])
        assert many.rowcount == 2
        updated = await connection.execute(
            sa.update(ITEMS).where(ITEMS.c.id > 2).values(name=ITEMS.c.name + "!")
        )
        assert updated.rowcount == 2
        rows = await connection.execute(sa.select(ITEMS).order_by(ITEMS.c.id))
        assert list(rows.keys()) == ["id", "name"]
        assert rows.all() == [(1, "a"), (2, "b"), (3, "c!"), (4, "d!")]
        assert (await connection.execute(sa.select(ITEMS).where(ITEMS.c.id == 9))).first() is None


async def test_errors_and_rollback_are_those_of_the_database(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        await connection.execute(sa.insert(ITEMS).values(name="a"))
    with pytest.raises(sa.exc.IntegrityError):
        async with engine.begin() as connection:
            await connection.execute(sa.insert(ITEMS).values(name="b"))
            await connection.execute(sa.insert(ITEMS).values(name="a"))  # UNIQUE
    async with engine.connect() as connection:
        names = (await connection.execute(sa.select(ITEMS.c.name))).scalars().all()
    assert names == ["a"]  # "b" rolled back with the failed transaction
    with pytest.raises(sa.exc.OperationalError):
        async with engine.connect() as connection:
            await connection.exec_driver_sql("SELECT nothing FROM nowhere")


async def test_one_crossing_per_statement(engine: AsyncEngine, crossings: list[str]) -> None:
    async with engine.connect() as connection:  # warm the pool
        await connection.execute(sa.select(1))
    crossings.clear()
    async with engine.begin() as connection:
        await connection.execute(sa.insert(ITEMS).values(name="a"))
        await connection.execute(sa.select(ITEMS))
    # two statements and the COMMIT; no cursor calls, no ROLLBACK on the pool's reset
    assert crossings == ["_run", "_run", "commit"]
    crossings.clear()
    async with engine.connect() as connection:
        assert (
            await connection.execute(sa.select(sa.func.count()).select_from(ITEMS))
        ).scalar() == 1
    assert crossings == ["_run"]  # a read outside a transaction: nothing to roll back
