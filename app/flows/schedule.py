"""After a dated item changes, its reminders and tasks follow.

Writes to an event or one of its occurrences go through here from every entry point (API,
CLI, demo loader, calendar import, worker): the events service writes, announces and audits;
this module then rewrites the event's reminder rows and its preparation tasks (and theirs) in
the same transaction, so the derived rows can never lag behind their source.
"""

import uuid
from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.auth.principal import Principal
from app.core import clock
from app.events import overrides, service
from app.events.models import Event
from app.events.schemas import (
    EventCreate,
    EventPublic,
    EventUpdate,
    OccurrencePublic,
    OccurrenceUpdate,
)
from app.events.series import override_of, overrides_of, series_of
from app.kernel.recurrence import expand
from app.reminders.materialise import collector_paused, forget, horizon, plan_event, write
from app.reminders.models import Reminder
from app.tasks.materialise import materialise_event_tasks
from app.tasks.models import Preparation, Task


async def follow_event(session: AsyncSession, event: Event) -> None:
    """Rewrite an event's reminders, and its preparation tasks and their reminders, in the
    caller's transaction: after every change of the event or one of its occurrences."""
    await follow_events(session, [event])


async def follow_events(session: AsyncSession, events: Sequence[Event]) -> None:
    """`follow_event` for many events at once (the horizon job): one query for their
    overrides, one for their rows and one bulk insert, instead of a few per event."""
    if not events:
        return
    await session.flush()
    window = horizon()
    ids = [event.id for event in events]
    rows = await overrides_of(session, ids)
    states = {event_id: [override_of(row) for row in rows[event_id]] for event_id in ids}
    planned = []
    with collector_paused():
        for event in events:
            planned += plan_event(event, states[event.id], window)
    await write(session, "event", ids, planned, window)
    if len(events) == 1:
        prepared = set(ids)  # materialise_event_tasks looks the preparations up itself
    else:
        prepared = set()
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            query = select(Preparation.event_id).where(col(Preparation.event_id).in_(chunk))
            prepared.update((await session.exec(query)).all())
    for event in events:
        if event.id in prepared:
            await materialise_event_tasks(session, event, states[event.id], window)


async def beyond_their_rows(
    session: AsyncSession, events: Sequence[Event], window: tuple[datetime, datetime]
) -> list[Event]:
    """The events whose rows the horizon job must extend: a reminder due inside `window`
    after the latest one they have, or an occurrence inside it without preparation tasks yet,
    or tasks with reminders of their own (those are always re-planned). Every write
    re-materialises its item up to its own horizon, so an item's rows are complete up to its
    latest due row: only later ones can be missing. Three queries; the rest is planning."""
    if not events:
        return []
    ids = [event.id for event in events]
    reached = {
        source_id: (last, count)
        for source_id, last, count in (
            await session.exec(
                select(Reminder.source_id, sa.func.max(Reminder.due_at), sa.func.count())
                .where(Reminder.source_type == "event", col(Reminder.source_id).in_(ids))
                .group_by(col(Reminder.source_id))
            )
        ).all()
    }
    with_reminders = sa.cast(Task.reminders, sa.String) != "[]"
    tasks = {
        event_id: (last, reminding)
        for event_id, last, reminding in (
            await session.exec(
                select(
                    Task.event_id,
                    sa.func.max(Task.recurrence_id),
                    sa.func.sum(sa.case((with_reminders, 1), else_=0)),
                )
                .where(col(Task.event_id).in_(ids))
                .group_by(col(Task.event_id))
            )
        ).all()
    }
    prepared = set(
        await session.exec(select(Preparation.event_id).where(col(Preparation.event_id).in_(ids)))
    )
    rows = await overrides_of(session, ids)
    now = clock.now()
    wanted = []
    with collector_paused():
        for event in events:
            states = [override_of(row) for row in rows[event.id]]
            if event.id in prepared:
                last, reminding = tasks.get(event.id, (None, 0))
                upcoming = expand(series_of(event), now, window[1], states)
                if reminding or any(
                    not o.cancelled and (last is None or o.recurrence_id > last) for o in upcoming
                ):
                    wanted.append(event)
                    continue
            reach, count = reached.get(event.id, (None, 0))
            if not event.rrule and not states and count == len(event.reminders):
                continue  # a single occurrence with a row for each rule: nothing can be missing
            start = window[0] if reach is None else max(window[0], reach)
            if start < window[1] and any(
                reach is None or planned.due_at > reach
                for planned in plan_event(event, states, (start, window[1]))
            ):
                wanted.append(event)
    return wanted


async def forget_event(session: AsyncSession, event_id: uuid.UUID) -> None:
    """Before an event is deleted: its and its tasks' unfired reminders go with it."""
    task_ids = list((await session.exec(select(Task.id).where(Task.event_id == event_id))).all())
    await forget(session, ["event"], [event_id])
    await forget(session, ["task"], task_ids)


async def create_event(
    session: AsyncSession, principal: Principal, data: EventCreate, *, uid: str | None = None
) -> tuple[Event, EventPublic]:
    """Create an event; its reminders and tasks follow. Returns it and its public view."""
    event, public = await service.create(session, principal, data, uid=uid)
    await follow_new_event(session, event)
    return event, public


async def create_events(
    session: AsyncSession, principal: Principal, items: Sequence[EventCreate]
) -> list[tuple[Event, EventPublic]]:
    """`create_event` for many events (a bulk load): inserted and announced together, their
    reminder rows planned together and written in one COPY."""
    created = await service.create_many(session, principal, items)
    await follow_new_events(session, [event for event, _ in created])
    return created


async def follow_new_event(session: AsyncSession, event: Event) -> None:
    """`follow_event` for an event just created: it has no overrides, no reminder rows and no
    preparation yet, so nothing is asked about them; its reminders are inserted."""
    await follow_new_events(session, [event])


async def follow_new_events(session: AsyncSession, events: Sequence[Event]) -> None:
    """`follow_new_event` for many events created in this transaction."""
    window = horizon()
    planned = []
    with collector_paused():
        for event in events:
            planned += plan_event(event, [], window)
    await write(session, "event", [event.id for event in events], planned, window, new=True)


async def update_event(
    session: AsyncSession, principal: Principal, event: Event, data: EventUpdate
) -> tuple[list[str], EventPublic]:
    """Edit an event series; its reminders and open tasks move with it. Returns the changed
    fields and its public view."""
    changed, public = await service.update(session, principal, event, data)
    await follow_event(session, event)
    return changed, public


async def delete_event(session: AsyncSession, event: Event) -> None:
    """Delete an event series with its unfired reminders."""
    await forget_event(session, event.id)
    await service.delete(session, event)


async def replace_occurrence(
    session: AsyncSession, event: Event, recurrence_id: str, data: OccurrenceUpdate
) -> OccurrencePublic:
    """Move, retitle or restore one occurrence; its reminders and tasks follow."""
    public = await overrides.replace_occurrence(session, event, recurrence_id, data)
    await follow_event(session, event)
    return public


async def cancel_occurrence(
    session: AsyncSession, event: Event, recurrence_id: str
) -> OccurrencePublic:
    """Cancel one occurrence; its reminders and open tasks are cancelled with it."""
    public = await overrides.cancel_occurrence(session, event, recurrence_id)
    await follow_event(session, event)
    return public
