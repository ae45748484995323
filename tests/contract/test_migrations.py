"""Alembic migrations: up from nothing, down to nothing, and in step with the models.

Each test migrates its own scratch database (a new SQLite file, or a throwaway PostgreSQL
database next to the suite's), never the suite's database that other tests are using.
"""

import asyncio
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from tests.support import BACKEND, DATABASE_URL, ROOT


def _model_tables() -> set[str]:
    import app.models  # noqa: F401 - registers every table
    from app.core.db.base import metadata

    return set(metadata.tables)


def _admin_dsn(url: str, database: str) -> str:
    """A libpq DSN for psycopg, from a SQLAlchemy URL, pointed at another database."""
    return (
        make_url(url)
        .set(drivername="postgresql", database=database)
        .render_as_string(hide_password=False)
    )


@pytest.fixture
def scratch_url(tmp_path: Path) -> Iterator[str]:
    if BACKEND != "postgresql":
        yield f"sqlite+aiosqlite:///{tmp_path}/migrations.db"
        return
    import psycopg

    name = f"vk_mig_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(_admin_dsn(DATABASE_URL, "postgres"), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(DATABASE_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(_admin_dsn(DATABASE_URL, "postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _run_sync(url: str, fn):
    """Run `fn(sync_connection)` on the database at `url` through the app's async engine."""
    from app.core.config import get_settings
    from app.core.db.session import create_engine

    async def _go():
        engine = create_engine(get_settings().model_copy(update={"database_url": url}))
        try:
            async with engine.connect() as connection:
                return await connection.run_sync(fn)
        finally:
            await engine.dispose()

    return asyncio.run(_go())


def _tables(url: str) -> set[str]:
    return _run_sync(url, lambda conn: set(sa.inspect(conn).get_table_names()))


def _revision(url: str) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return _run_sync(url, lambda conn: MigrationContext.configure(conn).get_current_revision())


def _head() -> str:
    from alembic.script import ScriptDirectory

    from app.core.db.migrate import alembic_config

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def test_migrations_form_one_line():
    """One head, no branches: `alembic upgrade head` (as the README and the deploy step run
    it) only works on a linear history. Two branches written in parallel need chaining."""
    from alembic.script import ScriptDirectory

    from app.core.db.migrate import alembic_config

    script = ScriptDirectory.from_config(alembic_config())
    heads = script.get_heads()
    children: dict[str | None, list[str]] = {}
    for revision in script.walk_revisions():
        parents = revision.down_revision
        for parent in parents if isinstance(parents, tuple) else (parents,):
            children.setdefault(parent, []).append(revision.revision)
    forks = {parent: sorted(kids) for parent, kids in children.items() if len(kids) > 1}
    assert len(heads) == 1 and not forks, (
        f"migrations branch: heads {sorted(heads)}, revisions with several children {forks}; "
        "set each new revision's down_revision to the previous head"
    )


def test_upgrade_from_empty_downgrade_to_base_and_upgrade_again(scratch_url: str):
    from app.core.db.migrate import downgrade, upgrade

    tables = _model_tables()
    assert not _tables(scratch_url)

    upgrade(scratch_url)
    assert _tables(scratch_url) == tables | {"alembic_version"}
    assert _revision(scratch_url) == _head()

    downgrade(scratch_url, "base")
    leftovers = _tables(scratch_url) - {"alembic_version"}
    assert not leftovers, f"downgrade base left tables behind: {sorted(leftovers)}"
    assert _revision(scratch_url) is None

    upgrade(scratch_url)
    assert _tables(scratch_url) == tables | {"alembic_version"}
    assert _revision(scratch_url) == _head()


def test_models_and_migrations_agree(scratch_url: str):
    """After `upgrade head`, autogenerate finds nothing to do: every model change has a
    migration, and no migration does what the models do not say."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    import app.models  # noqa: F401 - registers every table
    from app.core.db.base import metadata
    from app.core.db.migrate import upgrade

    upgrade(scratch_url)

    def _compare(conn):
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return compare_metadata(context, metadata)

    differences = _run_sync(scratch_url, _compare)
    assert not differences, (
        "models and migrations disagree; write a migration "
        "(`alembic revision --autogenerate -m ...`) and review it:\n"
        + "\n".join(f"  {d}" for d in differences)
    )


def test_alembic_cli_upgrades_and_downgrades(scratch_url: str):
    """The real `alembic` command, configured only through VUOSIKELLO_DATABASE_URL."""
    alembic = Path(sys.executable).parent / "alembic"
    env = {**os.environ, "VUOSIKELLO_DATABASE_URL": scratch_url}

    def run(*args: str) -> str:
        result = subprocess.run(
            [str(alembic), *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, f"alembic {' '.join(args)} failed:\n{result.stderr}"
        return result.stdout

    tables = _model_tables()
    run("upgrade", "head")
    assert _tables(scratch_url) >= tables
    assert _head() in run("current")
    run("downgrade", "base")
    assert not (_tables(scratch_url) & tables)
    run("upgrade", "head")
    assert _revision(scratch_url) == _head()


def test_a_wellbeing_countys_municipality_code_becomes_its_wellbeing_county_code(
    scratch_url: str,
):
    """The migration adding `wellbeing_county_code` moves a wellbeing county's three-digit
    code that is a county code ("019") into it, and leaves every other partner as it was."""
    from alembic.script import ScriptDirectory

    from app.core.db.migrate import alembic_config, upgrade
    from app.core.db.types import UTCDateTime

    script = ScriptDirectory.from_config(alembic_config())
    (migration,) = [
        r for r in script.walk_revisions() if r.doc.startswith("partner_wellbeing_county_code")
    ]
    upgrade(scratch_url, str(migration.down_revision))
    now = sa.func.current_timestamp()

    def stamps() -> list[sa.ColumnClause]:
        return [sa.column(n, UTCDateTime(timezone=True)) for n in ("created_at", "updated_at")]

    networks = sa.table("networks", sa.column("id", sa.Uuid()), sa.column("name", sa.String()),
                        sa.column("version", sa.Integer()), *stamps())  # fmt: skip
    columns = [sa.column(n, sa.String()) for n in ("name", "kind", "municipality_code")]
    partners = sa.table("partners", sa.column("id", sa.Uuid()), sa.column("network_id", sa.Uuid()),
                        sa.column("version", sa.Integer()), *columns, *stamps())  # fmt: skip
    network_id = uuid.uuid4()
    rows = {
        "Pohde": ("wellbeing_county", "019"),
        "Tuntematon": ("wellbeing_county", "999"),
        "Nimetön": ("wellbeing_county", None),
        "Oulu": ("municipality", "564"),
        "Koulu": ("school", "019"),
    }

    def _insert(conn) -> None:
        conn.execute(networks.insert().values(id=network_id, name="Verkosto", version=1,
                                              created_at=now, updated_at=now))  # fmt: skip
        for name, (kind, code) in rows.items():
            conn.execute(partners.insert().values(
                id=uuid.uuid4(), network_id=network_id, name=name, kind=kind,
                municipality_code=code, version=1, created_at=now, updated_at=now,
            ))  # fmt: skip
        conn.commit()

    _run_sync(scratch_url, _insert)
    upgrade(scratch_url, migration.revision)

    def _read(conn) -> dict[str, tuple[str | None, str | None]]:
        result = conn.execute(sa.text(
            "SELECT name, municipality_code, wellbeing_county_code FROM partners"
        ))  # fmt: skip
        return {name: (municipality, county) for name, municipality, county in result}

    assert _run_sync(scratch_url, _read) == {
        "Pohde": (None, "19"),
        "Tuntematon": ("999", None),
        "Nimetön": (None, None),
        "Oulu": ("564", None),
        "Koulu": ("019", None),
    }
