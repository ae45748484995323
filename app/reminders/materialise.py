"""Materialise reminder rows: rewrite an item's rows in the caller's transaction (flush only).

Rows already sent, failed or skipped are history and never rewritten. Scheduled rows follow
their item: moved with it, cancelled with its occurrence, deleted when their rule or
occurrence is gone. A moved row loses any worker's claim, so the old time cannot fire.
"""

import gc
import json
import os
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.core import clock
from app.core.config import get_settings
from app.core.db.dialect import is_postgresql
from app.core.errors import ValidationFailed
from app.events.models import Event
from app.events.series import series_of
from app.kernel.recurrence import Override, expand
from app.kernel.reminder_plan import Item, Planned, plan, reach
from app.limits import cost
from app.reminders.models import Reminder, ReminderStatus

OPEN = (ReminderStatus.scheduled.value, ReminderStatus.cancelled.value)
_FIELDS = ("offset", "title", "timezone", "all_day", "item_at", "due_at", "channels", "recipients")


def horizon(now: datetime | None = None) -> tuple[datetime, datetime]:
    """Rows due inside [now - grace, now + horizon]: a row due a moment ago stays planned until
    a worker fires it, and the horizon job extends the far end."""
    settings = get_settings()
    now = now or clock.now()
    return (
        now - timedelta(seconds=settings.reminder_grace_seconds),
        now + timedelta(days=settings.reminder_horizon_days),
    )


async def write(
    session: AsyncSession,
    source_type: str,
    source_ids: Sequence[uuid.UUID],
    planned: list[Planned],
    window: tuple[datetime, datetime],
    *,
    new: bool = False,
) -> int:
    """Make the rows of these sources match `planned`; returns how many rows changed. `new`:
    the sources were created in this transaction, so they have no rows to read or compare."""
    running = cost.current()
    if running is not None:
        _refuse_amplification(running, len(planned))
    if new:
        if planned:
            await _insert(session, planned, clock.now())
        changed = len(planned)
    else:
        changed = await _write(session, source_type, source_ids, planned, window)
    if running is not None:
        running.written += changed
    return changed


def _refuse_amplification(running: cost.Cost, rows: int) -> None:
    """422 when one API request would materialise more rows than the cap allows (the
    horizon job counts nothing: it extends what was accepted)."""
    settings = get_settings()
    running.planned += rows
    cap = settings.reminder_rows_per_write_max
    if cap > 0 and running.planned > cap:
        raise ValidationFailed.field(
            "reminders",
            f"would materialise {running.planned} reminder rows within the "
            f"{settings.reminder_horizon_days}-day horizon; at most {cap} per write "
            "(VUOSIKELLO_REMINDER_ROWS_PER_WRITE_MAX, VUOSIKELLO_REMINDER_HORIZON_DAYS): "
            "use fewer reminder rules or a less frequent or bounded rrule (COUNT, UNTIL)",
        )


async def _write(
    session: AsyncSession,
    source_type: str,
    source_ids: Sequence[uuid.UUID],
    planned: list[Planned],
    window: tuple[datetime, datetime],
) -> int:
    await _lock_sources(session, source_ids)
    existing: dict[tuple[str, uuid.UUID, str, str], Reminder] = {}
    for start in range(0, len(source_ids), 500):
        rows = await session.exec(
            select(Reminder).where(
                Reminder.source_type == source_type,
                col(Reminder.source_id).in_(source_ids[start : start + 500]),
            )
        )
        for found in rows.all():
            key = (found.source_type, found.source_id, found.recurrence_id, found.rule_key)
            existing[key] = found
    if not existing:
        # A new item, or one first reaching the horizon: nothing to compare or delete.
        if planned:
            await _insert(session, planned, clock.now())
        await session.flush()
        return len(planned)
    inserts = []
    changed = 0
    wanted = set()
    now = clock.now()
    for item in planned:
        wanted.add(item.key)
        row = existing.get(item.key)
        if row is None:
            inserts.append(item)
            continue
        if row.status not in OPEN:
            continue
        status = ReminderStatus.cancelled if item.cancelled else ReminderStatus.scheduled
        updates = {
            name: getattr(item, name)
            for name in _FIELDS
            if getattr(row, name) != getattr(item, name)
        }
        if row.status != status:
            updates["status"] = status.value
        if updates:
            if "due_at" in updates or "status" in updates:
                updates.update(claim_token=None, claimed_until=None)
            for name, value in updates.items():
                setattr(row, name, value)
            session.add(row)
            changed += 1
    stale_rows = [
        row
        for key, row in existing.items()
        if key not in wanted and row.status in OPEN and row.due_at >= window[0]
    ]
    stale = [row.id for row in stale_rows]
    # Not evaluated against the session: it holds every existing row of these sources, and
    # matching each against each id list cost the horizon job seconds per chunk while it
    # held the write lock and the event loop (the dispatcher's lease renewals waited).
    for row in stale_rows:
        session.expunge(row)
    for start in range(0, len(stale), 500):
        await session.exec(
            sa.delete(Reminder)
            .where(col(Reminder.id).in_(stale[start : start + 500]))
            .execution_options(synchronize_session=False)
        )
    if inserts:
        await _insert(session, inserts, now)
    await session.flush()
    return changed + len(inserts) + len(stale)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Planning and building ~100,000 rows makes as many tuples that all stay alive until the
    insert: the cyclic garbage collector would walk them, and everything else alive, again
    and again (about 15 % of materialising a horizon). They form no cycles. Only around code
    that does not await, so no other task runs meanwhile."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


async def _lock_sources(session: AsyncSession, source_ids: Sequence[uuid.UUID]) -> None:
    """On PostgreSQL, serialise writers of the same items (two workers' horizon jobs, or one
    and an API edit) until commit, so the later one reads the rows the earlier one wrote
    instead of inserting them again. Keys in sorted order, so two writers cannot deadlock.
    SQLite runs one writer at a time; its insert ignores rows a concurrent one wrote."""
    connection = await session.connection()
    if not is_postgresql(connection) or not source_ids:
        return
    keys = sorted({int.from_bytes(i.bytes[8:], "big", signed=True) for i in source_ids})
    await connection.exec_driver_sql(
        "SELECT pg_advisory_xact_lock(key) FROM unnest(%(keys)s::bigint[]) AS key", {"keys": keys}
    )


# SQLite page cache while bulk inserting, in KiB, from this many rows on.
BULK_CACHE_KIB = 65_536
BULK_ROWS = 1000
COLUMNS = (
    "id", "created_at", "network_id", "source_type", "source_id", "recurrence_id", "rule_key",
    "offset", "title", "timezone", "all_day", "item_at", "due_at", "channels", "recipients",
    "status", "attempts",
)  # fmt: skip
# Which psycopg binary dumper writes each column. Binary COPY sends no types: the server reads
# each field with its column's type, so the id goes as its 16 raw bytes ("bytea"), the binary
# form of `uuid`, and JSON as its text ("text"), the binary form of `json`.
COPY_TYPES = (
    "bytea", "timestamptz", "uuid", "text", "uuid", "text", "text", "text", "text", "text",
    "bool", "timestamptz", "timestamptz", "text", "text", "text", "int4",
)  # fmt: skip
_NAMES = ", ".join(f'"{name}"' for name in COLUMNS)
# Serialises a rule's channels or recipients (each object once); a row as SQLite stores it.
JsonText = Callable[[object], str]
SqliteRow = tuple[object, ...]


async def _insert(session: AsyncSession, items: list[Planned], now: datetime) -> None:
    """Insert new rows in the session's transaction, bypassing SQLAlchemy's per-value type
    processing: materialising a horizon writes ~100,000 rows, and that processing would cost
    more than the database does. Values are converted here once, the way the column types
    store them (the model-vs-migration test guards the column list)."""
    connection = await session.connection()
    texts: dict[int, str] = {}

    def as_json(value: object) -> str:
        # Every row of one rule shares the same list and dict: serialise each once.
        text = texts.get(id(value))
        if text is None:
            text = texts[id(value)] = json.dumps(value)
        return text

    scheduled, cancelled = ReminderStatus.scheduled.value, ReminderStatus.cancelled.value
    if is_postgresql(connection) and len(items) < BULK_ROWS:
        # An item's few rows (an API write): one INSERT; a COPY takes more round trips.
        values = [
            (uuid.UUID(bytes=row_id), now, *item[:11], item.channels, item.recipients,
             cancelled if item.cancelled else scheduled, 0)
            for row_id, item in zip(_uuid7_bytes(len(items)), items, strict=True)
        ]  # fmt: skip
        rows = [dict(zip(COLUMNS, value, strict=True)) for value in values]
        await connection.execute(sa.insert(Reminder), rows)
        return
    if is_postgresql(connection):
        # Binary COPY on the session's own connection: same transaction, and neither side
        # formats or parses uuids and timestamps as text.
        ids = _uuid7_bytes(len(items))
        raw = await connection.get_raw_connection()
        driver = raw.driver_connection
        assert driver is not None, "a checked-out connection has its driver connection"
        cursor = driver.cursor()
        statement = f"COPY reminders ({_NAMES}) FROM STDIN (FORMAT BINARY)"
        async with cursor, cursor.copy(statement) as copy:
            copy.set_types(COPY_TYPES)
            for row_id, item in zip(ids, items, strict=True):
                await copy.write_row(
                    (
                        row_id, now, item.network_id, item.source_type, item.source_id,
                        item.recurrence_id, item.rule_key, item.offset, item.title,
                        item.timezone, item.all_day, item.item_at, item.due_at,
                        as_json(item.channels), as_json(item.recipients),
                        cancelled if item.cancelled else scheduled, 0,
                    )
                )  # fmt: skip
        return
    await _insert_sqlite(connection, items, now, as_json)


def _sqlite_rows(items: list[Planned], now: datetime, as_json: JsonText) -> list[SqliteRow]:
    """The rows' values in SQLAlchemy's SQLite storage form."""
    scheduled, cancelled = ReminderStatus.scheduled.value, ReminderStatus.cancelled.value
    created = _sqlite_instant(now)
    ids = [value.hex() for value in _uuid7_bytes(len(items))]
    rows: list[SqliteRow] = []
    append = rows.append
    # Consecutive rows mostly share their item's ids and their occurrence's `item_at`: convert
    # a value only when it is not the very object the previous row had. Each rule's channels
    # and recipients are one object for all its rows: serialised once, found by identity.
    texts: dict[int, str] = {}
    network_id = source_id = item_at = None
    for row_id, (
        network, source_type, source, recurrence_id, rule_key, offset, title, timezone,
        all_day, at, due_at, channels, recipients, is_cancelled,
    ) in zip(ids, items, strict=True):  # fmt: skip
        if network is not network_id:
            network_id, network_text = network, network.hex
        if source is not source_id:
            source_id, source_text = source, source.hex
        if at is not item_at:
            item_at, item_text = at, _sqlite_instant(at)
        try:
            channels_text, recipients_text = texts[id(channels)], texts[id(recipients)]
        except KeyError:
            channels_text = texts[id(channels)] = as_json(channels)
            recipients_text = texts[id(recipients)] = as_json(recipients)
        append(
            (
                row_id, created, network_text, source_type, source_text, recurrence_id,
                rule_key, offset, title, timezone, all_day, item_text,
                # _sqlite_instant inlined for the one value no two rows share
                due_at.isoformat(" ", "microseconds")[:26]
                if due_at.tzinfo is UTC else _sqlite_instant(due_at),
                channels_text, recipients_text, cancelled if is_cancelled else scheduled, 0,
            )
        )  # fmt: skip
    return rows


async def _insert_sqlite(
    connection: AsyncConnection, items: list[Planned], now: datetime, as_json: JsonText
) -> None:
    """One executemany with the values in SQLAlchemy's SQLite storage form."""
    with collector_paused():
        rows = _sqlite_rows(items, now, as_json)
    marks = ", ".join("?" for _ in COLUMNS)
    # The default page cache (2 MB) spills while the B-trees grow by ~100,000 entries; a
    # larger cache for this statement only, then the connection's own setting again.
    # A concurrent writer may have inserted some of these rows since they were read.
    statement = f"INSERT INTO reminders ({_NAMES}) VALUES ({marks}) ON CONFLICT DO NOTHING"  # noqa: S608 - fixed column names
    if len(rows) < BULK_ROWS:  # an item's few rows: the default cache holds them
        await connection.exec_driver_sql(statement, rows)
        return
    previous = (await connection.exec_driver_sql("PRAGMA cache_size")).scalar_one()
    await connection.exec_driver_sql(f"PRAGMA cache_size={min(int(previous), -BULK_CACHE_KIB)}")
    try:
        await connection.exec_driver_sql(statement, rows)
    finally:
        await connection.exec_driver_sql(f"PRAGMA cache_size={int(previous)}")


def _sqlite_instant(value: datetime) -> str:
    """Exactly SQLAlchemy's SQLite DATETIME text (UTC, microseconds, no offset), so textual
    comparisons with the rows it writes stay right."""
    if value.tzinfo is not UTC:
        value = value.astimezone(UTC)
    return value.isoformat(" ", "microseconds")[:26]  # drop "+00:00"


def _uuid7_bytes(count: int) -> list[bytes]:
    """`count` time-ordered UUIDs (RFC 9562 version 7, like `uuid7()`) as 16 bytes each: one
    clock read and one `urandom` call for the batch instead of a `uuid7()` per row.

    Within the batch the ids ascend: a counter from a random start fills rand_a and the top
    of rand_b (RFC 9562 §6.2, method 1), the rest of rand_b stays random. Each new primary
    key then lands at the end of the index instead of at a random place in it."""
    millis = (time.time_ns() // 1_000_000) & ((1 << 48) - 1)
    head = (millis << 80) | (0x7 << 76) | (0b10 << 62)
    # A 26-bit counter: 12 bits in rand_a, 14 at the top of rand_b; a start below 2**25
    # leaves room for 2**25 ids.
    first = int.from_bytes(os.urandom(4), "big") >> 7
    noise = os.urandom(6 * count)
    ids = []
    for index in range(count):
        counter = first + index
        value = head | (counter >> 14) << 64 | (counter & 0x3FFF) << 48
        value |= int.from_bytes(noise[6 * index : 6 * index + 6], "big")
        ids.append(value.to_bytes(16, "big"))
    return ids


def plan_event(
    event: Event, overrides: list[Override], window: tuple[datetime, datetime]
) -> list[Planned]:
    """The reminder rows an event's rules want inside `window`."""
    if not event.reminders:
        return []
    earliest, latest = reach([event.reminders])
    # An item at t has reminders at t + offset: look for items in the window minus offsets.
    occurrences = expand(series_of(event), window[0] - latest, window[1] - earliest, overrides)
    item = Item(
        network_id=event.network_id,
        source_type="event",
        source_id=event.id,
        title=event.title,
        timezone=event.timezone,
        all_day=event.all_day,
    )
    cancelled_series = frozenset(o.recurrence_id for o in occurrences) if _cancelled(event) else ()
    return plan(item, occurrences, event.reminders, window, cancelled=frozenset(cancelled_series))


def _cancelled(event: Event) -> bool:
    return str(event.status) == "cancelled"


async def forget(
    session: AsyncSession, source_types: list[str], source_ids: list[uuid.UUID]
) -> None:
    """Delete the not yet fired reminders of deleted items (fired ones stay as history)."""
    if not source_ids:
        return
    await session.exec(
        sa.delete(Reminder).where(
            col(Reminder.source_type).in_(source_types),
            col(Reminder.source_id).in_(source_ids),
            col(Reminder.status).in_(OPEN),
        )
    )
