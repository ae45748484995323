"""An event as the recurrence engine sees it: its series, its per-occurrence state and links."""

import uuid
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.events.models import Event, EventPartner, OccurrenceOverride
from app.kernel.recurrence import Override, Series, orphaned_overrides
from app.kernel.timefields import zone


def series_of(event: Event | sa.Row[*tuple[Any, ...]]) -> Series:
    """The event's series for app/kernel/recurrence.py (from the model or a column row)."""
    return Series(
        start=event.start_local,
        end=event.end_local,
        zone=zone(event.timezone),
        all_day=event.all_day,
        rrule=event.rrule,
        exdates=frozenset(event.exdates or ()),
    )


def override_of(row: OccurrenceOverride | sa.Row[*tuple[Any, ...]]) -> Override:
    """A stored per-occurrence change as the recurrence engine's Override (from the model, or
    a column row that may leave out the fields and the cancellation: a move alone)."""
    fields = {
        name: getattr(row, name, None)
        for name in ("title", "description", "location")
        if getattr(row, name, None) is not None
    }
    return Override(
        recurrence_id=row.recurrence_id,
        cancelled=bool(getattr(row, "cancelled", False)),
        start=row.start_local,
        end=row.end_local,
        fields=fields,
    )


async def partner_ids_of(
    session: AsyncSession, event_ids: list[uuid.UUID]
) -> dict[uuid.UUID, list[uuid.UUID]]:
    """Partner ids per event, for a page of events in one query."""
    result: dict[uuid.UUID, list[uuid.UUID]] = {event_id: [] for event_id in event_ids}
    if not event_ids:
        return result
    rows = await session.exec(select(EventPartner).where(col(EventPartner.event_id).in_(event_ids)))
    for link in rows.all():
        result[link.event_id].append(link.partner_id)
    return {k: sorted(v) for k, v in result.items()}


async def overrides_of(
    session: AsyncSession, event_ids: list[uuid.UUID]
) -> dict[uuid.UUID, list[OccurrenceOverride]]:
    """The per-occurrence state rows of each event, in one query."""
    result: dict[uuid.UUID, list[OccurrenceOverride]] = {event_id: [] for event_id in event_ids}
    if not event_ids:
        return result
    rows = await session.exec(
        select(OccurrenceOverride).where(col(OccurrenceOverride.event_id).in_(event_ids))
    )
    for row in rows.all():
        result[row.event_id].append(row)
    return result


async def get_override(
    session: AsyncSession, event: Event, recurrence_id: str
) -> OccurrenceOverride | None:
    """The state row of one occurrence, if it has one."""
    rows = await session.exec(
        select(OccurrenceOverride).where(
            OccurrenceOverride.event_id == event.id,
            OccurrenceOverride.recurrence_id == recurrence_id,
        )
    )
    return rows.first()


async def orphaned_of(session: AsyncSession, event: Event) -> list[str]:
    """Recurrence ids of overrides that the current rrule no longer produces."""
    rows = (await overrides_of(session, [event.id]))[event.id]
    if not rows:
        return []
    return orphaned_overrides(series_of(event), [row.recurrence_id for row in rows])


_LINKS = EventPartner.__table__  # type: ignore[attr-defined]
_OVERRIDES = OccurrenceOverride.__table__  # type: ignore[attr-defined]
# An event's partner ids and its overrides' recurrence ids in one round trip, built once.
LINKS_AND_OVERRIDES = sa.union_all(
    sa.select(_LINKS.c.partner_id, sa.null().label("recurrence_id")).where(
        _LINKS.c.event_id == sa.bindparam("event_id")
    ),
    sa.select(sa.null(), _OVERRIDES.c.recurrence_id).where(
        _OVERRIDES.c.event_id == sa.bindparam("event_id")
    ),
)


async def links_and_overrides(
    session: AsyncSession, event_id: uuid.UUID
) -> tuple[list[uuid.UUID], list[str]]:
    """What the public view of one event needs besides its row: (partner ids, recurrence ids
    of its overrides)."""
    connection = await session.connection()
    rows = (await connection.execute(LINKS_AND_OVERRIDES, {"event_id": event_id})).all()
    partners = sorted(r[0] for r in rows if r[0] is not None)
    return partners, [r[1] for r in rows if r[1] is not None]
