"""The merged wheel timeline: every dated item of the caller's networks in a window."""

import uuid
from typing import Any

import sqlalchemy as sa
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.auth.principal import Principal
from app.core.config import get_settings
from app.core.crud import scope_to_networks
from app.core.errors import ValidationFailed
from app.core.pagination import cursor_datetime, decode_cursor, encode_cursor, invalid_cursor
from app.deadlines.service import deadlines_in
from app.deadlines.timeline_items import occurrence_items
from app.events.models import Event
from app.events.schemas import OccurrencePublic
from app.events.series import override_of, overrides_of, series_of
from app.events.service import filter_events
from app.events.views import occurrence_public
from app.kernel.recurrence import TooManyOccurrences, expand
from app.occurrences.items import TimelineItem
from app.occurrences.window import Window


async def expand_events(
    session: AsyncSession, events: list[Event], window: Window
) -> list[TimelineItem]:
    """Expand the given series into one sorted list, within the configured cap."""
    cap = get_settings().max_expanded_occurrences
    overrides = await overrides_of(session, [e.id for e in events])
    items: list[TimelineItem] = []
    for event in events:
        try:
            found = expand(
                series_of(event),
                window.start,
                window.end,
                [override_of(row) for row in overrides[event.id]],
                limit=cap,
            )
        except TooManyOccurrences as exc:
            raise _too_many(cap) from exc
        for occurrence in found:
            key = (occurrence.start_utc, str(event.id), occurrence.recurrence_id)
            items.append(TimelineItem(key, occurrence_public(event, occurrence)))
        if len(items) > cap:
            raise _too_many(cap)
    items.sort(key=lambda item: item.sort_key)
    return items


def _too_many(cap: int) -> ValidationFailed:
    return ValidationFailed.field(
        "to", f"the window holds more than {cap} occurrences; narrow it", location="query"
    )


def page_of(
    items: list[TimelineItem], limit: int, cursor: str | None
) -> tuple[list[OccurrencePublic], str | None]:
    if cursor:
        start, *rest = decode_cursor(cursor, 3)
        if not all(isinstance(part, str) for part in rest):
            raise invalid_cursor()
        after = (cursor_datetime(start), rest[0], rest[1])
        items = [item for item in items if item.sort_key > after]
    page = items[:limit]
    next_cursor = None
    if len(items) > limit:
        last = page[-1].sort_key
        next_cursor = encode_cursor([last[0].isoformat(), last[1], last[2]])
    return [item.public for item in page], next_cursor


async def timeline(
    session: AsyncSession,
    principal: Principal,
    window: Window,
    *,
    network_id: uuid.UUID | None,
    group_id: uuid.UUID | None,
    partner_id: uuid.UUID | None,
    category: str | None,
    limit: int,
    cursor: str | None,
    kind: str | None = None,
) -> tuple[list[Any], str | None]:
    requested = [network_id] if network_id else None
    statement = scope_to_networks(
        select(Event), Event.network_id, principal.visible_networks(requested)
    )
    statement = filter_events(
        statement, group_id=group_id, partner_id=partner_id, category=category
    )
    # Only series whose span can touch the window.
    statement = statement.where(
        Event.span_start < window.end,
        sa.or_(Event.span_end.is_(None), Event.span_end >= window.start),
    )
    items = []
    if kind in (None, "event"):
        events = list((await session.exec(statement)).all())
        items = await expand_events(session, events, window)
    if kind != "event" and group_id is None:
        items += await _deadline_items(
            session, principal, window, network_id, partner_id, category, kind
        )
        items.sort(key=lambda item: item.sort_key)
    return page_of(items, limit, cursor)


async def _deadline_items(
    session: AsyncSession,
    principal: Principal,
    window: Window,
    network_id: uuid.UUID | None,
    partner_id: uuid.UUID | None,
    category: str | None,
    kind: str | None,
) -> list[TimelineItem]:
    """Deadline occurrences and milestones: everything dated is on the wheel."""
    deadlines = await deadlines_in(session, principal, network_id, window.start, window.end)
    if partner_id:
        deadlines = [d for d in deadlines if d.partner_id == partner_id]
    if category:
        deadlines = [d for d in deadlines if d.category == category]
    items = await occurrence_items(session, deadlines, window)
    return [i for i in items if kind is None or i.public.kind == kind]
