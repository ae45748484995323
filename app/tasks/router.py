import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from app.auth.deps import CurrentPrincipal
from app.core.config import get_settings
from app.core.db.session import SessionDep
from app.core.etag import IfMatchHeader, check_if_match, set_etag
from app.core.pagination import DEFAULT_LIMIT, CursorParam, LimitParam
from app.core.schemas import Page
from app.events.service import get_writable
from app.limits.routing import LimitedRoute
from app.occurrences.window import _bound
from app.tasks import service
from app.tasks.models import TaskStatus
from app.tasks.schemas import (
    PreparationCreate,
    PreparationPublic,
    TaskPublic,
    TaskUpdate,
    TemplateCreate,
    TemplatePublic,
    TemplateUpdate,
)
from app.tasks.views import task_public, template_public

templates_router = APIRouter(
    prefix="/v1/preparation-templates", tags=["preparation-templates"], route_class=LimitedRoute
)
tasks_router = APIRouter(prefix="/v1/tasks", tags=["tasks"], route_class=LimitedRoute)
preparation_router = APIRouter(prefix="/v1/events", tags=["events"], route_class=LimitedRoute)


@templates_router.post("", status_code=status.HTTP_201_CREATED, response_model=TemplatePublic)
async def create(
    body: TemplateCreate, session: SessionDep, principal: CurrentPrincipal, response: Response
):
    """A preparation plan: tasks with offsets from an event's start (-P90D … P14D)."""
    template = await service.create_template(session, principal, body)
    set_etag(response, template)
    response.headers["Location"] = f"/v1/preparation-templates/{template.id}"
    return template_public(template)


@templates_router.get("", response_model=Page[TemplatePublic])
async def get_all(
    session: SessionDep,
    principal: CurrentPrincipal,
    network_id: uuid.UUID | None = None,
    limit: LimitParam = DEFAULT_LIMIT,
    cursor: CursorParam = None,
):
    rows, next_cursor = await service.get_all_templates(
        session, principal, network_id=network_id, limit=limit, cursor=cursor
    )
    return Page(data=[template_public(t) for t in rows], next_cursor=next_cursor)


@templates_router.get("/{template_id}", response_model=TemplatePublic)
async def get(
    template_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal, response: Response
):
    template = await service.get_template(session, principal, template_id)
    set_etag(response, template)
    return template_public(template)


@templates_router.patch("/{template_id}", response_model=TemplatePublic)
async def update(
    template_id: uuid.UUID,
    body: TemplateUpdate,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
    if_match: IfMatchHeader = None,
):
    """Edit the plan; tasks already created keep what they were given."""
    template = await service.get_template(session, principal, template_id, write=True)
    check_if_match(if_match, template)
    await service.update_template(session, principal, template, body)
    set_etag(response, template)
    return template_public(template)


@templates_router.delete("/{template_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete(template_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal):
    template = await service.get_template(session, principal, template_id, write=True)
    await service.delete_template(session, template)


@preparation_router.post(
    "/{event_id}/preparation", status_code=status.HTTP_201_CREATED, response_model=PreparationPublic
)
async def prepare(
    event_id: uuid.UUID, body: PreparationCreate, session: SessionDep, principal: CurrentPrincipal
):
    """Apply a preparation template: tasks for each occurrence inside the planning horizon
    (later occurrences get theirs as they come into it). Moving the event moves open tasks."""
    event = await get_writable(session, principal, event_id)
    return await service.prepare(session, principal, event, body)


@tasks_router.get("", response_model=Page[TaskPublic])
async def get_all_tasks(
    session: SessionDep,
    principal: CurrentPrincipal,
    network_id: uuid.UUID | None = None,
    assignee_id: uuid.UUID | None = None,
    event_id: uuid.UUID | None = None,
    status: TaskStatus | None = None,
    due_from: Annotated[str | None, Query(max_length=40)] = None,
    due_to: Annotated[str | None, Query(max_length=40)] = None,
    overdue: Annotated[bool | None, Query(description="Open tasks past their due time")] = None,
    limit: LimitParam = DEFAULT_LIMIT,
    cursor: CursorParam = None,
):
    """Preparation tasks, ordered by due time."""
    zone = get_settings().default_zone
    rows, next_cursor = await service.get_all_tasks(
        session,
        principal,
        network_id=network_id,
        assignee_id=assignee_id,
        event_id=event_id,
        status=status,
        due_from=_bound(due_from, "due_from", zone),
        due_to=_bound(due_to, "due_to", zone),
        overdue=overdue,
        limit=limit,
        cursor=cursor,
    )
    return Page(data=[task_public(t) for t in rows], next_cursor=next_cursor)


@tasks_router.get("/{task_id}", response_model=TaskPublic)
async def get_task(
    task_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal, response: Response
):
    task = await service.get_task(session, principal, task_id)
    set_etag(response, task)
    return task_public(task)


@tasks_router.patch("/{task_id}", response_model=TaskPublic)
async def update_task(
    task_id: uuid.UUID,
    body: TaskUpdate,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
    if_match: IfMatchHeader = None,
):
    """Mark a task done (or skipped, or back to todo), rename or reassign it."""
    task = await service.get_task(session, principal, task_id, write=True)
    check_if_match(if_match, task)
    await service.update_task(session, principal, task, body)
    set_etag(response, task)
    return task_public(task)
