"""Small helpers every domain service uses the same way."""

import uuid
from collections.abc import Iterable
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlmodel import SQLModel, select
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import SelectOfScalar

from app.core.errors import Conflict, NotFound, ValidationFailed

M = TypeVar("M", bound=SQLModel)


async def get_or_404(session: AsyncSession, model: type[M], id: uuid.UUID, what: str) -> M:
    obj = await session.get(model, id)
    if obj is None:
        # Worded exactly like Principal.ensure_readable: a missing object and another
        # network's object must be indistinguishable.
        raise NotFound(f"{what} not found")
    return obj


def apply_changes(obj: Any, changes: dict[str, Any]) -> list[str]:
    """Set the given fields; return the names that really changed (and bump the version)."""
    table = obj.__table__
    changed = []
    for name, value in changes.items():
        if value is None and name in table.c and not table.c[name].nullable:
            raise ValidationFailed.field(name, "may not be null")
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed.append(name)
    if changed:
        obj.touch()
    return changed


def scope_to_networks(
    statement: SelectOfScalar[M], column: Any, networks: set[uuid.UUID] | None
) -> SelectOfScalar[M]:
    """Limit a list to the caller's networks (``None``: no limit, for admins)."""
    if networks is None:
        return statement
    return statement.where(column.in_(networks) if networks else sa.false())


def within(
    statement: SelectOfScalar[M], column: Any, start: Any | None, end: Any | None
) -> SelectOfScalar[M]:
    """Limit a list to `start <= column < end`; a bound that is not given does not limit."""
    if start:
        statement = statement.where(column >= start)
    if end:
        statement = statement.where(column < end)
    return statement


def search(statement: SelectOfScalar[M], q: str | None, *columns: Any) -> SelectOfScalar[M]:
    """Case-insensitive substring search over text columns; wildcards in `q` are literal."""
    if not q:
        return statement
    return statement.where(sa.or_(*(col.icontains(q, autoescape=True) for col in columns)))


async def referenced(
    session: AsyncSession,
    principal: Any,
    model: type[M],
    id: uuid.UUID,
    field: str,
    *,
    network_id: uuid.UUID | None = None,
) -> M:
    """Load an object named in a request body; 422 on that field if it is missing, invisible
    to the caller, or (when `network_id` is given) in another network."""
    obj = await session.get(model, id)
    owner = None if obj is None else getattr(obj, "network_id", getattr(obj, "id", None))
    if obj is None or owner is None or not principal.can_see(owner):
        raise ValidationFailed.field(field, f"{id} does not exist")
    if network_id is not None and owner != network_id:
        raise ValidationFailed.field(field, f"{id} belongs to another network")
    return obj


async def referenced_change(
    session: AsyncSession,
    principal: Any,
    model: type[M],
    changes: dict[str, Any],
    field: str,
    network_id: uuid.UUID,
) -> None:
    """When an update names another row in `field`, that row is one the caller sees in the
    updated row's network (422 on the field otherwise); null or absent is not checked here."""
    if changes.get(field):
        await referenced(session, principal, model, changes[field], field, network_id=network_id)


async def refuse_while_referenced(
    session: AsyncSession, column: Any, id: uuid.UUID, message: str
) -> None:
    """409 while rows still point at the one being deleted (`column == id`); `message` says
    what to do and names their `{count}`."""
    count = await session.scalar(sa.select(sa.func.count()).where(column == id))
    if count:
        raise Conflict(message.format(count=count))


async def preload(session: AsyncSession, model: type[M], ids: Iterable[uuid.UUID]) -> list[M]:
    """Load these rows into the session in a few queries, so the `referenced` checks of a
    bulk write find them in the identity map instead of asking one by one. The caller keeps
    the returned list while it writes: the identity map holds its rows only weakly."""
    wanted = sorted(set(ids))
    loaded: list[M] = []
    key = model.__table__.c.id  # type: ignore[attr-defined]
    for start in range(0, len(wanted), 1000):
        rows = await session.exec(select(model).where(key.in_(wanted[start : start + 1000])))
        loaded += rows.all()
    return loaded
