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
from app.events.series import override_of
from app.kernel.recurrence import Override, Series, parse_recurrence_id, place, with_offset
from app.kernel.timefields import zone
from app.kernel.wallclock import out_of_gap
from app.occurrences.items import TimelineItem
from app.occurrences.keys import EVENTS, OVERRIDES, SHOWN_COLUMNS, Scope

PAGE_COLUMNS = (EVENTS.id, EVENTS.all_day, EVENTS.timezone, EVENTS.start_local,
                *SHOWN_COLUMNS)  # fmt: skip
OVERRIDE_COLUMNS = (OVERRIDES.event_id, OVERRIDES.recurrence_id, OVERRIDES.cancelled,
                    OVERRIDES.start_local, OVERRIDES.end_local, OVERRIDES.title,
                    OVERRIDES.description, OVERRIDES.location)  # fmt: skip
STATUSES = {status.value: status for status in EventStatus}
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
    conn: AsyncConnection,
    scope: Scope,
    page: list[Any],
    *,
    public: bool = True,
    known: dict[uuid.UUID, Any] | None = None,
) -> list[Any]:
    """The page's items in key order: event occurrences built here (from the `known` rows
    where given), deadline items as the deadlines module built them."""
    ids = {key[3] for key in page if not isinstance(key[3], TimelineItem)}
    rows, overrides = await _read(conn, scope, ids, known or {}, described=public)
    entries: list[Any] = []
    ids_of: dict[Any, uuid.UUID | None] = {None: None}
    for key in page:
        if isinstance(key[3], TimelineItem):
            entries.append(key[3].public)
            continue
        override = overrides.get((key[3], key[2])) if overrides else None
        lean = _occurrence(rows[key[3]], key[2], override, ids_of)
        entries.append(OccurrencePublic(**_fields(lean)) if public else lean)
    return entries


async def _read(
    conn: AsyncConnection,
    scope: Scope,
    ids: set[uuid.UUID],
    known: dict[uuid.UUID, Any],
    *,
    described: bool,
) -> tuple[dict[uuid.UUID, Any], dict[tuple[uuid.UUID, str], Override]]:
    """The page's events (with their descriptions only when `described`) and overrides."""
    if not ids:
        return {}, {}
    chosen: Any = sa.select(EVENTS.id).where(*scope.where()) if len(ids) > MANY else sorted(ids)
    rows = {i: known[i] for i in ids if i in known}
    unknown = sorted(ids - rows.keys())
    if unknown:
        description = EVENTS.description if described else sa.null().label("description")
        wanted = chosen if len(unknown) > MANY else unknown
        statement = sa.select(*PAGE_COLUMNS, description).where(EVENTS.id.in_(wanted))
        rows.update((row.id, row) for row in await conn.execute(statement) if row.id in ids)
    found = await conn.execute(sa.select(*OVERRIDE_COLUMNS).where(OVERRIDES.event_id.in_(chosen)))
    overrides = {
        (row.event_id, row.recurrence_id): override_of(row) for row in found if row.event_id in ids
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
    tz = zone(row.timezone)
    original = parse_recurrence_id(rid, row.all_day)
    if override is None:
        # place() without an override, without building its Occurrence.
        local_start, local_end = original, original + (row.end_local - row.start_local)
        if not row.all_day:
            local_start, local_end = out_of_gap(local_start, local_end, tz)
        cancelled, fields = False, {}
    else:
        series = Series(row.start_local, row.end_local, tz, row.all_day)
        occurrence = place(series, original, override, rid)
        local_start, local_end = occurrence.start, occurrence.end
        cancelled, fields = occurrence.cancelled, dict(override.fields)
    if row.all_day:
        start: date | datetime = local_start.date()
        end: date | datetime = local_end.date()
    else:
        start, end = with_offset(local_start, tz), with_offset(local_end, tz)
    status = EventStatus.cancelled if cancelled else STATUSES[row.status]
    network_id = _uuid(row.network_id, ids_of)
    assert network_id is not None  # events always have one
    return LeanOccurrence(
        event_id=row.id,
        network_id=network_id,
        group_id=_uuid(row.group_id, ids_of),
        recurrence_id=rid,
        title=fields.get("title", row.title),
        description=fields.get("description", row.description),
        location=fields.get("location", row.location),
        category=row.category,
        start=start,
        end=end,
        all_day=row.all_day,
        timezone=row.timezone,
        status=status,
        overridden=override is not None and not cancelled,
    )


def _fields(lean: LeanOccurrence) -> dict[str, Any]:
    return {name: getattr(lean, name) for name in LeanOccurrence.__slots__}
