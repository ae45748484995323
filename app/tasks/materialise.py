"""Materialise preparation tasks: created for each occurrence of their event entering the
horizon, moved with it while open, and their reminders rewritten, in the caller's transaction."""

import uuid
from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.core import clock
from app.events.models import Event
from app.events.series import series_of
from app.kernel.offsets import parse_offset, shifted_utc
from app.kernel.recurrence import (
    Occurrence,
    Override,
    expand,
    format_recurrence_id,
    parse_recurrence_id,
    place,
    to_local,
)
from app.kernel.reminder_plan import Item, plan
from app.reminders.materialise import write
from app.tasks.models import Preparation, PreparationTemplate, Task, TaskStatus


def task_due(occurrence: Occurrence, offset: str, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """(local wall time, UTC) of a task `offset` from the occurrence's start."""
    at = shifted_utc(occurrence.start, zone, parse_offset(offset))
    return to_local(at, zone), at


async def materialise_event_tasks(
    session: AsyncSession,
    event: Event,
    overrides: list[Override],
    window: tuple[datetime, datetime],
) -> None:
    """Create, move and re-remind the preparation tasks of one event inside the horizon."""
    preparations = list(
        (await session.exec(select(Preparation).where(Preparation.event_id == event.id))).all()
    )
    if not preparations:
        return
    series = series_of(event)
    by_rid = {o.recurrence_id: o for o in overrides}
    zone = ZoneInfo(event.timezone)
    now = clock.now()
    # New tasks only for occurrences still ahead and inside the planning horizon.
    upcoming = [o for o in expand(series, now, window[1], overrides) if not o.cancelled]
    tasks = list((await session.exec(select(Task).where(Task.event_id == event.id))).all())
    await _follow_series_shift(session, event, preparations, tasks)
    for preparation in preparations:
        template = await session.get(PreparationTemplate, preparation.template_id)
        if template is None:
            continue
        have = {(t.recurrence_id, t.position) for t in tasks if t.preparation_id == preparation.id}
        for occurrence in upcoming:
            for position, spec in enumerate(template.tasks):
                if (occurrence.recurrence_id, position) in have:
                    continue
                due_local, due_at = task_due(occurrence, spec["offset"], zone)
                task = Task(
                    network_id=event.network_id,
                    preparation_id=preparation.id,
                    event_id=event.id,
                    recurrence_id=occurrence.recurrence_id,
                    position=position,
                    title=spec["title"],
                    offset=spec["offset"],
                    role_hint=spec.get("role_hint"),
                    assignee_id=preparation.assignee_id,
                    timezone=event.timezone,
                    due_local=due_local,
                    due_at=due_at,
                    reminders=[*template.reminders, *spec.get("reminders", [])],
                )
                session.add(task)
                tasks.append(task)
    # Open tasks move with their occurrence; done and skipped ones keep their history.
    occurrences: dict[str, Occurrence] = {}
    for task in tasks:
        if task.recurrence_id not in occurrences:
            original = parse_recurrence_id(task.recurrence_id, event.all_day)
            occurrences[task.recurrence_id] = place(
                series, original, by_rid.get(task.recurrence_id)
            )
        if task.status != TaskStatus.todo:
            continue
        due_local, due_at = task_due(occurrences[task.recurrence_id], task.offset, zone)
        if task.due_local != due_local or task.timezone != event.timezone:
            task.due_local, task.due_at, task.timezone = due_local, due_at, event.timezone
            task.overdue_notified_at = None
            task.touch()
            session.add(task)
    await session.flush()
    cancelled = {rid for rid, o in occurrences.items() if o.cancelled}
    await materialise_task_reminders(session, tasks, window, cancelled_occurrences=cancelled)


async def materialise_new_preparations(
    session: AsyncSession,
    prepared: Sequence[tuple[Event, Preparation, PreparationTemplate]],
    window: tuple[datetime, datetime],
) -> dict[uuid.UUID, list[Task]]:
    """The tasks of preparations just applied to events created in this transaction (a bulk
    load): no overrides, no tasks and no reminder rows exist yet, so nothing is read; all
    tasks go in one flush and their reminders in one write. Returns each preparation's tasks
    in the order the API shows them."""
    now = clock.now()
    made: dict[uuid.UUID, list[Task]] = {}
    for event, preparation, template in prepared:
        zone = ZoneInfo(event.timezone)
        preparation.anchor_local = event.start_local
        upcoming = [o for o in expand(series_of(event), now, window[1], []) if not o.cancelled]
        tasks = []
        for occurrence in upcoming:
            for position, spec in enumerate(template.tasks):
                due_local, due_at = task_due(occurrence, spec["offset"], zone)
                tasks.append(
                    Task(
                        network_id=event.network_id, preparation_id=preparation.id,
                        event_id=event.id, recurrence_id=occurrence.recurrence_id,
                        position=position, title=spec["title"], offset=spec["offset"],
                        role_hint=spec.get("role_hint"), assignee_id=preparation.assignee_id,
                        timezone=event.timezone, due_local=due_local, due_at=due_at,
                        reminders=[*template.reminders, *spec.get("reminders", [])],
                    )
                )  # fmt: skip
        made[preparation.id] = sorted(tasks, key=lambda task: (task.due_at, task.position))
    every = [task for tasks in made.values() for task in tasks]
    session.add_all(every)
    await session.flush()
    await materialise_task_reminders(session, every, window, new=True)
    return made


async def _follow_series_shift(
    session: AsyncSession, event: Event, preparations: list[Preparation], tasks: list[Task]
) -> None:
    """When the whole series moved, its occurrences got new recurrence ids: re-key the tasks."""
    for preparation in preparations:
        anchor = preparation.anchor_local
        if anchor is not None and anchor != event.start_local:
            shift = event.start_local - anchor
            mine = [t for t in tasks if t.preparation_id == preparation.id]
            # Two passes so a shifted id never collides with one not yet shifted.
            for task in mine:
                task.recurrence_id = "~" + task.recurrence_id
                session.add(task)
            await session.flush()
            for task in mine:
                original = parse_recurrence_id(task.recurrence_id[1:], event.all_day)
                task.recurrence_id = format_recurrence_id(original + shift, event.all_day)
        if anchor != event.start_local:
            preparation.anchor_local = event.start_local
            session.add(preparation)
    await session.flush()


async def materialise_task_reminders(
    session: AsyncSession,
    tasks: list[Task],
    window: tuple[datetime, datetime],
    *,
    cancelled_occurrences: set[str] | frozenset[str] = frozenset(),
    new: bool = False,
) -> None:
    """Rewrite the reminder rows of these tasks (`new`: created in this transaction)."""
    planned = []
    for task in tasks:
        if not task.reminders:
            continue
        zone = ZoneInfo(task.timezone)
        at = task.due_at
        occurrence = Occurrence(
            recurrence_id=task.recurrence_id,
            start=task.due_local,
            end=task.due_local,
            start_utc=at,
            end_utc=at,
            cancelled=task.status != TaskStatus.todo or task.recurrence_id in cancelled_occurrences,
            override=None,
        )
        item = Item(
            network_id=task.network_id,
            source_type="task",
            source_id=task.id,
            title=task.title,
            timezone=str(zone),
            all_day=False,
        )
        planned.extend(plan(item, [occurrence], task.reminders, window))
    await write(session, "task", [t.id for t in tasks], planned, window, new=new)
