"""HTTP routes of plans, their goal tree and measures (thin: the service does the work)."""

import uuid

from fastapi import APIRouter, Response, status

from app.auth.deps import CurrentPrincipal
from app.core.db.session import SessionDep
from app.core.etag import IfMatchHeader, check_if_match, set_etag
from app.core.pagination import DEFAULT_LIMIT, CursorParam, LimitParam
from app.core.schemas import Page
from app.limits.routing import LimitedRoute
from app.plans import service, tree
from app.plans.models import PlanKind, PlanStatus
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
    PlanUpdate,
)
from app.plans.views import goal_public, measure_public, plan_public

plans_router = APIRouter(prefix="/v1/plans", tags=["plans"], route_class=LimitedRoute)
goals_router = APIRouter(prefix="/v1/goals", tags=["goals"], route_class=LimitedRoute)
measures_router = APIRouter(prefix="/v1/measures", tags=["measures"], route_class=LimitedRoute)


@plans_router.post(
    "", status_code=status.HTTP_201_CREATED, response_model=PlanPublic, summary="Create a plan"
)
async def create(
    body: PlanCreate, session: SessionDep, principal: CurrentPrincipal, response: Response
):
    """A plan followed up on a cycle: a children and youth welfare plan (Lastensuojelulaki
    12 §), a welfare report, a regional welfare agreement or a partnership promise."""
    plan = await service.create(session, principal, body)
    set_etag(response, plan)
    response.headers["Location"] = f"/v1/plans/{plan.id}"
    return plan_public(plan, await tree.plan_rollup(session, plan.id))


@plans_router.get("", response_model=Page[PlanPublic], summary="List plans")
async def get_all(
    session: SessionDep,
    principal: CurrentPrincipal,
    network_id: uuid.UUID | None = None,
    kind: PlanKind | None = None,
    status: PlanStatus | None = None,
    q: str | None = None,
    limit: LimitParam = DEFAULT_LIMIT,
    cursor: CursorParam = None,
):
    """The plans of the caller's networks, each with the roll-up of its latest round."""
    rows, next_cursor = await service.get_all(
        session, principal, network_id=network_id, kind=kind, status=status, q=q,
        limit=limit, cursor=cursor,
    )  # fmt: skip
    data = [plan_public(p, await tree.plan_rollup(session, p.id)) for p in rows]
    return Page(data=data, next_cursor=next_cursor)


@plans_router.get("/{plan_id}", response_model=PlanPublic, summary="Get a plan")
async def get(
    plan_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal, response: Response
):
    """A plan with the roll-up of its latest round."""
    plan = await service.get(session, principal, plan_id)
    set_etag(response, plan)
    return plan_public(plan, await tree.plan_rollup(session, plan.id))


@plans_router.patch("/{plan_id}", response_model=PlanPublic, summary="Change a plan")
async def update(
    plan_id: uuid.UUID,
    body: PlanUpdate,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
    if_match: IfMatchHeader = None,
):
    """Change some fields, e.g. `status` to `in_follow_up` once approved; send `If-Match`."""
    plan = await service.get_writable(session, principal, plan_id)
    check_if_match(if_match, plan)
    await service.update(session, principal, plan, body)
    set_etag(response, plan)
    return plan_public(plan, await tree.plan_rollup(session, plan.id))


@plans_router.delete("/{plan_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Delete a plan")
async def delete(plan_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal):
    """Delete a plan with its goals, measures, rounds and evaluations (deadlines stay)."""
    plan = await service.get_writable(session, principal, plan_id)
    await service.delete(session, plan)


@plans_router.post(
    "/{plan_id}/goals",
    status_code=status.HTTP_201_CREATED,
    response_model=GoalPublic,
    summary="Add a goal to a plan",
)
async def create_goal(
    plan_id: uuid.UUID,
    body: GoalCreate,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
):
    """A goal (tavoite); with `parent_id` a sub-goal of another goal of the same plan."""
    plan = await service.get_writable(session, principal, plan_id)
    goal = await service.create_goal(session, plan, body)
    set_etag(response, goal)
    response.headers["Location"] = f"/v1/goals/{goal.id}"
    return goal_public(goal)


@plans_router.get(
    "/{plan_id}/goals", response_model=GoalTreePublic, summary="The goal tree of a plan"
)
async def get_goal_tree(
    plan_id: uuid.UUID,
    session: SessionDep,
    principal: CurrentPrincipal,
    round_id: uuid.UUID | None = None,
):
    """Goals with their sub-goals and measures, each measure with its evaluation and each
    goal with its roll-up, for `round_id` (default: the plan's latest round)."""
    plan = await service.get(session, principal, plan_id)
    if round_id is None:
        latest = await tree.latest_round(session, plan.id)
        round_id = latest.id if latest else None
    loaded = await tree.load(session, plan.id, round_id)
    return tree.tree_public(plan.id, round_id, loaded)


@goals_router.get("/{goal_id}", response_model=GoalPublic, summary="Get a goal")
async def get_goal(
    goal_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal, response: Response
):
    """One goal of a plan."""
    goal = await service.get_goal(session, principal, goal_id)
    set_etag(response, goal)
    return goal_public(goal)


@goals_router.patch("/{goal_id}", response_model=GoalPublic, summary="Change a goal")
async def update_goal(
    goal_id: uuid.UUID,
    body: GoalUpdate,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
    if_match: IfMatchHeader = None,
):
    """Change a goal's title, description, weight or position; send `If-Match`."""
    goal = await service.get_writable_goal(session, principal, goal_id)
    check_if_match(if_match, goal)
    await service.update_goal(session, goal, body)
    set_etag(response, goal)
    return goal_public(goal)


@goals_router.delete("/{goal_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Delete a goal")
async def delete_goal(goal_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal):
    """Delete a goal with its sub-goals, measures and their evaluations."""
    goal = await service.get_writable_goal(session, principal, goal_id)
    await service.delete_goal(session, goal)


@goals_router.post(
    "/{goal_id}/measures",
    status_code=status.HTTP_201_CREATED,
    response_model=MeasurePublic,
    summary="Add a measure to a goal",
)
async def create_measure(
    goal_id: uuid.UUID,
    body: MeasureCreate,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
):
    """A measure (toimenpide) with its responsible partners and groups (vastuutaho: "Peso,
    Tesa, kunnat") and follow-up metric (seurantamittari)."""
    goal = await service.get_writable_goal(session, principal, goal_id)
    measure = await service.create_measure(session, principal, goal, body)
    set_etag(response, measure)
    response.headers["Location"] = f"/v1/measures/{measure.id}"
    return measure_public(measure)


@goals_router.get(
    "/{goal_id}/measures", response_model=Page[MeasurePublic], summary="List a goal's measures"
)
async def get_all_measures(
    goal_id: uuid.UUID,
    session: SessionDep,
    principal: CurrentPrincipal,
    limit: LimitParam = DEFAULT_LIMIT,
    cursor: CursorParam = None,
):
    """The measures directly under one goal."""
    goal = await service.get_goal(session, principal, goal_id)
    rows, next_cursor = await service.get_all_measures(session, goal, limit=limit, cursor=cursor)
    return Page(data=[measure_public(m) for m in rows], next_cursor=next_cursor)


@measures_router.get("/{measure_id}", response_model=MeasurePublic, summary="Get a measure")
async def get_measure(
    measure_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal, response: Response
):
    """One measure of a plan."""
    measure = await service.get_measure(session, principal, measure_id)
    set_etag(response, measure)
    return measure_public(measure)


@measures_router.patch("/{measure_id}", response_model=MeasurePublic, summary="Change a measure")
async def update_measure(
    measure_id: uuid.UUID,
    body: MeasureUpdate,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
    if_match: IfMatchHeader = None,
):
    """Change a measure's text, responsible parties, metric, weight or position."""
    measure = await service.get_writable_measure(session, principal, measure_id)
    check_if_match(if_match, measure)
    await service.update_measure(session, principal, measure, body)
    set_etag(response, measure)
    return measure_public(measure)


@measures_router.delete(
    "/{measure_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Delete a measure"
)
async def delete_measure(measure_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal):
    """Delete a measure with its evaluations."""
    measure = await service.get_writable_measure(session, principal, measure_id)
    await service.delete_measure(session, measure)
