"""HTTP routes of plans, their goal tree and measures (thin: the service does the work)."""

import uuid

from fastapi import APIRouter
from sqlmodel.ext.asyncio.session import AsyncSession

from app.auth.deps import CurrentPrincipal, get_principal
from app.core.db.session import SessionDep
from app.core.pagination import PageQuery
from app.core.routes import Verbs, add_child_routes, add_crud_routes
from app.limits.routing import LimitedRoute
from app.plans import service, tree
from app.plans.models import Plan
from app.plans.schemas import (
    GoalCreate,
    GoalPublic,
    GoalTreePublic,
    GoalUpdate,
    MeasureCreate,
    MeasurePublic,
    MeasureUpdate,
    PlanCreate,
    PlanPublic,
    PlanQuery,
    PlanUpdate,
)
from app.plans.views import goal_public, measure_public, plan_public

plans_router = APIRouter(prefix="/v1/plans", tags=["plans"], route_class=LimitedRoute)
goals_router = APIRouter(prefix="/v1/goals", tags=["goals"], route_class=LimitedRoute)
measures_router = APIRouter(prefix="/v1/measures", tags=["measures"], route_class=LimitedRoute)


async def _plan(session: AsyncSession, plan: Plan) -> PlanPublic:
    return plan_public(plan, await tree.plan_rollup(session, plan.id))


add_crud_routes(
    plans_router,
    service,
    principal=get_principal,
    id_param="plan_id",
    public=PlanPublic,
    create=PlanCreate,
    update=PlanUpdate,
    query=PlanQuery,
    present=_plan,
    summaries={
        "create": "Create a plan",
        "get_all": "List plans",
        "get": "Get a plan",
        "update": "Change a plan",
        "delete": "Delete a plan",
    },
    docs={
        "create": "A plan followed up on a cycle: a children and youth welfare plan "
        "(Lastensuojelulaki 12 §), a welfare report, a regional welfare agreement or a "
        "partnership promise.",
        "get_all": "The plans of the caller's networks, each with the roll-up of its latest round.",
        "get": "A plan with the roll-up of its latest round.",
        "update": "Change some fields, e.g. `status` to `in_follow_up` once approved; send "
        "`If-Match`.",
        "delete": "Delete a plan with its goals, measures, rounds and evaluations (deadlines "
        "stay).",
    },
)
goals = Verbs.named(service, "goal")
add_child_routes(
    plans_router,
    service,
    goals,
    principal=get_principal,
    parent_param="plan_id",
    path="goals",
    location="/v1/goals",
    public=GoalPublic,
    create=GoalCreate,
    noun="goal",
    view=goal_public,
    summaries={"create": "Add a goal to a plan"},
    docs={
        "create": "A goal (tavoite); with `parent_id` a sub-goal of another goal of the same plan."
    },
)


@plans_router.get(
    "/{plan_id}/goals", response_model=GoalTreePublic, summary="The goal tree of a plan"
)
async def get_goal_tree(
    plan_id: uuid.UUID,
    session: SessionDep,
    principal: CurrentPrincipal,
    round_id: uuid.UUID | None = None,
) -> GoalTreePublic:
    """Goals with their sub-goals and measures, each measure with its evaluation and each
    goal with its roll-up, for `round_id` (default: the plan's latest round)."""
    plan = await service.get(session, principal, plan_id)
    if round_id is None:
        latest = await tree.latest_round(session, plan.id)
        round_id = latest.id if latest else None
    loaded = await tree.load(session, plan.id, round_id)
    return tree.tree_public(plan.id, round_id, loaded)


add_crud_routes(
    goals_router,
    goals,
    principal=get_principal,
    id_param="goal_id",
    public=GoalPublic,
    update=GoalUpdate,
    noun="goal",
    view=goal_public,
    operations=("get", "update", "delete"),
    summaries={"get": "Get a goal", "update": "Change a goal", "delete": "Delete a goal"},
    docs={
        "get": "One goal of a plan.",
        "update": "Change a goal's title, description, weight or position; send `If-Match`.",
        "delete": "Delete a goal with its sub-goals, measures and their evaluations.",
    },
)
measures = Verbs.named(service, "measure")
add_child_routes(
    goals_router,
    goals,
    measures,
    principal=get_principal,
    parent_param="goal_id",
    path="measures",
    location="/v1/measures",
    public=MeasurePublic,
    create=MeasureCreate,
    query=PageQuery,
    noun="measure",
    view=measure_public,
    summaries={"create": "Add a measure to a goal", "get_all": "List a goal's measures"},
    docs={
        "create": "A measure (toimenpide) with its responsible partners and groups (vastuutaho: "
        '"Peso, Tesa, kunnat") and follow-up metric (seurantamittari).',
        "get_all": "The measures directly under one goal.",
    },
)
add_crud_routes(
    measures_router,
    measures,
    principal=get_principal,
    id_param="measure_id",
    public=MeasurePublic,
    update=MeasureUpdate,
    noun="measure",
    view=measure_public,
    operations=("get", "update", "delete"),
    summaries={"get": "Get a measure", "update": "Change a measure", "delete": "Delete a measure"},
    docs={
        "get": "One measure of a plan.",
        "update": "Change a measure's text, responsible parties, metric, weight or position.",
        "delete": "Delete a measure with its evaluations.",
    },
)
