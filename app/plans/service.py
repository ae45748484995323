"""Plans, their goal tree and measures: the only writer of these tables."""

import uuid
from typing import Any

import sqlalchemy as sa
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.auth.principal import Principal
from app.core.crud import referenced
from app.core.errors import ValidationFailed
from app.core.pagination import PageQuery
from app.core.repository import Repository
from app.groups.models import Group
from app.networks import service as networks
from app.notifications.announcer import Announcer, LoadingAnnouncer
from app.partners.models import Partner
from app.plans import tree
from app.plans.models import Goal, Measure, Plan
from app.plans.schemas import (
    GoalCreate,
    MeasureCreate,
    MeasureUpdate,
    PlanCreate,
    PlanPublic,
    PlanUpdate,
)
from app.plans.views import goal_public, measure_public, plan_public


async def _plan_public(session: AsyncSession, plan: Plan) -> PlanPublic:
    return plan_public(plan, await tree.plan_rollup(session, plan.id))


_announce_plan = LoadingAnnouncer("plan", "plans", _plan_public)


_announce_goal = Announcer("goal", "goals", goal_public)
_announce_measure = Announcer("measure", "measures", measure_public)


def _check_period(values: dict[str, Any]) -> None:
    start, end = values.get("period_start"), values.get("period_end")
    if start is not None and end is not None and end < start:
        raise ValidationFailed.field("period_end", "must not be before period_start")


async def check_ids(
    session: AsyncSession,
    principal: Principal,
    model: type,
    ids: list[uuid.UUID],
    field: str,
    network_id: uuid.UUID,
) -> list[str]:
    """Partners or groups named in a body: each must exist in the plan's network."""
    for index, id in enumerate(ids):
        await referenced(session, principal, model, id, f"{field}[{index}]", network_id=network_id)
    return [str(id) for id in dict.fromkeys(ids)]


plans = Repository(
    Plan,
    Plan.network_id,
    "Plan",
    filters={"kind": Plan.kind, "status": Plan.status},
    search=(Plan.title,),
)
goals = Repository(Goal, Goal.network_id, "Goal")
measures = Repository(Measure, Measure.network_id, "Measure")
get, get_writable, get_all = plans.get, plans.get_writable, plans.get_all
get_goal, get_writable_goal = goals.get, goals.get_writable
get_measure, get_writable_measure = measures.get, measures.get_writable


async def create(session: AsyncSession, principal: Principal, data: PlanCreate) -> Plan:
    await networks.writable(session, principal, data.network_id)
    values = data.model_dump()
    _check_period(values)
    values["party_ids"] = await check_ids(
        session, principal, Partner, data.party_ids, "party_ids", data.network_id
    )
    values["document_url"] = str(data.document_url) if data.document_url else None
    return await _announce_plan.add(session, Plan(**values))


async def update(
    session: AsyncSession, principal: Principal, plan: Plan, data: PlanUpdate
) -> list[str]:
    changes = data.model_dump(exclude_unset=True)
    merged = {k: changes.get(k, getattr(plan, k)) for k in ("period_start", "period_end")}
    _check_period(merged)
    if changes.get("party_ids") is not None:
        changes["party_ids"] = await check_ids(
            session, principal, Partner, changes["party_ids"], "party_ids", plan.network_id
        )
    if changes.get("document_url") is not None:
        changes["document_url"] = str(changes["document_url"])
    for enum_field in ("kind", "status"):
        if changes.get(enum_field) is not None:
            changes[enum_field] = changes[enum_field].value
    return await _announce_plan.change(session, plan, changes)


async def delete(session: AsyncSession, principal: Principal, plan: Plan) -> None:
    await _announce_plan.remove(session, plan)


async def create_goal(
    session: AsyncSession, principal: Principal, plan: Plan, data: GoalCreate
) -> Goal:
    if data.parent_id is not None:
        parent = await session.get(Goal, data.parent_id)
        if parent is None or parent.plan_id != plan.id:
            raise ValidationFailed.field("parent_id", f"{data.parent_id} is no goal of this plan")
    goal = Goal(**data.model_dump(), plan_id=plan.id, network_id=plan.network_id)
    return await _announce_goal.add(session, goal)


update_goal = _announce_goal.update
# A goal goes with its sub-goals and measures (and so their evaluations).
delete_goal = _announce_goal.delete


async def get_all_measures(
    session: AsyncSession, principal: Principal, goal: Goal, query: PageQuery
) -> tuple[list[Measure], str | None]:
    return await measures.get_children(session, Measure.goal_id, goal.id, query)


async def _responsible(
    session: AsyncSession, principal: Principal, network_id: uuid.UUID, changes: dict[str, Any]
) -> None:
    for field, model in (("responsible_partner_ids", Partner), ("responsible_group_ids", Group)):
        if changes.get(field) is not None:
            changes[field] = await check_ids(
                session, principal, model, changes[field], field, network_id
            )


async def create_measure(
    session: AsyncSession, principal: Principal, goal: Goal, data: MeasureCreate
) -> Measure:
    values = data.model_dump()
    await _responsible(session, principal, goal.network_id, values)
    measure = Measure(**values, goal_id=goal.id, plan_id=goal.plan_id, network_id=goal.network_id)
    return await _announce_measure.add(session, measure)


async def update_measure(
    session: AsyncSession, principal: Principal, measure: Measure, data: MeasureUpdate
) -> list[str]:
    changes = data.model_dump(exclude_unset=True)
    await _responsible(session, principal, measure.network_id, changes)
    return await _announce_measure.change(session, measure, changes)


async def delete_measure(session: AsyncSession, principal: Principal, measure: Measure) -> None:
    await _announce_measure.remove(session, measure)


async def count_measures(session: AsyncSession, plan_id: uuid.UUID) -> int:
    query = select(sa.func.count()).select_from(Measure).where(Measure.plan_id == plan_id)
    return int(await session.scalar(query) or 0)
