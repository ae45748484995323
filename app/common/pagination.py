"""Keyset pagination with opaque cursors: ``?limit=&cursor=`` → ``{data, next_cursor}``."""

import base64
import binascii
import json
import uuid
from datetime import datetime
from typing import Annotated, Any, TypeVar

import sqlalchemy as sa
from fastapi import Query
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import SelectOfScalar

from app.errors import ValidationFailed

DEFAULT_LIMIT = 50
MAX_LIMIT = 500

LimitParam = Annotated[
    int, Query(ge=1, le=MAX_LIMIT, description=f"Page size, at most {MAX_LIMIT}")
]
CursorParam = Annotated[
    str | None, Query(max_length=500, description="Opaque cursor from the previous page")
]

M = TypeVar("M")


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


def _parse_key(raw: Any, column: Any) -> Any:
    try:
        if column.key == "id" or isinstance(column.type, sa.Uuid):
            return uuid.UUID(str(raw))
        python_type = column.type.python_type
        if python_type is datetime:
            return datetime.fromisoformat(str(raw))
        return python_type(raw)
    except (ValueError, TypeError, NotImplementedError) as exc:
        raise invalid_cursor() from exc


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
        next_cursor = encode_cursor(
            [v.isoformat() if isinstance(v, datetime) else str(v) for v in values]
        )
    return rows, next_cursor
