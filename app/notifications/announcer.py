"""One announcer per kind of row, so a service says `announce_goal(session, goal, "updated",
changed)` instead of repeating the call's arguments: the type, the public form, the network
and the subject URL are fixed once."""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from pydantic import BaseModel
from sqlmodel.ext.asyncio.session import AsyncSession

from app.notifications.service import announce


class Row(Protocol):
    id: uuid.UUID
    network_id: uuid.UUID


R = TypeVar("R", bound=Row)


@dataclass(frozen=True)
class Announcer(Generic[R]):
    """`resource` names the type (`fi.vuosikello.<resource>.<verb>`), `collection` the path
    of the subject (`/v1/<collection>/<id>`), `public` the form the API shows."""

    resource: str
    collection: str
    public: Callable[[R], BaseModel]

    def __call__(
        self, session: AsyncSession, row: R, verb: str, changed: list[str] | None = None
    ) -> None:
        announce(session, self.resource, verb, self.public(row), network_id=row.network_id,
                 subject=f"/v1/{self.collection}/{row.id}", changed=changed)  # fmt: skip
