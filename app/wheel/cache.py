"""Freshness of a network's wheel: one query of counts, latest changes and version sums.

Any insert, update or delete of what a wheel draws moves at least one of them, so the ETag
is exact without hooks in the services that change events; a matching If-None-Match is
answered 304 without expanding or drawing anything.
"""

import hashlib
import uuid
from collections import OrderedDict
from typing import Any

import sqlalchemy as sa
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.core.db.types import UTCDateTime
from app.deadlines.models import Deadline, DeadlineDecision
from app.events.models import Event, EventPartner, OccurrenceOverride
from app.groups.models import Group, Membership
from app.networks.models import Network
from app.partners.models import Partner
from app.tasks.models import Task
from app.wheel.models import CategoryColor

MAX_BYTES = 64 * 1024 * 1024


def _aggregates(table: Any, where: Any, join: tuple[Any, Any] | None = None) -> list[Any]:
    source = table if join is None else table.join(*join)
    rows = select(table.c.updated_at.label("u"), table.c.version.label("v"))
    rows = rows.select_from(source).where(where).subquery()
    return [
        select(sa.func.count()).select_from(rows).scalar_subquery(),
        select(sa.type_coerce(sa.func.max(rows.c.u), UTCDateTime)).scalar_subquery(),
        select(sa.func.coalesce(sa.func.sum(rows.c.v), 0)).scalar_subquery(),
    ]


def fingerprint_query(network_id: uuid.UUID) -> Any:
    events, overrides = Event.__table__, OccurrenceOverride.__table__
    deadlines, decisions = Deadline.__table__, DeadlineDecision.__table__
    groups, memberships = Group.__table__, Membership.__table__
    in_network = events.c.network_id == network_id
    columns = [select(Network.version).where(Network.id == network_id).scalar_subquery()]
    columns += _aggregates(events, in_network)
    columns += _aggregates(overrides, in_network, (events, events.c.id == overrides.c.event_id))
    columns += _aggregates(deadlines, deadlines.c.network_id == network_id)
    columns += _aggregates(
        decisions,
        deadlines.c.network_id == network_id,
        (deadlines, deadlines.c.id == decisions.c.deadline_id),
    )
    columns += _aggregates(Task.__table__, Task.__table__.c.network_id == network_id)
    columns += _aggregates(
        CategoryColor.__table__, CategoryColor.__table__.c.network_id == network_id
    )
    columns += _aggregates(Partner.__table__, Partner.__table__.c.network_id == network_id)
    columns += _aggregates(groups, groups.c.network_id == network_id)
    columns += _aggregates(
        memberships,
        groups.c.network_id == network_id,
        (groups, groups.c.id == memberships.c.group_id),
    )
    links = EventPartner.__table__
    columns.append(
        select(sa.func.count())
        .select_from(links.join(events, events.c.id == links.c.event_id))
        .where(in_network)
        .scalar_subquery()
    )
    return select(*columns)


async def fingerprint(session: AsyncSession, network_id: uuid.UUID) -> tuple[Any, ...]:
    row = (await (await session.connection()).execute(fingerprint_query(network_id))).one()
    return tuple(row)


def etag_for(*parts: Any) -> str:
    return '"' + hashlib.sha256(repr(parts).encode()).hexdigest()[:32] + '"'


class Bodies(OrderedDict):
    """Rendered pictures by (ETag, format), least recently used dropped first."""

    def __init__(self, max_bytes: int = MAX_BYTES) -> None:
        super().__init__()
        self.max_bytes = max_bytes
        self.size = 0

    def take(self, key: tuple[str, str]) -> bytes | None:
        body = self.get(key)
        if body is not None:
            self.move_to_end(key)
        return body

    def keep(self, key: tuple[str, str], body: bytes) -> bytes:
        if key not in self:
            self[key] = body
            self.size += len(body)
        while self.size > self.max_bytes and len(self) > 1:
            _, dropped = self.popitem(last=False)
            self.size -= len(dropped)
        return body

    def clear(self) -> None:
        super().clear()
        self.size = 0


bodies = Bodies()
