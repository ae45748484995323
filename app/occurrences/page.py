"""A timeline page from its keys: the page's events and overrides read as columns, each
occurrence placed again with its full state and shown as the API shows it."""

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from app.events.models import EventStatus
from app.events.schemas import OccurrencePublic
from app.kernel.recurrence import Override, Series, parse_recurrence_id, place, with_offset
from app.kernel.timefields import zone
from app.occurrences.items import TimelineItem
from app.occurrences.keys import EVENTS, OVERRIDES, Scope, override_of_row

# The network and group ids as the driver gives them, turned into UUIDs once per value.
PAGE_COLUMNS = (EVENTS.id, sa.type_coerce(EVENTS.network_id, sa.String).label("network_id"),
                sa.type_coerce(EVENTS.group_id, sa.String).label("group_id"), EVENTS.title,
                EVENTS.location, EVENTS.category, EVENTS.status, EVENTS.all_day,
                EVENTS.timezone, EVENTS.start_local, EVENTS.end_local)  # fmt: skip
OVERRIDE_COLUMNS = (OVERRIDES.event_id, OVERRIDES.recurrence_id, OVERRIDES.cancelled,
                    OVERRIDES.start_local, OVERRIDES.end_local, OVERRIDES.title,
                    OVERRIDES.description, OVERRIDES.location)  # fmt: skip
# Beyond this many events a page reads the window's events rather than a list of ids.
MANY = 500


@dataclass(slots=True)
class LeanOccurrence:
    """An event occurrence with the fields of OccurrencePublic, without validation (and,
    for the wheel, without its description)."""

    event_id: uuid.UUID
    network_id: uuid.UUID
    group_id: uuid.UUID | None
    recurrence_id: str
    title: str
    description: str | None
    location: str | None
    category: str | None
    start: date | datetime
    end: date | datetime
    all_day: bool
    timezone: str
    status: EventStatus
    overridden: bool
    kind: str = "event"


async def page_entries(
    conn: AsyncConnection, scope: Scope, page: list[Any], *, public: bool = True
) -> list[Any]:
    """The page's items in key order: event occurrences built here, deadline items as the
    deadlines module built them."""
    ids = {key[3] for key in page if not isinstance(key[3], TimelineItem)}
    rows, overrides = await _read(conn, scope, ids, described=public)
    entries: list[Any] = []
    ids_of: dict[Any, uuid.UUID | None] = {None: None}
    for key in page:
        if isinstance(key[3], TimelineItem):
            entries.append(key[3].public)
            continue
        lean = _occurrence(rows[key[3]], key[2], overrides.get((key[3], key[2])), ids_of)
        entries.append(OccurrencePublic(**_fields(lean)) if public else lean)
    return entries


async def _read(
    conn: AsyncConnection, scope: Scope, ids: set[uuid.UUID], *, described: bool
) -> tuple[dict[uuid.UUID, Any], dict[tuple[uuid.UUID, str], Override]]:
    """The page's events (with their descriptions only when `described`) and overrides."""
    if not ids:
        return {}, {}
    if len(ids) > MANY:
        chosen: Any = sa.select(EVENTS.id).where(*scope.where())
    else:
        chosen = sorted(ids)
    description = EVENTS.description if described else sa.null().label("description")
    statement = sa.select(*PAGE_COLUMNS, description).where(EVENTS.id.in_(chosen))
    rows = {row.id: row for row in await conn.execute(statement) if row.id in ids}
    found = await conn.execute(sa.select(*OVERRIDE_COLUMNS).where(OVERRIDES.event_id.in_(chosen)))
    overrides = {
        (row.event_id, row.recurrence_id): override_of_row(row)
        for row in found
        if row.event_id in ids
    }
    return rows, overrides


def _uuid(raw: Any, ids_of: dict[Any, uuid.UUID | None]) -> uuid.UUID | None:
    if raw not in ids_of:
        ids_of[raw] = raw if isinstance(raw, uuid.UUID) else uuid.UUID(raw)
    return ids_of[raw]


def _occurrence(
    row: Any, rid: str, override: Override | None, ids_of: dict[Any, uuid.UUID | None]
) -> LeanOccurrence:
    """What app/events/views.occurrence_public shows for this occurrence."""
    series = Series(row.start_local, row.end_local, zone(row.timezone), row.all_day)
    occurrence = place(series, parse_recurrence_id(rid, row.all_day), override, rid)
    fields = occurrence.override.fields if occurrence.override else {}
    if row.all_day:
        start: date | datetime = occurrence.start.date()
        end: date | datetime = occurrence.end.date()
    else:
        start = with_offset(occurrence.start, series.zone)
        end = with_offset(occurrence.end, series.zone)
    status = EventStatus.cancelled if occurrence.cancelled else EventStatus(row.status)
    network_id = _uuid(row.network_id, ids_of)
    assert network_id is not None  # events always have one
    return LeanOccurrence(
        event_id=row.id,
        network_id=network_id,
        group_id=_uuid(row.group_id, ids_of),
        recurrence_id=occurrence.recurrence_id,
        title=fields.get("title", row.title),
        description=fields.get("description", row.description),
        location=fields.get("location", row.location),
        category=row.category,
        start=start,
        end=end,
        all_day=row.all_day,
        timezone=row.timezone,
        status=status,
        overridden=occurrence.override is not None and not occurrence.cancelled,
    )


def _fields(lean: LeanOccurrence) -> dict[str, Any]:
    return {name: getattr(lean, name) for name in LeanOccurrence.__slots__}
