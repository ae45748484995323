"""Preparation templates, and tasks created from them for each event occurrence."""

import uuid
from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.auth.principal import Principal
from app.core import clock
from app.core.crud import apply_changes, preload, referenced, referenced_change
from app.core.errors import Conflict
from app.core.repository import Repository
from app.core.timebounds import due_range
from app.events.models import Event
from app.events.series import override_of, overrides_of
from app.networks import service as networks
from app.notifications.announcer import Announcer
from app.notifications.service import announce, announce_created
from app.people.models import Person
from app.reminders.materialise import horizon
from app.reminders.service import parts_json, reminded_changes, rules_json
from app.tasks.materialise import (
    materialise_event_tasks,
    materialise_new_preparations,
    materialise_task_reminders,
)
from app.tasks.models import Preparation, PreparationTemplate, Task, TaskStatus
from app.tasks.schemas import (
    PreparationCreate,
    PreparationPublic,
    TaskQuery,
    TaskUpdate,
    TemplateCreate,
    TemplateUpdate,
)
from app.tasks.views import preparation_public, task_public, template_public

_announce_template = Announcer("preparation_template", "preparation-templates", template_public)


templates = Repository(PreparationTemplate, PreparationTemplate.network_id, "Template")
tasks = Repository(
    Task,
    Task.network_id,
    "Task",
    filters={"assignee_id": Task.assignee_id, "event_id": Task.event_id, "status": Task.status},
    sort_column=Task.due_at,
)
get_template, get_writable_template = templates.get, templates.get_writable
get_task, get_writable_task = tasks.get, tasks.get_writable


get_all_templates = templates.get_all


async def create_template(
    session: AsyncSession, principal: Principal, data: TemplateCreate
) -> PreparationTemplate:
    await networks.writable(session, principal, data.network_id)
    template = PreparationTemplate(
        network_id=data.network_id,
        name=data.name,
        description=data.description,
        tasks=await parts_json(session, principal, data.network_id, data.tasks, "tasks"),
        reminders=await rules_json(
            session, principal, data.network_id, data.reminders, "reminders"
        ),
    )
    return await _announce_template.add(session, template)


async def update_template(
    session: AsyncSession, principal: Principal, template: PreparationTemplate, data: TemplateUpdate
) -> list[str]:
    """Changes apply to tasks created from now on; existing tasks keep what they were given."""
    changes = data.model_dump(exclude_unset=True, exclude={"tasks", "reminders"})
    changes |= await reminded_changes(
        session, principal, template.network_id, "tasks", data.tasks, data.reminders
    )
    return await _announce_template.change(session, template, changes)


async def delete_template(
    session: AsyncSession, principal: Principal, template: PreparationTemplate
) -> None:
    used = await session.exec(
        select(Preparation.id).where(Preparation.template_id == template.id).limit(1)
    )
    if used.first() is not None:
        raise Conflict("The template is applied to events; remove those preparations first")
    await _announce_template.remove(session, template)


async def _preparation_references(
    session: AsyncSession, principal: Principal, event: Event, data: PreparationCreate
) -> PreparationTemplate:
    """The template and the assignee, checked to be in the event's network; the template."""
    template = await referenced(
        session, principal, PreparationTemplate, data.template_id, "template_id",
        network_id=event.network_id,
    )  # fmt: skip
    if data.assignee_id:
        await referenced(
            session, principal, Person, data.assignee_id, "assignee_id",
            network_id=event.network_id,
        )  # fmt: skip
    return template


async def prepare(
    session: AsyncSession, principal: Principal, event: Event, data: PreparationCreate
) -> PreparationPublic:
    """Apply a template to an event: tasks for each occurrence in the planning horizon now,
    and for later ones as they come into the horizon. Returns it as the API shows it."""
    await _preparation_references(session, principal, event, data)
    existing = await session.exec(
        select(Preparation).where(
            Preparation.event_id == event.id, Preparation.template_id == data.template_id
        )
    )
    if existing.first() is not None:
        raise Conflict("This template is already applied to the event")
    preparation = Preparation(
        network_id=event.network_id,
        event_id=event.id,
        template_id=data.template_id,
        assignee_id=data.assignee_id,
    )
    session.add(preparation)
    await session.flush()
    states = [override_of(row) for row in (await overrides_of(session, [event.id]))[event.id]]
    await materialise_event_tasks(session, event, states, horizon())
    public = preparation_public(preparation, await tasks_of(session, preparation.id))
    subject = f"/v1/events/{event.id}/preparation"
    announce(
        session, "preparation", "created", public, network_id=event.network_id, subject=subject
    )
    return public


async def prepare_new_events(
    session: AsyncSession, principal: Principal, items: Sequence[tuple[Event, PreparationCreate]]
) -> list[PreparationPublic]:
    """`prepare` for many events created in this transaction (a bulk load): templates and
    assignees read in a few queries, preparations and tasks inserted together, each
    preparation announced and audited as `prepare` does."""
    _held = [
        *await preload(session, PreparationTemplate, (data.template_id for _, data in items)),
        *await preload(
            session, Person, (data.assignee_id for _, data in items if data.assignee_id)
        ),
    ]
    applied = set()
    prepared = []
    for event, data in items:
        template = await _preparation_references(session, principal, event, data)
        if (event.id, data.template_id) in applied:
            raise Conflict("This template is already applied to the event")
        applied.add((event.id, data.template_id))
        preparation = Preparation(
            network_id=event.network_id, event_id=event.id, template_id=data.template_id,
            assignee_id=data.assignee_id,
        )  # fmt: skip
        prepared.append((event, preparation, template))
    event_ids = sorted({event.id for event, _ in items})
    for start in range(0, len(event_ids), 1000):
        query = select(Preparation.event_id, Preparation.template_id).where(
            col(Preparation.event_id).in_(event_ids[start : start + 1000])
        )
        if applied & set((await session.exec(query)).all()):
            raise Conflict("This template is already applied to the event")
    session.add_all(preparation for _, preparation, _ in prepared)
    await session.flush()
    made = await materialise_new_preparations(session, prepared, horizon())
    publics = [preparation_public(p, made[p.id]) for _, p, _ in prepared]
    await announce_created(
        session, "preparation",
        [(public, event.network_id, f"/v1/events/{event.id}/preparation")
         for (event, _, _), public in zip(prepared, publics, strict=True)],
    )  # fmt: skip
    return publics


async def tasks_of(session: AsyncSession, preparation_id: uuid.UUID) -> list[Task]:
    rows = await session.exec(
        select(Task)
        .where(Task.preparation_id == preparation_id)
        .order_by(col(Task.due_at), col(Task.position))
    )
    return list(rows.all())


async def get_all_tasks(
    session: AsyncSession, principal: Principal, query: TaskQuery
) -> tuple[list[Task], str | None]:
    """Preparation tasks, ordered by due time."""
    due = due_range(query)
    statement = due.limit(tasks.listed_statement(principal, query), Task.due_at)
    if query.overdue is not None:
        late = sa.and_(col(Task.status) == TaskStatus.todo.value, col(Task.due_at) < clock.now())
        statement = statement.where(late if query.overdue else sa.not_(late))
    return await tasks.page_of(session, statement, query)


async def update_task(
    session: AsyncSession, principal: Principal, task: Task, data: TaskUpdate
) -> list[str]:
    changes = data.model_dump(exclude_unset=True)
    await referenced_change(session, principal, Person, changes, "assignee_id", task.network_id)
    if "status" in changes and changes["status"] is not None:
        changes["status"] = changes["status"].value
        if changes["status"] != task.status:
            done = changes["status"] == TaskStatus.done
            changes["completed_at"] = clock.now() if done else None
    changed = apply_changes(task, changes)
    session.add(task)
    await session.flush()
    # A done or skipped task needs no reminders; reopened, it gets them back.
    await materialise_task_reminders(session, [task], horizon())
    announce(
        session, "task", "updated", task_public(task), network_id=task.network_id,
        subject=f"/v1/tasks/{task.id}", changed=changed,
    )  # fmt: skip
    return changed


async def announce_overdue(session: AsyncSession, now: datetime, batch: int) -> int:
    """Mark up to `batch` open tasks past their due time and announce each once
    (task.overdue); returns how many."""
    rows = await session.exec(
        select(Task)
        .where(
            Task.status == TaskStatus.todo.value,
            Task.due_at < now,
            col(Task.overdue_notified_at).is_(None),
        )
        .limit(batch)
    )
    tasks = list(rows.all())
    for task in tasks:
        task.overdue_notified_at = now
        session.add(task)
        announce(
            session, "task", "overdue", task_public(task), network_id=task.network_id,
            subject=f"/v1/tasks/{task.id}",
        )  # fmt: skip
    return len(tasks)
