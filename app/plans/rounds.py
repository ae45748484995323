"""Follow-up rounds and the link from each measure to its evaluation task."""

import uuid
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.auth.principal import Principal
from app.core import clock
from app.core.errors import Conflict
from app.core.pagination import PageQuery
from app.core.repository import Repository
from app.kernel.timefields import wall_time
from app.notifications.announcer import LoadingAnnouncer
from app.plans import tree
from app.plans.models import Measure, Plan, Round, RoundTask
from app.plans.schemas import RoundCreate, RoundPublic, RoundUpdate
from app.plans.views import round_public

# Whom each evaluation task reminds, and when, unless the round says otherwise.
DEFAULT_REMINDERS = [
    {"offset": "-P7D", "channels": ["email", "notification"], "recipients": {"assignee": True}},
    {"offset": "-P1D", "channels": ["email", "notification"], "recipients": {"assignee": True}},
]


async def _round_public(session: AsyncSession, round_: Round) -> RoundPublic:
    return round_public(round_, await tree.round_rollup(session, round_))


announce_round = LoadingAnnouncer("round", "rounds", _round_public)


repository = Repository(Round, Round.network_id, "Round")
get, get_writable = repository.get, repository.get_writable


async def get_all(
    session: AsyncSession, principal: Principal, plan: Plan, query: PageQuery
) -> tuple[list[Round], str | None]:
    return await repository.get_children(session, Round.plan_id, plan.id, query)


async def create(
    session: AsyncSession, plan: Plan, data: RoundCreate, reminders: list[dict[str, Any]]
) -> Round:
    due, all_day = wall_time(data.due, data.timezone)
    round_ = Round(
        network_id=plan.network_id,
        plan_id=plan.id,
        name=data.name,
        decision_body=data.decision_body,
        timezone=data.timezone,
        due_local=due,
        all_day=all_day,
        reminders=reminders,
    )
    session.add(round_)
    await session.flush()
    return round_


async def link(
    session: AsyncSession,
    round_: Round,
    *,
    deadline_id: uuid.UUID | None = None,
    event_id: uuid.UUID | None = None,
) -> None:
    """Record the deadline and meeting made for the round (by app/flows/followup.py)."""
    if deadline_id is not None:
        round_.deadline_id = deadline_id
    if event_id is not None:
        round_.event_id = event_id
    session.add(round_)
    await session.flush()


async def update(
    session: AsyncSession, principal: Principal, round_: Round, data: RoundUpdate
) -> list[str]:
    return await announce_round.change(session, round_, data.model_dump(exclude_unset=True))


async def delete(session: AsyncSession, principal: Principal, round_: Round) -> None:
    await announce_round.remove(session, round_)


async def measures_of(session: AsyncSession, plan_id: uuid.UUID) -> list[Measure]:
    rows = await session.exec(
        select(Measure)
        .where(Measure.plan_id == plan_id)
        .order_by(col(Measure.position), col(Measure.id))
    )
    return list(rows.all())


def ensure_not_open(round_: Round) -> None:
    if round_.opened_at is not None:
        raise Conflict(f"The round was opened at {round_.opened_at.isoformat()}; it stays open")


async def mark_open(
    session: AsyncSession, round_: Round, task_ids: dict[uuid.UUID, uuid.UUID | None]
) -> None:
    """Open the round with each measure's task (None where no task could be made)."""
    ensure_not_open(round_)
    for measure_id, task_id in task_ids.items():
        session.add(RoundTask(round_id=round_.id, measure_id=measure_id, task_id=task_id))
    round_.opened_at = clock.now()
    round_.touch()
    session.add(round_)
    await session.flush()
    await announce_round(session, round_, "opened")


async def tasks_of(session: AsyncSession, round_id: uuid.UUID) -> list[RoundTask]:
    rows = await session.exec(select(RoundTask).where(RoundTask.round_id == round_id))
    return list(rows.all())


async def task_for(
    session: AsyncSession, round_id: uuid.UUID, measure_id: uuid.UUID
) -> RoundTask | None:
    statement = select(RoundTask).where(
        RoundTask.round_id == round_id, RoundTask.measure_id == measure_id
    )
    return (await session.exec(statement)).first()
