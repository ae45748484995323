"""Keyset pagination with opaque cursors: ``?limit=&cursor=`` → ``{data, next_cursor}``."""

import base64
import binascii
import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Protocol, TypeVar

import sqlalchemy as sa
from fastapi import Query
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import SelectOfScalar

from app.core.errors import ValidationFailed

DEFAULT_LIMIT = 50
MAX_LIMIT = 500

LimitParam = Annotated[
    int, Query(ge=1, le=MAX_LIMIT, description=f"Page size, at most {MAX_LIMIT}")
]
CursorParam = Annotated[
    str | None, Query(max_length=500, description="Opaque cursor from the previous page")
]

M = TypeVar("M")


@dataclass
class PageQuery:
    """The query string of a plain list: one page."""

    limit: LimitParam = DEFAULT_LIMIT
    cursor: CursorParam = None


@dataclass
class NetworkPageQuery:
    """The query string of a list that can be narrowed to one network."""

    network_id: uuid.UUID | None = None
    limit: LimitParam = DEFAULT_LIMIT
    cursor: CursorParam = None


def encode_cursor(values: list[Any]) -> str:
    raw = json.dumps(values, separators=(",", ":"), default=str).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, size: int) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise invalid_cursor() from exc
    if not isinstance(values, list) or len(values) != size:
        raise invalid_cursor()
    return values


def invalid_cursor() -> ValidationFailed:
    return ValidationFailed.field(
        "cursor", "is not a cursor this API issued; start again without it", location="query"
    )


# Keys travel as JSON text; what a key must parse back into follows from the column's SQL type
# (never from ``python_type``, which custom types need not implement).
INT64 = range(-(2**63), 2**63)


def cursor_int(raw: Any) -> int:
    """A cursor's integer part: a JSON integer within a signed 64-bit column's range."""
    if isinstance(raw, bool) or not isinstance(raw, int) or raw not in INT64:
        raise invalid_cursor()
    return raw


def cursor_datetime(raw: Any) -> datetime:
    """A cursor's instant: an ISO 8601 string with an offset (sort keys are aware)."""
    try:
        value = datetime.fromisoformat(raw) if isinstance(raw, str) else None
    except ValueError as exc:
        raise invalid_cursor() from exc
    if value is None or value.tzinfo is None:
        raise invalid_cursor()
    return value


def _sql_type(column: Any) -> sa.types.TypeEngine[Any]:
    type_: sa.types.TypeEngine[Any] = column.type
    while isinstance(type_, sa.types.TypeDecorator):
        type_ = type_.impl_instance
    return type_


def _parse_key(raw: Any, column: Any) -> Any:
    type_ = _sql_type(column)
    if isinstance(type_, sa.Uuid) and isinstance(raw, str):
        try:
            return uuid.UUID(raw)
        except ValueError as exc:
            raise invalid_cursor() from exc
    if isinstance(type_, sa.DateTime):
        return cursor_datetime(raw)
    if isinstance(type_, sa.Integer):
        return cursor_int(raw)
    if isinstance(type_, sa.String) and isinstance(raw, str):
        return raw
    raise invalid_cursor()


def _encode_key(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, int):
        return value
    return str(value)


async def paginate(
    session: AsyncSession,
    statement: SelectOfScalar[M],
    *,
    id_column: Any,
    limit: int,
    cursor: str | None,
    sort_column: Any | None = None,
) -> tuple[list[M], str | None]:
    """Order by ``(sort_column, id)`` and return one page plus the cursor for the next."""
    columns = [sort_column, id_column] if sort_column is not None else [id_column]
    if cursor:
        keys = [
            _parse_key(raw, col)
            for raw, col in zip(decode_cursor(cursor, len(columns)), columns, strict=True)
        ]
        if sort_column is None:
            statement = statement.where(id_column > keys[0])
        else:
            statement = statement.where(
                sa.or_(
                    sort_column > keys[0],
                    sa.and_(sort_column == keys[0], id_column > keys[1]),
                )
            )
    statement = statement.order_by(*columns).limit(limit + 1)
    rows = list((await session.exec(statement)).all())
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        values = [getattr(last, col.key) for col in columns]
        next_cursor = encode_cursor([_encode_key(value) for value in values])
    return rows, next_cursor


class Paged(Protocol):
    """A query string with a page: `PageQuery` or any domain query that carries one."""

    limit: int
    cursor: str | None


async def page(
    session: AsyncSession,
    statement: SelectOfScalar[M],
    id_column: Any,
    query: Paged,
    sort_column: Any | None = None,
) -> tuple[list[M], str | None]:
    """`paginate` with the page the query string asked for."""
    return await paginate(session, statement, id_column=id_column, limit=query.limit,
                          cursor=query.cursor, sort_column=sort_column)  # fmt: skip
