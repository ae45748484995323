"""One network-scoped repository: the only place that limits a query to the caller's networks."""

import uuid
from collections.abc import Iterable, Mapping, Sequence
from enum import Enum
from typing import Any, Generic, Protocol, TypeVar

from sqlalchemy.orm import InstrumentedAttribute
from sqlmodel import SQLModel, select
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import SelectOfScalar

from app.core.crud import get_or_404, scope_to_networks, search
from app.core.pagination import Paged, page

M = TypeVar("M", bound=SQLModel)


class NetworkScope(Protocol):
    """What a repository needs to know about the caller (``app.auth.principal.Principal``)."""

    def visible_networks(
        self, requested: Iterable[uuid.UUID] | None = None
    ) -> set[uuid.UUID] | None: ...

    def ensure_readable(self, network_id: uuid.UUID, what: str = ...) -> None: ...

    def ensure_writable(self, network_id: uuid.UUID, what: str = ...) -> None: ...


class NetworkPaged(Paged, Protocol):
    network_id: uuid.UUID | None


class Repository(Generic[M]):
    """Loads and lists one model's rows as a caller may see them (Polar's RepositoryBase).

    `network_column` is the column naming the row's network (`Network.id` for networks
    themselves); another network's row answers 404 exactly like a missing one. A list is
    narrowed by the query string: `filters` maps a query field to the column it must equal
    when given, `search` names the text columns its `q` searches, and `sort_column` orders
    the pages (by id alone without one).
    """

    def __init__(
        self,
        model: type[M],
        network_column: Any,
        label: str,
        *,
        filters: Mapping[str, Any] | None = None,
        search: Sequence[Any] = (),
        sort_column: Any | None = None,
    ) -> None:
        self.model = model
        self.network_column: InstrumentedAttribute[uuid.UUID] = network_column
        self.label = label
        self.filters = dict(filters or {})
        self.search = tuple(search)
        self.sort_column = sort_column

    def network_of(self, obj: M) -> uuid.UUID:
        network_id: uuid.UUID = getattr(obj, self.network_column.key)
        return network_id

    def ensure_readable(self, principal: NetworkScope, obj: M) -> None:
        principal.ensure_readable(self.network_of(obj), self.label)

    def ensure_writable(self, principal: NetworkScope, obj: M) -> None:
        principal.ensure_writable(self.network_of(obj), self.label)

    async def get(self, session: AsyncSession, principal: NetworkScope, id: uuid.UUID) -> M:
        """The row if the caller may read it; 404 otherwise."""
        obj = await get_or_404(session, self.model, id, self.label)
        self.ensure_readable(principal, obj)
        return obj

    async def get_writable(
        self, session: AsyncSession, principal: NetworkScope, id: uuid.UUID
    ) -> M:
        """The row if the caller may change it; 404 if invisible, 403 if read-only."""
        obj = await self.get(session, principal, id)
        self.ensure_writable(principal, obj)
        return obj

    def readable_statement(
        self, principal: NetworkScope, network_id: uuid.UUID | None = None
    ) -> SelectOfScalar[M]:
        """SELECT of the rows the caller may read, within `network_id` when it is given."""
        requested = [network_id] if network_id else None
        return scope_to_networks(
            select(self.model), self.network_column, principal.visible_networks(requested)
        )

    def listed_statement(self, principal: NetworkScope, query: NetworkPaged) -> SelectOfScalar[M]:
        """`readable_statement` narrowed by the query's filters and search text."""
        return self.narrowed(self.readable_statement(principal, query.network_id), query)

    def narrowed(self, statement: SelectOfScalar[M], query: Paged) -> SelectOfScalar[M]:
        """`statement` with the query's filters and search text."""
        for name, column in self.filters.items():
            value = getattr(query, name)
            if value:
                statement = statement.where(
                    column == (value.value if isinstance(value, Enum) else value)
                )
        if self.search:
            statement = search(statement, getattr(query, "q", None), *self.search)
        return statement

    async def page_of(
        self, session: AsyncSession, statement: SelectOfScalar[M], query: Paged
    ) -> tuple[list[M], str | None]:
        """One page of `statement` in the repository's order."""
        id_column = getattr(self.model, "id")  # noqa: B009 - every model here has one; M does not say so
        return await page(session, statement, id_column, query, self.sort_column)

    async def get_all(
        self, session: AsyncSession, principal: NetworkScope, query: NetworkPaged
    ) -> tuple[list[M], str | None]:
        """One page of the rows the caller may read, within the query's network if it names
        one and narrowed by its filters: the whole `get_all` of a plain resource."""
        return await self.page_of(session, self.listed_statement(principal, query), query)

    async def get_children(
        self, session: AsyncSession, parent_column: Any, parent_id: uuid.UUID, query: Paged
    ) -> tuple[list[M], str | None]:
        """One page of the rows under one parent (`Round.plan_id`), narrowed by the query: the
        caller has read the parent, so its rows need no scope of their own."""
        statement = self.narrowed(select(self.model).where(parent_column == parent_id), query)
        return await self.page_of(session, statement, query)
