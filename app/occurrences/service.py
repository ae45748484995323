"""The merged wheel timeline: every dated item of the caller's networks in a window."""

import heapq
import itertools
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection
from sqlmodel.ext.asyncio.session import AsyncSession

from app.auth.principal import Principal
from app.core.config import get_settings
from app.core.errors import ValidationFailed
from app.core.pagination import cursor_datetime, decode_cursor, encode_cursor, invalid_cursor
from app.deadlines.service import deadlines_in
from app.deadlines.timeline_items import occurrence_items
from app.events.models import Event
from app.events.schemas import OccurrencePublic
from app.events.series import override_of, overrides_of, series_of
from app.events.views import occurrence_public
from app.kernel.recurrence import TooManyOccurrences, expand
from app.occurrences.items import TimelineItem
from app.occurrences.keys import (
    Key,
    Scope,
    TooMany,
    expanded,
    expanding,
    most,
    plain_count,
    plain_keys,
)
from app.occurrences.page import page_entries
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
    public: bool = True,
) -> tuple[list[Any], str | None]:
    """One page of the merged timeline: lightweight keys merged per series, read from the
    cursor on and stopped after `limit + 1`; public objects only for the page (`public`
    False: plain `LeanOccurrence`s for events, for the wheel)."""
    after, refused = _after(cursor)
    requested = [network_id] if network_id else None
    scope = Scope(
        principal.visible_networks(requested), group_id, partner_id, category,
        window.start, window.end,
    )  # fmt: skip
    conn = await session.connection()
    lists: list[list[Any]] = []
    # The wheel takes whole windows: the plain events' rows are read once, with the keys.
    known: dict[uuid.UUID, Any] | None = None if public else {}
    if kind in (None, "event"):
        lists.append(await _event_keys(conn, scope, after, limit + 1, known))
    if kind != "event" and group_id is None:
        items = await _deadline_items(
            session, principal, window, network_id, partner_id, category, kind
        )
        lists.append([(*item.sort_key, item) for item in items])
    if refused is not None:
        raise refused
    stream: Iterator[Any] = heapq.merge(*lists)
    if after is not None:
        stream = itertools.dropwhile(lambda key: key[:3] <= after, stream)
    chosen = list(itertools.islice(stream, limit + 1))
    page = chosen[:limit]
    next_cursor = None
    if len(chosen) > limit:
        last = page[-1]
        next_cursor = encode_cursor([last[0].isoformat(), last[1], last[2]])
    return await page_entries(conn, scope, page, public=public, known=known), next_cursor


def _after(cursor: str | None) -> tuple[tuple[datetime, str, str] | None, Exception | None]:
    """The cursor's key, or the problem to answer once the window's cap is checked."""
    if not cursor:
        return None, None
    try:
        start, *rest = decode_cursor(cursor, 3)
        if not all(isinstance(part, str) for part in rest):
            raise invalid_cursor()
        return (cursor_datetime(start), rest[0], rest[1]), None
    except ValidationFailed as exc:
        return None, exc


async def _event_keys(
    conn: AsyncConnection,
    scope: Scope,
    after: tuple[datetime, str, str] | None,
    wanted: int,
    known: dict[uuid.UUID, Any] | None,
) -> list[Key]:
    """The first `wanted` event keys after the cursor, sorted: the plain events read up to
    the `wanted`-th of them, the series expanded only from the cursor to there. Without a
    cursor the whole window is held to the cap, as the first page always was: by an upper
    bound, or, when that is over the cap, by the exact count."""
    cap = get_settings().max_expanded_occurrences
    begin = max(scope.start, after[0]) if after else scope.start
    try:
        if after is None:
            found = await expanding(conn, scope, None)
            if most(found, scope) + await plain_count(conn, scope) > cap:
                keys, total = expanded(found, begin, scope.end, cap)
                plain = await plain_keys(conn, scope, None, None, known)
                if total + len(plain) > cap:
                    raise _too_many(cap)
                return list(itertools.islice(heapq.merge(keys, plain), wanted))
        plain = await plain_keys(conn, scope, after, wanted, known)
        # The page ends at the latest with the plain events' `wanted`-th key (a series' key
        # before it is in the page instead); without that many, series fill the rest.
        until = scope.end
        if len(plain) >= wanted:
            until = min(plain[wanted - 1][0] + timedelta(microseconds=1), scope.end)
        if after is not None:
            found = await expanding(conn, scope, after[0], until)
        keys, _ = expanded(found, begin, until, cap)
        merged: Iterator[Key] = heapq.merge(keys, plain)
        if after is not None:
            merged = itertools.dropwhile(lambda key: key[:3] <= after, merged)
        return list(itertools.islice(merged, wanted))
    except TooMany as exc:
        raise _too_many(cap) from exc


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
