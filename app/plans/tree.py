"""A plan's goal tree with its measures, and the roll-up of one round's evaluations."""

import uuid
from dataclasses import dataclass

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.kernel.rollup import Node, Rollup, goal, measure, rollup
from app.plans.models import Evaluation, Goal, Measure, Round
from app.plans.schemas import GoalTree, GoalTreePublic, MeasureInTree
from app.plans.views import evaluation_public, goal_public, measure_public, rollup_public


@dataclass
class PlanTree:
    goals: list[Goal]
    measures: list[Measure]
    evaluations: dict[uuid.UUID, Evaluation]  # by measure id, for one round

    def children(self, parent_id: uuid.UUID | None) -> list[Goal]:
        return sorted(
            (g for g in self.goals if g.parent_id == parent_id), key=lambda g: (g.position, g.id)
        )

    def measures_of(self, goal_id: uuid.UUID) -> list[Measure]:
        return sorted(
            (m for m in self.measures if m.goal_id == goal_id), key=lambda m: (m.position, m.id)
        )

    def node(self, goal_row: Goal) -> Node:
        leaves = [self.leaf(m) for m in self.measures_of(goal_row.id)]
        subgoals = [self.node(g) for g in self.children(goal_row.id)]
        return goal([*leaves, *subgoals], weight=goal_row.weight)

    def leaf(self, row: Measure) -> Node:
        evaluation = self.evaluations.get(row.id)
        return measure(evaluation.status if evaluation else None, weight=row.weight)

    def rollup(self) -> Rollup:
        return rollup(goal([self.node(g) for g in self.children(None)]))

    def goal_rollup(self, goal_row: Goal) -> Rollup:
        return rollup(self.node(goal_row))


async def latest_round(session: AsyncSession, plan_id: uuid.UUID) -> Round | None:
    statement = (
        select(Round)
        .where(Round.plan_id == plan_id)
        .order_by(col(Round.due_local).desc(), col(Round.id).desc())
        .limit(1)
    )
    return (await session.exec(statement)).first()


async def load(session: AsyncSession, plan_id: uuid.UUID, round_id: uuid.UUID | None) -> PlanTree:
    goals = list((await session.exec(select(Goal).where(Goal.plan_id == plan_id))).all())
    measures = list((await session.exec(select(Measure).where(Measure.plan_id == plan_id))).all())
    evaluations: dict[uuid.UUID, Evaluation] = {}
    if round_id is not None:
        rows = await session.exec(select(Evaluation).where(Evaluation.round_id == round_id))
        evaluations = {row.measure_id: row for row in rows.all()}
    return PlanTree(goals, measures, evaluations)


async def plan_rollup(session: AsyncSession, plan_id: uuid.UUID) -> Rollup:
    latest = await latest_round(session, plan_id)
    return (await load(session, plan_id, latest.id if latest else None)).rollup()


async def round_rollup(session: AsyncSession, round_: Round) -> Rollup:
    return (await load(session, round_.plan_id, round_.id)).rollup()


def _goal_tree(tree: PlanTree, row: Goal) -> GoalTree:
    measures = []
    for m in tree.measures_of(row.id):
        evaluation = tree.evaluations.get(m.id)
        shown = evaluation_public(evaluation) if evaluation else None
        measures.append(MeasureInTree(**measure_public(m).model_dump(), evaluation=shown))
    return GoalTree(
        **goal_public(row).model_dump(),
        rollup=rollup_public(tree.goal_rollup(row)),
        measures=measures,
        goals=[_goal_tree(tree, g) for g in tree.children(row.id)],
    )


def tree_public(plan_id: uuid.UUID, round_id: uuid.UUID | None, tree: PlanTree) -> GoalTreePublic:
    return GoalTreePublic(
        plan_id=plan_id,
        round_id=round_id,
        rollup=rollup_public(tree.rollup()),
        goals=[_goal_tree(tree, g) for g in tree.children(None)],
    )
