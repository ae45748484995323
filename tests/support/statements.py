"""The SQL the in-process app runs: for tests that a path asks the database nothing it does
not need (counts of statements, never timings)."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from app.core.db.session import get_database


@contextmanager
def statements() -> Iterator[list[str]]:
    """Every statement the app's engine sends meanwhile, in order."""
    seen: list[str] = []

    def before(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    database = get_database()
    engine = database.engine.sync_engine
    event.listen(engine, "before_cursor_execute", before)
    database.lookups.trace = seen.append  # the one-row lookups outside sessions too
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", before)
        database.lookups.trace = None
