"""HTTP routes of follow-up rounds and evaluations; the cross-domain steps go through
app/flows/followup.py."""

import uuid

from fastapi import APIRouter, Response, status

from app.auth.deps import CurrentPrincipal
from app.core.db.session import SessionDep
from app.core.etag import IfMatchHeader, check_if_match, set_etag
from app.core.pagination import DEFAULT_LIMIT, CursorParam, LimitParam
from app.core.schemas import Page
from app.flows import followup
from app.limits.routing import LimitedRoute
from app.plans import evaluations, rounds, service, tree
from app.plans.schemas import (
    EvaluationCreate,
    EvaluationPublic,
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


@plan_rounds_router.post(
    "/{plan_id}/rounds",
    status_code=status.HTTP_201_CREATED,
    response_model=RoundPublic,
    summary="Start a follow-up round",
)
async def create(
    plan_id: uuid.UUID,
    body: RoundCreate,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
):
    """A follow-up round such as "Väliraportointi 2025": a decision deadline on the wheel for
    `decision_body`, with milestones -P30D (responsible parties submit their evaluations) and
    -P14D (the coordinator compiles the report). Open it to hand out the evaluation tasks."""
    plan = await service.get_writable(session, principal, plan_id)
    round_ = await followup.create_round(session, principal, plan, body)
    set_etag(response, round_)
    response.headers["Location"] = f"/v1/rounds/{round_.id}"
    return round_public(round_, await tree.round_rollup(session, round_))


@plan_rounds_router.get(
    "/{plan_id}/rounds", response_model=Page[RoundPublic], summary="List a plan's rounds"
)
async def get_all(
    plan_id: uuid.UUID,
    session: SessionDep,
    principal: CurrentPrincipal,
    limit: LimitParam = DEFAULT_LIMIT,
    cursor: CursorParam = None,
):
    """The follow-up rounds of a plan, each with its roll-up."""
    plan = await service.get(session, principal, plan_id)
    rows, next_cursor = await rounds.get_all(session, plan, limit=limit, cursor=cursor)
    data = [round_public(r, await tree.round_rollup(session, r)) for r in rows]
    return Page(data=data, next_cursor=next_cursor)


@rounds_router.get("/{round_id}", response_model=RoundStatusPublic, summary="A round's status")
async def get(
    round_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal, response: Response
):
    """Measures evaluated and missing, the open evaluation tasks past their due time, and
    the roll-up of the round."""
    round_ = await rounds.get(session, principal, round_id)
    set_etag(response, round_)
    return await status_of(session, round_)


@rounds_router.patch("/{round_id}", response_model=RoundPublic, summary="Rename a round")
async def update(
    round_id: uuid.UUID,
    body: RoundUpdate,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
    if_match: IfMatchHeader = None,
):
    """Change a round's name or decision body; send `If-Match`."""
    round_ = await rounds.get_writable(session, principal, round_id)
    check_if_match(if_match, round_)
    await rounds.update(session, round_, body)
    set_etag(response, round_)
    return round_public(round_, await tree.round_rollup(session, round_))


@rounds_router.delete(
    "/{round_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Delete a round"
)
async def delete(round_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal):
    """Delete a round with its evaluations; its deadline and tasks stay on the wheel."""
    round_ = await rounds.get_writable(session, principal, round_id)
    await rounds.delete(session, round_)


@rounds_router.post("/{round_id}/open", response_model=RoundOpened, summary="Open a round")
async def open_round(
    round_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal, response: Response
):
    """Create one evaluation task per measure, due -P30D before the round, assigned to a
    contact of the measure's first responsible party (a partner's first person, a group's
    chair), with reminders. Submitting the measure's evaluation completes its task."""
    round_ = await rounds.get_writable(session, principal, round_id)
    await followup.open_round(session, principal, round_)
    set_etag(response, round_)
    return await opened(session, round_)


@measure_evaluations_router.post(
    "/{measure_id}/evaluations",
    status_code=status.HTTP_201_CREATED,
    response_model=EvaluationPublic,
    summary="Evaluate a measure in a round",
)
async def create_evaluation(
    measure_id: uuid.UUID,
    body: EvaluationCreate,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
):
    """Record whether the measure was realised in the round (toteutuminen: `yes` kyllä,
    `partly` osittain, `no` ei). One per measure and round: a second one is 409 naming the
    first; change that with PATCH."""
    measure = await service.get_writable_measure(session, principal, measure_id)
    evaluation = await followup.submit_evaluation(session, principal, measure, body)
    set_etag(response, evaluation)
    response.headers["Location"] = f"/v1/evaluations/{evaluation.id}"
    return evaluation_public(evaluation)


@measure_evaluations_router.get(
    "/{measure_id}/evaluations",
    response_model=Page[EvaluationPublic],
    summary="List a measure's evaluations",
)
async def get_all_evaluations(
    measure_id: uuid.UUID,
    session: SessionDep,
    principal: CurrentPrincipal,
    round_id: uuid.UUID | None = None,
    limit: LimitParam = DEFAULT_LIMIT,
    cursor: CursorParam = None,
):
    """The measure's evaluations, one per round."""
    measure = await service.get_measure(session, principal, measure_id)
    rows, next_cursor = await evaluations.get_all(
        session, measure, round_id=round_id, limit=limit, cursor=cursor
    )
    return Page(data=[evaluation_public(e) for e in rows], next_cursor=next_cursor)


@evaluations_router.get(
    "/{evaluation_id}", response_model=EvaluationPublic, summary="Get an evaluation"
)
async def get_evaluation(
    evaluation_id: uuid.UUID,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
):
    """One evaluation."""
    evaluation = await evaluations.get(session, principal, evaluation_id)
    set_etag(response, evaluation)
    return evaluation_public(evaluation)


@evaluations_router.patch(
    "/{evaluation_id}", response_model=EvaluationPublic, summary="Change an evaluation"
)
async def update_evaluation(
    evaluation_id: uuid.UUID,
    body: EvaluationUpdate,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
    if_match: IfMatchHeader = None,
):
    """Change the status or narrative of an evaluation; send `If-Match`."""
    evaluation = await evaluations.get_writable(session, principal, evaluation_id)
    check_if_match(if_match, evaluation)
    await followup.update_evaluation(session, principal, evaluation, body)
    set_etag(response, evaluation)
    return evaluation_public(evaluation)


@evaluations_router.delete(
    "/{evaluation_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Delete an evaluation"
)
async def delete_evaluation(
    evaluation_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
):
    """Delete an evaluation (its task stays done)."""
    evaluation = await evaluations.get_writable(session, principal, evaluation_id)
    await evaluations.delete(session, evaluation)
