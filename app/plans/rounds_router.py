"""HTTP routes of follow-up rounds and evaluations; the cross-domain steps go through
app/flows/followup.py."""

import uuid

from fastapi import APIRouter, Response
from sqlmodel.ext.asyncio.session import AsyncSession

from app.auth.deps import CurrentPrincipal, get_principal
from app.core.db.session import SessionDep
from app.core.etag import set_etag
from app.core.pagination import PageQuery
from app.core.routes import Verbs, add_child_routes, add_crud_routes
from app.flows import followup
from app.limits.routing import LimitedRoute
from app.plans import evaluations, rounds, service, tree
from app.plans.models import Round
from app.plans.schemas import (
    EvaluationCreate,
    EvaluationPublic,
    EvaluationQuery,
    EvaluationUpdate,
    RoundCreate,
    RoundOpened,
    RoundPublic,
    RoundStatusPublic,
    RoundUpdate,
)
from app.plans.status import opened, status_of
from app.plans.views import evaluation_public, round_public

plan_rounds_router = APIRouter(prefix="/v1/plans", tags=["rounds"], route_class=LimitedRoute)
rounds_router = APIRouter(prefix="/v1/rounds", tags=["rounds"], route_class=LimitedRoute)
measure_evaluations_router = APIRouter(
    prefix="/v1/measures", tags=["evaluations"], route_class=LimitedRoute
)
evaluations_router = APIRouter(
    prefix="/v1/evaluations", tags=["evaluations"], route_class=LimitedRoute
)


async def _round(session: AsyncSession, round_: Round) -> RoundPublic:
    return round_public(round_, await tree.round_rollup(session, round_))


round_verbs = Verbs.of(rounds, create=followup.create_round)
add_child_routes(
    plan_rounds_router,
    service,
    round_verbs,
    principal=get_principal,
    parent_param="plan_id",
    path="rounds",
    location="/v1/rounds",
    public=RoundPublic,
    create=RoundCreate,
    query=PageQuery,
    present=_round,
    summaries={"create": "Start a follow-up round", "get_all": "List a plan's rounds"},
    docs={
        "create": 'A follow-up round such as "Väliraportointi 2025": a decision deadline on the '
        "wheel for `decision_body`, with milestones -P30D (responsible parties submit their "
        "evaluations) and -P14D (the coordinator compiles the report). Open it to hand out the "
        "evaluation tasks.",
        "get_all": "The follow-up rounds of a plan, each with its roll-up.",
    },
)


@rounds_router.get("/{round_id}", response_model=RoundStatusPublic, summary="A round's status")
async def get(
    round_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal, response: Response
) -> RoundStatusPublic:
    """Measures evaluated and missing, the open evaluation tasks past their due time, and
    the roll-up of the round."""
    round_ = await rounds.get(session, principal, round_id)
    set_etag(response, round_)
    return await status_of(session, round_)


add_crud_routes(
    rounds_router,
    round_verbs,
    principal=get_principal,
    id_param="round_id",
    public=RoundPublic,
    update=RoundUpdate,
    present=_round,
    operations=("update", "delete"),
    summaries={"update": "Rename a round", "delete": "Delete a round"},
    docs={
        "update": "Change a round's name or decision body; send `If-Match`.",
        "delete": "Delete a round with its evaluations; its deadline and tasks stay on the wheel.",
    },
)


@rounds_router.post("/{round_id}/open", response_model=RoundOpened, summary="Open a round")
async def open_round(
    round_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal, response: Response
) -> RoundOpened:
    """Create one evaluation task per measure, due -P30D before the round, assigned to a
    contact of the measure's first responsible party (a partner's first person, a group's
    chair), with reminders. Submitting the measure's evaluation completes its task."""
    round_ = await rounds.get_writable(session, principal, round_id)
    await followup.open_round(session, principal, round_)
    set_etag(response, round_)
    return await opened(session, round_)


evaluation_verbs = Verbs.of(
    evaluations, create=followup.submit_evaluation, update=followup.update_evaluation
)
add_child_routes(
    measure_evaluations_router,
    Verbs.named(service, "measure"),
    evaluation_verbs,
    principal=get_principal,
    parent_param="measure_id",
    path="evaluations",
    location="/v1/evaluations",
    public=EvaluationPublic,
    create=EvaluationCreate,
    query=EvaluationQuery,
    noun="evaluation",
    view=evaluation_public,
    summaries={
        "create": "Evaluate a measure in a round",
        "get_all": "List a measure's evaluations",
    },
    docs={
        "create": "Record whether the measure was realised in the round (toteutuminen: `yes` "
        "kyllä, `partly` osittain, `no` ei). One per measure and round: a second one is 409 "
        "naming the first; change that with PATCH.",
        "get_all": "The measure's evaluations, one per round.",
    },
)
add_crud_routes(
    evaluations_router,
    evaluation_verbs,
    principal=get_principal,
    id_param="evaluation_id",
    public=EvaluationPublic,
    update=EvaluationUpdate,
    noun="evaluation",
    view=evaluation_public,
    operations=("get", "update", "delete"),
    summaries={
        "get": "Get an evaluation",
        "update": "Change an evaluation",
        "delete": "Delete an evaluation",
    },
    docs={
        "get": "One evaluation.",
        "update": "Change the status or narrative of an evaluation; send `If-Match`.",
        "delete": "Delete an evaluation (its task stays done).",
    },
)
