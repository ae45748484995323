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

from app.core.db.base import table_of
from app.core.db.changes import change_counts, side_by_side
from app.deadlines.models import Deadline, DeadlineDecision
from app.events.models import Event, EventPartner, OccurrenceOverride
from app.groups.models import Group, Membership
from app.networks.models import Network
from app.partners.models import Partner
from app.tasks.models import Task
from app.wheel.models import CategoryColor

MAX_BYTES = 64 * 1024 * 1024


def fingerprint_query(network_id: uuid.UUID) -> sa.Select[*tuple[Any, ...]]:
    """The network's version, then count, latest change and version sum of each kind of row
    the wheel draws, and the number of event-partner links, in one row."""
    events, overrides = table_of(Event), table_of(OccurrenceOverride)
    deadlines, decisions = table_of(Deadline), table_of(DeadlineDecision)
    groups, memberships = table_of(Group), table_of(Membership)
    in_network = events.c.network_id == network_id
    parts = [
        change_counts(events, in_network),
        change_counts(overrides, in_network, (events, events.c.id == overrides.c.event_id)),
        change_counts(deadlines, deadlines.c.network_id == network_id),
        change_counts(
            decisions,
            deadlines.c.network_id == network_id,
            (deadlines, deadlines.c.id == decisions.c.deadline_id),
        ),
        *(
            change_counts(table, table.c.network_id == network_id)
            for table in (table_of(Task), table_of(CategoryColor), table_of(Partner), groups)
        ),
        change_counts(
            memberships,
            groups.c.network_id == network_id,
            (groups, groups.c.id == memberships.c.group_id),
        ),
    ]
    links = table_of(EventPartner)
    columns: list[sa.ColumnElement[Any]] = [
        select(Network.version).where(Network.id == network_id).scalar_subquery()
    ]
    for part in parts:
        columns += [part.c.n, part.c.changed, part.c.versions]
    columns.append(
        select(sa.func.count())
        .select_from(links.join(events, events.c.id == links.c.event_id))
        .where(in_network)
        .scalar_subquery()
    )
    return sa.select(*columns).select_from(side_by_side(parts))


async def fingerprint(session: AsyncSession, network_id: uuid.UUID) -> tuple[Any, ...]:
    row = (await (await session.connection()).execute(fingerprint_query(network_id))).one()
    return tuple(row)


def etag_for(*parts: Any) -> str:
    return '"' + hashlib.sha256(repr(parts).encode()).hexdigest()[:32] + '"'


class Bodies(OrderedDict[tuple[str, str], bytes]):
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
