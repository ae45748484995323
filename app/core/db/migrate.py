"""Run Alembic migrations from code (the `vuosikello migrate` command and tests)."""

from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory


def project_root() -> Path:
    """The folder with `alembic.ini` and `migrations/`: the source tree in development, the
    working directory of an installed package (the container's WORKDIR)."""
    source_tree = Path(__file__).resolve().parents[3]
    for candidate in (source_tree, Path.cwd()):
        if (candidate / "migrations" / "env.py").exists():
            return candidate
    raise FileNotFoundError("cannot find the migrations/ folder; run from the project folder")


def alembic_config(database_url: str | None = None) -> Config:
    root = project_root()
    config = Config(str(root / "alembic.ini"))
    config.set_main_option("script_location", str(root / "migrations"))
    config.attributes["configure_logging"] = False
    if database_url:
        config.attributes["database_url"] = database_url
    return config


def upgrade(database_url: str | None = None, revision: str = "heads") -> None:
    command.upgrade(alembic_config(database_url), revision)


def downgrade(database_url: str | None = None, revision: str = "base") -> None:
    command.downgrade(alembic_config(database_url), revision)


@cache
def heads() -> frozenset[str]:
    """The head revisions of the migrations this code ships (read once from the scripts)."""
    return frozenset(ScriptDirectory.from_config(alembic_config()).get_heads())
