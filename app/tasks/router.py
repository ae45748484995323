import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, status

from app.auth.deps import CurrentPrincipal, get_principal
from app.core.db.session import SessionDep
from app.core.pagination import NetworkPageQuery
from app.core.routes import Verbs, add_crud_routes
from app.core.schemas import Page
from app.events.service import get_writable
from app.limits.routing import LimitedRoute
from app.tasks import service
from app.tasks.schemas import (
    PreparationCreate,
    PreparationPublic,
    TaskPublic,
    TaskQuery,
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


add_crud_routes(
    templates_router,
    Verbs.named(service, "template"),
    principal=get_principal,
    id_param="template_id",
    public=TemplatePublic,
    create=TemplateCreate,
    update=TemplateUpdate,
    query=NetworkPageQuery,
    view=template_public,
    docs={
        "create": "A preparation plan: tasks with offsets from an event's start (-P90D … P14D).",
        "update": "Edit the plan; tasks already created keep what they were given.",
    },
)


@preparation_router.post(
    "/{event_id}/preparation", status_code=status.HTTP_201_CREATED, response_model=PreparationPublic
)
async def prepare(
    event_id: uuid.UUID, body: PreparationCreate, session: SessionDep, principal: CurrentPrincipal
) -> PreparationPublic:
    """Apply a preparation template: tasks for each occurrence inside the planning horizon
    (later occurrences get theirs as they come into it). Moving the event moves open tasks."""
    event = await get_writable(session, principal, event_id)
    return await service.prepare(session, principal, event, body)


@tasks_router.get("", response_model=Page[TaskPublic])
async def get_all_tasks(
    session: SessionDep, principal: CurrentPrincipal, query: Annotated[TaskQuery, Depends()]
) -> Page[TaskPublic]:
    """Preparation tasks, ordered by due time."""
    rows, next_cursor = await service.get_all_tasks(session, principal, query)
    return Page(data=[task_public(t) for t in rows], next_cursor=next_cursor)


add_crud_routes(
    tasks_router,
    Verbs(get=service.get_task, get_writable=service.get_writable_task, update=service.update_task),
    principal=get_principal,
    id_param="task_id",
    public=TaskPublic,
    update=TaskUpdate,
    noun="task",
    view=task_public,
    operations=("get", "update"),
    docs={"update": "Mark a task done (or skipped, or back to todo), rename or reassign it."},
)
