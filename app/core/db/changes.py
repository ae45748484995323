"""Change fingerprints: what an ETag or a cache key needs to notice any write to a set of rows.

Any insert, update or delete of a row moves at least one of count, max(updated_at) and
sum(version) (sum(version) even when another replica's clock lags), so comparing the three is
exact without hooks in the services that write.
"""

from collections.abc import Iterable

import sqlalchemy as sa

from app.core.db.types import UTCDateTime

# A table to join before filtering, and the ON clause (a child table filtered by its parent).
Join = tuple[sa.FromClause, sa.ColumnElement[bool]]


def change_counts(table: sa.Table, where: sa.ColumnElement[bool], *joins: Join) -> sa.Subquery:
    """One row of `n`, `changed` and `versions` over the rows of `table` that `where` selects,
    computed in one scan."""
    source: sa.FromClause = table
    for target, on in joins:
        source = source.join(target, on)
    return (
        sa.select(
            sa.func.count().label("n"),
            sa.type_coerce(sa.func.max(table.c.updated_at), UTCDateTime).label("changed"),
            sa.func.coalesce(sa.func.sum(table.c.version), 0).label("versions"),
        )
        .select_from(source)
        .where(where)
        .subquery()
    )


def side_by_side(parts: Iterable[sa.Subquery]) -> sa.FromClause:
    """One-row subqueries joined into one row: each part is a single row, so joining them on
    TRUE is the (intended) cross join."""
    source, *rest = parts
    joined: sa.FromClause = source
    for part in rest:
        joined = joined.join(part, sa.true())
    return joined
