"""One announcer per kind of row, so a service says `announce_goal(session, goal, "updated",
changed)` instead of repeating the call's arguments: the type, the public form, the network
and the subject URL are fixed once. Its `add`, `change` and `remove` write the row and its
notification in the same transaction, for the services whose writes are just that."""

import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from pydantic import BaseModel
from sqlmodel.ext.asyncio.session import AsyncSession

from app.core.crud import apply_changes, refuse_while_referenced
from app.notifications.service import announce, announce_created


class Row(Protocol):
    id: uuid.UUID
    network_id: uuid.UUID


R = TypeVar("R", bound=Row)


class _Writes(Generic[R]):
    """The plain insert, update and delete of a row, each with its notification."""

    resource: str  # set by the subclasses (dataclass fields)

    async def announce(
        self, session: AsyncSession, row: R, verb: str, changed: list[str] | None = None
    ) -> None:
        raise NotImplementedError

    async def add(self, session: AsyncSession, row: R) -> R:
        """Insert the row and announce it created, in the caller's transaction."""
        session.add(row)
        await session.flush()
        await self.announce(session, row, "created")
        return row

    async def add_many(self, session: AsyncSession, rows: Sequence[R]) -> Sequence[R]:
        """`add` for many rows (a bulk load): one flush (a multi-row insert), and their
        notifications and audit entries in one insert more."""
        session.add_all(rows)
        await session.flush()
        await announce_created(
            session, self.resource, [await self.created(session, row) for row in rows]
        )
        return rows

    async def created(self, session: AsyncSession, row: R) -> tuple[BaseModel, uuid.UUID, str]:
        """What `add_many` announces of a row: its public form, network and subject."""
        raise NotImplementedError

    async def change(self, session: AsyncSession, row: R, changes: dict[str, Any]) -> list[str]:
        """Set the fields, announce what really changed (nothing: no notification)."""
        changed = apply_changes(row, changes)
        session.add(row)
        await session.flush()
        await self.announce(session, row, "updated", changed)
        return changed

    async def remove(self, session: AsyncSession, row: R) -> None:
        """Announce the row deleted (with its last public form) and delete it."""
        await self.announce(session, row, "deleted")
        await session.delete(row)
        await session.flush()

    async def remove_unreferenced(
        self, session: AsyncSession, row: R, column: Any, message: str
    ) -> None:
        """`remove`, refused with a 409 while rows still point at this one (`column == id`);
        `message` says what to do and names their `{count}`."""
        await refuse_while_referenced(session, column, row.id, message)
        await self.remove(session, row)

    # A service's `update` and `delete` where they are nothing but the write (the principal
    # has been checked by the `get_writable` that found the row).
    async def update(
        self, session: AsyncSession, principal: object, row: R, data: BaseModel, /
    ) -> list[str]:
        """The fields the request sent, announced as `change` does."""
        return await self.change(session, row, data.model_dump(exclude_unset=True))

    async def delete(self, session: AsyncSession, principal: object, row: R, /) -> None:
        """The row removed and announced, as `remove` does."""
        await self.remove(session, row)


@dataclass(frozen=True)
class Announcer(_Writes[R]):
    """`resource` names the type (`fi.vuosikello.<resource>.<verb>`), `collection` the path
    of the subject (`/v1/<collection>/<id>`), `public` the form the API shows."""

    resource: str
    collection: str
    public: Callable[[R], BaseModel]
    path: Callable[[R], str] | None = None  # a subject other than `/v1/<collection>/<id>`

    def __call__(
        self, session: AsyncSession, row: R, verb: str, changed: list[str] | None = None
    ) -> None:
        subject = self.path(row) if self.path else f"/v1/{self.collection}/{row.id}"
        announce(session, self.resource, verb, self.public(row), network_id=row.network_id,
                 subject=subject, changed=changed)  # fmt: skip

    async def announce(
        self, session: AsyncSession, row: R, verb: str, changed: list[str] | None = None
    ) -> None:
        self(session, row, verb, changed)

    async def created(self, session: AsyncSession, row: R) -> tuple[BaseModel, uuid.UUID, str]:
        subject = self.path(row) if self.path else f"/v1/{self.collection}/{row.id}"
        return self.public(row), row.network_id, subject


@dataclass(frozen=True)
class LoadingAnnouncer(_Writes[R]):
    """The same where the public form reads the database (a plan's or round's roll-up):
    `await announce_plan(session, plan, "created")`."""

    resource: str
    collection: str
    public: Callable[[AsyncSession, R], Awaitable[BaseModel]]

    async def __call__(
        self, session: AsyncSession, row: R, verb: str, changed: list[str] | None = None
    ) -> None:
        public = await self.public(session, row)
        announce(session, self.resource, verb, public, network_id=row.network_id,
                 subject=f"/v1/{self.collection}/{row.id}", changed=changed)  # fmt: skip

    async def announce(
        self, session: AsyncSession, row: R, verb: str, changed: list[str] | None = None
    ) -> None:
        await self(session, row, verb, changed)

    async def created(self, session: AsyncSession, row: R) -> tuple[BaseModel, uuid.UUID, str]:
        return await self.public(session, row), row.network_id, f"/v1/{self.collection}/{row.id}"
