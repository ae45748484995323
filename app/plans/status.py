"""A round's status: measures evaluated, missing, and whose evaluation tasks are overdue."""

from zoneinfo import ZoneInfo

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.core import clock
from app.plans import rounds, tree
from app.plans.models import Round
from app.plans.schemas import OverdueTask, RoundOpened, RoundStatusPublic, RoundTaskPublic
from app.plans.views import round_public
from app.tasks.models import Task, TaskStatus


async def status_of(session: AsyncSession, round_: Round) -> RoundStatusPublic:
    loaded = await tree.load(session, round_.plan_id, round_.id)
    base = round_public(round_, loaded.rollup())
    links = await rounds.tasks_of(session, round_.id)
    task_ids = [link.task_id for link in links if link.task_id]
    open_tasks = {}
    if task_ids:
        query = select(Task).where(col(Task.id).in_(task_ids), Task.status == TaskStatus.todo.value)
        open_tasks = {task.id: task for task in (await session.exec(query)).all()}
    now = clock.now()
    overdue = []
    for link in links:
        task = open_tasks.get(link.task_id) if link.task_id else None
        if task is not None and task.due_at < now:
            overdue.append(OverdueTask(
                task_id=task.id, measure_id=link.measure_id, assignee_id=task.assignee_id,
                due=task.due_at.astimezone(ZoneInfo(task.timezone)),
            ))  # fmt: skip
    missing = [m.id for m in loaded.measures if m.id not in loaded.evaluations]
    return RoundStatusPublic(
        **base.model_dump(),
        measures=len(loaded.measures),
        evaluated=len(loaded.measures) - len(missing),
        missing=missing,
        overdue=overdue,
    )


async def opened(session: AsyncSession, round_: Round) -> RoundOpened:
    base = round_public(round_, await tree.round_rollup(session, round_))
    shown = []
    for link in await rounds.tasks_of(session, round_.id):
        task = await session.get(Task, link.task_id) if link.task_id else None
        shown.append(RoundTaskPublic(
            measure_id=link.measure_id,
            task_id=task.id if task else None,
            assignee_id=task.assignee_id if task else None,
            due=task.due_at.astimezone(ZoneInfo(task.timezone)) if task else None,
            status=task.status if task else None,
        ))  # fmt: skip
    return RoundOpened(**base.model_dump(), tasks=shown)
