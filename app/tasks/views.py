"""Preparation templates, preparations and tasks as the API shows them."""

from zoneinfo import ZoneInfo

from app.tasks.models import Preparation, PreparationTemplate, Task
from app.tasks.schemas import PreparationPublic, TaskPublic, TemplatePublic


def template_public(template: PreparationTemplate) -> TemplatePublic:
    """A preparation template as the API shows it."""
    return TemplatePublic.model_validate(template.model_dump())


def task_public(task: Task) -> TaskPublic:
    """A task with its due time in its own zone."""
    due = task.due_at.astimezone(ZoneInfo(task.timezone))
    return TaskPublic.model_validate({**task.model_dump(), "due": due})


def preparation_public(preparation: Preparation, tasks: list[Task]) -> PreparationPublic:
    """A template applied to an event, with the tasks it created."""
    return PreparationPublic(
        id=preparation.id,
        event_id=preparation.event_id,
        template_id=preparation.template_id,
        assignee_id=preparation.assignee_id,
        tasks=[task_public(t) for t in tasks],
    )
