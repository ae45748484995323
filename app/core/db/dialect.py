"""Which engine a session or connection talks to: the one place that asks."""

from typing import Any

from sqlalchemy.engine import Dialect


def is_postgresql(target: Any) -> bool:
    """Whether `target` (a session, sync or async; a connection; an engine; a dialect) is on
    PostgreSQL; SQLite is the only other engine."""
    if isinstance(target, Dialect):
        return target.name == "postgresql"
    dialect = getattr(target, "dialect", None)
    if dialect is None and hasattr(target, "get_bind"):
        dialect = getattr(target.get_bind(), "dialect", None)
    return dialect is not None and dialect.name == "postgresql"
