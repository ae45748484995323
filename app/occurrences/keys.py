"""The timeline's lightweight keys: event occurrences as (start UTC, event id, recurrence id)
from a few columns, without ORM rows or public objects.

The events of a window fall into two sets:
- *plain* events (no RRULE, no override that moves them, starting in the window at or after
  the cursor): one occurrence each, at `start_local`; they are read in `span_start` order with
  a LIMIT, so a page reads only the next few of them;
- all others (series, moved single events, single events already running when the window
  opens): expanded by `app/kernel/recurrence.expand`, the one expansion function, per series
  and each series sorted, from the cursor on.

`span_start` is never later than an event's true start (a move only widens it), which is what
makes the LIMIT read safe: a row after the last one read cannot start before it.
"""

import heapq
import json
import math
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from app.core.db.base import table_of
from app.events.models import Event, EventPartner, OccurrenceOverride
from app.events.series import series_of
from app.kernel.recurrence import (
    Override,
    TooManyOccurrences,
    expand,
    format_recurrence_id,
    to_utc,
)
from app.kernel.rrule_text import normalise_rrule
from app.kernel.timefields import zone

EVENTS: Any = table_of(Event).c
OVERRIDES: Any = table_of(OccurrenceOverride).c
LINKS: Any = table_of(EventPartner).c
SERIES_COLUMNS = (EVENTS.id, EVENTS.all_day, EVENTS.timezone, EVENTS.start_local,
                  EVENTS.end_local, EVENTS.rrule, EVENTS.exdates, EVENTS.span_start,
                  EVENTS.span_end)  # fmt: skip
# The exdates as their JSON text: almost always "[]", which needs no parsing.
PLAIN_COLUMNS = (EVENTS.id, EVENTS.all_day, EVENTS.timezone, EVENTS.start_local,
                 sa.cast(EVENTS.exdates, sa.Text).label("exdates"))  # fmt: skip
# What a page shows of an event beyond its key columns; the network and group ids as the
# driver gives them (app/occurrences/page.py turns them into UUIDs once per value).
SHOWN_COLUMNS = (sa.type_coerce(EVENTS.network_id, sa.String).label("network_id"),
                 sa.type_coerce(EVENTS.group_id, sa.String).label("group_id"), EVENTS.title,
                 EVENTS.location, EVENTS.category, EVENTS.status, EVENTS.end_local)  # fmt: skip
# A key: (start UTC, event id as text, recurrence id, event id). The first three are unique,
# so the fourth is never compared.
Key = tuple[datetime, str, str, uuid.UUID]


@dataclass(frozen=True)
class Scope:
    """Which events: the caller's networks (None: all), filters and the window."""

    networks: set[uuid.UUID] | None
    group_id: uuid.UUID | None
    partner_id: uuid.UUID | None
    category: str | None
    start: datetime
    end: datetime

    def where(self) -> list[Any]:
        clauses: list[Any] = [
            EVENTS.span_start < self.end,
            sa.or_(EVENTS.span_end.is_(None), EVENTS.span_end >= self.start),
        ]
        if self.networks is not None:
            clauses.append(EVENTS.network_id.in_(self.networks) if self.networks else sa.false())
        if self.group_id:
            clauses.append(EVENTS.group_id == self.group_id)
        if self.partner_id:
            linked = sa.select(LINKS.event_id).where(LINKS.partner_id == self.partner_id)
            clauses.append(EVENTS.id.in_(linked))
        if self.category:
            clauses.append(EVENTS.category == self.category)
        return clauses


class TooMany(Exception):
    """More event occurrences in the window than one request may expand."""


def _moving() -> Any:
    """An override of the event that moves its start or end."""
    return sa.exists().where(
        OVERRIDES.event_id == EVENTS.id,
        sa.or_(OVERRIDES.start_local.is_not(None), OVERRIDES.end_local.is_not(None)),
    )


@dataclass(frozen=True)
class Expanding:
    """The events that go through the kernel's expansion, with their moving overrides."""

    rows: list[Any]
    moves: dict[uuid.UUID, list[Override]]


async def expanding(
    conn: AsyncConnection, scope: Scope, after: datetime | None, before: datetime | None = None
) -> Expanding:
    """Series, moved single events and single events running at the window's (or the
    cursor's) start; none that ended before the cursor or start at or after `before`."""
    begin = max(scope.start, after) if after else scope.start
    clauses = scope.where()
    if after is not None:
        clauses.append(sa.or_(EVENTS.span_end.is_(None), EVENTS.span_end >= after))
    if before is not None:
        clauses.append(EVENTS.span_start < before)
    clauses.append(sa.or_(EVENTS.rrule.is_not(None), EVENTS.span_start < begin, _moving()))
    rows = list((await conn.execute(sa.select(*SERIES_COLUMNS).where(*clauses))).all())
    by_event: dict[uuid.UUID, list[Override]] = {}
    if rows:
        moves = await conn.execute(
            sa.select(OVERRIDES.event_id, OVERRIDES.recurrence_id, OVERRIDES.start_local,
                      OVERRIDES.end_local)
            .where(OVERRIDES.event_id.in_(sa.select(EVENTS.id).where(*clauses)))
            .where(sa.or_(OVERRIDES.start_local.is_not(None), OVERRIDES.end_local.is_not(None)))
        )  # fmt: skip
        for move in moves:
            override = Override(move.recurrence_id, start=move.start_local, end=move.end_local)
            by_event.setdefault(move.event_id, []).append(override)
    return Expanding(rows, by_event)


def most(found: Expanding, scope: Scope) -> int:
    """At least as many occurrences as these events have in the window, without expanding:
    a rule makes at most one a day per BYHOUR x BYMINUTE x BYSECOND time, and at most COUNT;
    each moving override may bring one more."""
    total = 0
    for row in found.rows:
        bound = 1
        if row.rrule:
            parts = dict(p.split("=", 1) for p in normalise_rrule(row.rrule).split(";") if "=" in p)
            days = (scope.end - scope.start).days + (row.end_local - row.start_local).days + 3
            bound = days * math.prod(
                len(parts[name].split(",")) for name in ("BYHOUR", "BYMINUTE", "BYSECOND")
                if name in parts
            )  # fmt: skip
            if parts.get("COUNT", "").isdigit():
                bound = min(bound, int(parts["COUNT"]))
        total += bound + len(found.moves.get(row.id, ()))
    return total


def expanded(found: Expanding, begin: datetime, until: datetime, cap: int) -> tuple[list[Key], int]:
    """The keys of every occurrence overlapping [begin, until), sorted, and their count."""
    lists: list[list[Key]] = []
    total = 0
    for row in found.rows:
        if row.span_start >= until or (row.span_end is not None and row.span_end < begin):
            continue
        try:
            occurrences = expand(
                series_of(row), begin, until, found.moves.get(row.id, ()), limit=cap
            )
        except TooManyOccurrences as exc:
            raise TooMany from exc
        text = str(row.id)
        total += len(occurrences)
        if total > cap:
            raise TooMany
        if occurrences:
            lists.append([(o.start_utc, text, o.recurrence_id, row.id) for o in occurrences])
    return list(heapq.merge(*lists)), total


def _plain_statement(scope: Scope, begin: datetime) -> Any:
    return sa.and_(
        *scope.where(), EVENTS.rrule.is_(None), EVENTS.span_start >= begin, sa.not_(_moving())
    )


def _plain_key(row: Any, end: datetime) -> Key | None:
    rid = format_recurrence_id(row.start_local, row.all_day)
    if row.exdates not in (None, "[]", "null") and rid in json.loads(row.exdates):
        return None
    start_utc = to_utc(row.start_local, zone(row.timezone))
    if start_utc >= end:
        return None
    return (start_utc, str(row.id), rid, row.id)


async def plain_keys(
    conn: AsyncConnection,
    scope: Scope,
    after: tuple[datetime, str, str] | None,
    wanted: int | None,
    rows_out: dict[uuid.UUID, Any] | None = None,
) -> list[Key]:
    """The first `wanted` plain events' keys after the cursor key `after` (all of them with
    None), sorted; a few more may come along. With `rows_out`, the rows read are kept there
    with what a page shows of them, so that the page need not read them again."""
    begin = max(scope.start, after[0]) if after else scope.start
    where = _plain_statement(scope, begin)
    shown = (*SHOWN_COLUMNS, sa.null().label("description")) if rows_out is not None else ()
    statement = sa.select(*PLAIN_COLUMNS, EVENTS.span_start, *shown).where(where)

    def keys_of(rows: Any) -> list[Key]:
        if rows_out is not None:
            rows_out.update((row.id, row) for row in rows)
        found = (k for row in rows if (k := _plain_key(row, scope.end)))
        return sorted(k for k in found if after is None or k[:3] > after)

    if wanted is None:
        return keys_of((await conn.execute(statement)).all())
    size = wanted + 16
    while True:
        rows = (await conn.execute(statement.order_by(EVENTS.span_start).limit(size))).all()
        keys = keys_of(rows)
        if len(rows) < size:
            return keys
        # Rows not read yet start at or after the last row's span_start.
        last = rows[-1].span_start
        sure = [k for k in keys if k[0] < last]
        if len(sure) >= wanted:
            return sure
        size *= 4


async def plain_count(conn: AsyncConnection, scope: Scope) -> int:
    """At least as many as the plain events' occurrences in the whole window."""
    statement = sa.select(sa.func.count()).where(*scope.where(), EVENTS.rrule.is_(None))
    return int((await conn.execute(statement)).scalar_one())
