"""Evaluations: one per measure per round, the only writer of that table."""

import uuid
from typing import Any

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.auth.principal import Principal
from app.core.crud import referenced
from app.core.errors import Conflict, ValidationFailed
from app.core.repository import Repository
from app.notifications.announcer import Announcer
from app.people.models import Person
from app.plans.models import Evaluation, Measure, Round
from app.plans.schemas import EvaluationCreate, EvaluationQuery, EvaluationUpdate
from app.plans.views import evaluation_public

_announce = Announcer("evaluation", "evaluations", evaluation_public)


repository = Repository(
    Evaluation, Evaluation.network_id, "Evaluation", filters={"round_id": Evaluation.round_id}
)
get, get_writable = repository.get, repository.get_writable


async def get_all(
    session: AsyncSession, principal: Principal, measure: Measure, query: EvaluationQuery
) -> tuple[list[Evaluation], str | None]:
    return await repository.get_children(session, Evaluation.measure_id, measure.id, query)


async def existing(
    session: AsyncSession, measure_id: uuid.UUID, round_id: uuid.UUID
) -> Evaluation | None:
    statement = select(Evaluation).where(
        Evaluation.measure_id == measure_id, Evaluation.round_id == round_id
    )
    return (await session.exec(statement)).first()


async def _values(
    session: AsyncSession, principal: Principal, network_id: uuid.UUID, values: dict[str, Any]
) -> dict[str, Any]:
    if values.get("evaluated_by"):
        await referenced(session, principal, Person, values["evaluated_by"], "evaluated_by",
                         network_id=network_id)  # fmt: skip
    if values.get("evidence_urls") is not None:
        values["evidence_urls"] = [str(url) for url in values["evidence_urls"]]
    if values.get("status") is not None:
        values["status"] = values["status"].value
    return values


async def create(
    session: AsyncSession, principal: Principal, measure: Measure, data: EvaluationCreate
) -> Evaluation:
    round_ = await session.get(Round, data.round_id)
    if round_ is None or round_.plan_id != measure.plan_id:
        raise ValidationFailed.field("round_id", f"{data.round_id} is no round of this plan")
    found = await existing(session, measure.id, round_.id)
    if found is not None:
        raise Conflict(
            f"The measure already has evaluation {found.id} in this round; "
            f"change it with PATCH /v1/evaluations/{found.id}",
            existing_id=str(found.id),
            existing=f"/v1/evaluations/{found.id}",
        )
    values = await _values(session, principal, measure.network_id, data.model_dump())
    evaluation = Evaluation(**values, measure_id=measure.id, network_id=measure.network_id)
    return await _announce.add(session, evaluation)


async def update(
    session: AsyncSession, principal: Principal, evaluation: Evaluation, data: EvaluationUpdate
) -> list[str]:
    changes = await _values(
        session, principal, evaluation.network_id, data.model_dump(exclude_unset=True)
    )
    return await _announce.change(session, evaluation, changes)


async def delete(session: AsyncSession, principal: Principal, evaluation: Evaluation) -> None:
    await _announce.remove(session, evaluation)
