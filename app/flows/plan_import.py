"""Import a follow-up table (CSV or XLSX in the shape of seed 003) into a plan: goals and
measures by title, responsible parties by name, statuses as the round's evaluations.

Every row is checked before anything is written; one bad row refuses the whole file with
each error's row and column, so a half-imported table never exists."""

import uuid
from collections.abc import Callable

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.auth.principal import Principal
from app.core.errors import NotFound, ValidationFailed
from app.flows import followup
from app.flows.operator import OPERATOR, operator_session
from app.groups.models import Group
from app.kernel.followup_table import RowError, TableError, TableRow, parse, read_csv, read_xlsx
from app.partners.models import Partner
from app.plans import evaluations, service
from app.plans.models import EvaluationStatus, Goal, Measure, Plan, Round
from app.plans.schemas import EvaluationCreate, EvaluationUpdate, GoalCreate, MeasureCreate
from app.plans.term_schemas import ImportResult

XLSX_MAGIC = b"PK\x03\x04"


def read_table(data: bytes, filename: str | None) -> list[TableRow]:
    raw = read_xlsx(data) if data.startswith(XLSX_MAGIC) else read_csv(data)
    rows, errors = parse(raw)
    if errors:
        raise rejected(errors)
    return rows


def rejected(errors: list[RowError]) -> ValidationFailed:
    first = errors[0]
    return ValidationFailed(
        f"{len(errors)} problem(s); nothing was imported. First: row {first.row}, "
        f"column {first.column}: {first.message}",
        errors=[
            {"row": e.row, "column": e.column, "field": e.column, "location": "file",
             "message": e.message}
            for e in errors
        ],
    )  # fmt: skip


async def _names(
    session: AsyncSession, model: type[Partner] | type[Group], network_id: uuid.UUID
) -> dict[str, uuid.UUID]:
    """The network's partners or groups by name, case-folded."""
    statement = select(col(model.id), col(model.name)).where(model.network_id == network_id)
    rows = (await session.exec(statement)).all()
    return {name.casefold(): id for id, name in rows}


async def import_table(
    session: AsyncSession,
    principal: Principal,
    plan: Plan,
    data: bytes,
    *,
    filename: str | None,
    round_id: uuid.UUID | None,
    dry_run: bool,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    try:
        rows = read_table(data, filename)
    except TableError as exc:
        raise ValidationFailed.field("file", str(exc)) from exc
    round_ = await session.get(Round, round_id) if round_id else None
    if round_id and (round_ is None or round_.plan_id != plan.id):
        raise ValidationFailed.field(
            "round_id", f"{round_id} is no round of this plan", location="query"
        )
    partners = await _names(session, Partner, plan.network_id)
    groups = await _names(session, Group, plan.network_id)
    errors: list[RowError] = []
    responsible: dict[int, tuple[list[uuid.UUID], list[uuid.UUID]]] = {}
    for row in rows:
        partner_ids: list[uuid.UUID] = []
        group_ids: list[uuid.UUID] = []
        for name in row.responsible:
            key = name.casefold()
            if key in partners:
                partner_ids.append(partners[key])
            elif key in groups:
                group_ids.append(groups[key])
            else:
                errors.append(
                    RowError(row.row, "responsible", f"no partner or group named {name!r}")
                )
        responsible[row.row] = (partner_ids, group_ids)
        if row.status is not None and round_ is None:
            errors.append(
                RowError(row.row, "status", "a status needs the round_id query parameter")
            )
    if errors:
        raise rejected(errors)
    goals = {
        g.title.casefold(): g
        for g in (
            await session.exec(
                select(Goal).where(Goal.plan_id == plan.id, col(Goal.parent_id).is_(None))
            )
        ).all()
    }
    measures = {
        (m.goal_id, m.title.casefold()): m
        for m in (await session.exec(select(Measure).where(Measure.plan_id == plan.id))).all()
    }
    result = ImportResult(
        dry_run=dry_run, rows=len(rows), goals_created=[], measures_created=[],
        evaluations_created=0, evaluations_updated=0,
    )  # fmt: skip
    planned_goals: set[str] = set()
    planned_measures: set[tuple[str, str]] = set()
    for position, row in enumerate(rows):
        if progress is not None:
            progress(position + 1, len(rows))
        goal = goals.get(row.goal.casefold())
        if goal is None and row.goal.casefold() not in planned_goals:
            result.goals_created.append(row.goal)
            planned_goals.add(row.goal.casefold())
            if not dry_run:
                goal = await service.create_goal(
                    session, principal, plan, GoalCreate(title=row.goal, position=len(goals))
                )
                goals[row.goal.casefold()] = goal
        measure = measures.get((goal.id, row.measure.casefold())) if goal else None
        mkey = (row.goal.casefold(), row.measure.casefold())
        if measure is None and mkey not in planned_measures:
            result.measures_created.append(row.measure)
            planned_measures.add(mkey)
            if not dry_run:
                assert goal is not None
                partner_ids, group_ids = responsible[row.row]
                measure = await service.create_measure(
                    session, principal, goal,
                    MeasureCreate(
                        title=row.measure, metric=row.metric, position=position,
                        responsible_partner_ids=partner_ids, responsible_group_ids=group_ids,
                    ),
                )  # fmt: skip
                measures[(goal.id, row.measure.casefold())] = measure
        if row.status is None or round_ is None:
            continue
        found = await evaluations.existing(session, measure.id, round_.id) if measure else None
        if found is None:
            result.evaluations_created += 1
            if not dry_run and measure is not None:
                await followup.submit_evaluation(
                    session, principal, measure,
                    EvaluationCreate(round_id=round_.id, status=EvaluationStatus(row.status),
                                     narrative=row.comment),
                )  # fmt: skip
        else:
            result.evaluations_updated += 1
            if not dry_run:
                await followup.update_evaluation(
                    session, principal, found,
                    EvaluationUpdate(status=EvaluationStatus(row.status), narrative=row.comment),
                )  # fmt: skip
    return result


async def import_file(
    data: bytes,
    plan_id: uuid.UUID,
    *,
    round_id: uuid.UUID | None,
    dry_run: bool,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """`vuosikello plans import`: as the operator (admin), in one transaction."""
    async with operator_session() as session:
        plan = await session.get(Plan, plan_id)
        if plan is None:
            raise NotFound(f"Plan {plan_id} not found")
        return await import_table(
            session, OPERATOR, plan, data, filename=None, round_id=round_id, dry_run=dry_run,
            progress=progress,
        )  # fmt: skip
