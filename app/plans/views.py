"""Public mappers: model → schema."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from app.kernel.recurrence import with_offset
from app.kernel.rollup import Rollup
from app.plans.models import Evaluation, Goal, Measure, Plan, Round
from app.plans.schemas import (
    EvaluationPublic,
    GoalPublic,
    MeasurePublic,
    PlanPublic,
    RollupPublic,
    RoundPublic,
)


def rollup_public(rollup: Rollup) -> RollupPublic:
    return RollupPublic(
        yes=rollup.yes,
        partly=rollup.partly,
        no=rollup.no,
        not_evaluated=rollup.not_evaluated,
        share_realised=rollup.share_realised,
    )


def plan_public(plan: Plan, rollup: Rollup) -> PlanPublic:
    return PlanPublic.model_validate({**plan.model_dump(), "rollup": rollup_public(rollup)})


def goal_public(goal: Goal) -> GoalPublic:
    return GoalPublic.model_validate(goal.model_dump())


def measure_public(measure: Measure) -> MeasurePublic:
    return MeasurePublic.model_validate(measure.model_dump())


def evaluation_public(evaluation: Evaluation) -> EvaluationPublic:
    return EvaluationPublic.model_validate(evaluation.model_dump())


def round_due(round_: Round) -> date | datetime:
    if round_.all_day:
        return round_.due_local.date()
    return with_offset(round_.due_local, ZoneInfo(round_.timezone))


def round_state(round_: Round, rollup: Rollup) -> str:
    if round_.opened_at is None:
        return "planned"
    evaluated = rollup.measures - rollup.not_evaluated
    return "complete" if rollup.measures and evaluated == rollup.measures else "open"


def round_public(round_: Round, rollup: Rollup) -> RoundPublic:
    return RoundPublic.model_validate(
        {
            **round_.model_dump(exclude={"due_local", "all_day", "reminders"}),
            "due": round_due(round_),
            "state": round_state(round_, rollup),
            "rollup": rollup_public(rollup),
        }
    )
