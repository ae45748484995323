"""Load the demo plans, their follow-up rounds and the council-term cycle through the same
services and flows as the API (app/demo/followup_data.py holds the seed text)."""

import csv
import io
import uuid
from datetime import date

from sqlmodel.ext.asyncio.session import AsyncSession

from app.auth.principal import Principal
from app.demo import followup_data as seed
from app.demo.context import Demo
from app.flows import followup, plan_import, term_cycle
from app.groups import service as groups
from app.groups.models import GroupKind
from app.groups.schemas import GroupCreate
from app.kernel.followup_table import HEADINGS
from app.plans import service as plans
from app.plans import terms
from app.plans.models import Plan, PlanKind, PlanStatus
from app.plans.schemas import GoalCreate, MeasureCreate, PlanCreate, RoundCreate
from app.plans.term_schemas import CycleItemIn, CycleTemplateCreate, TermCreate

Goals = tuple[tuple[str, tuple[str, ...]], ...]  # (goal, its measures)


async def load(demo: Demo) -> None:
    await _interim_evaluation(demo.session, demo.principal, demo.network_id)
    await _welfare_agreement(demo)
    await _partnership_promise(demo)
    await _term_cycle(demo.session, demo.principal, demo.network_id)


async def _interim_evaluation(
    session: AsyncSession, principal: Principal, network_id: uuid.UUID
) -> None:
    """Seed 003, imported the way a coordinator would: as the board's table."""
    for name, description in seed.UNITS:
        await groups.create(session, principal, GroupCreate(
            network_id=network_id, name=name, kind=GroupKind.working_group,
            description=description,
        ))  # fmt: skip
    plan = await plans.create(session, principal, PlanCreate(
        network_id=network_id, title=seed.LNHS_TITLE, kind=PlanKind.children_youth_welfare_plan,
        approving_body="Aluevaltuusto", status=PlanStatus.in_follow_up,
    ))  # fmt: skip
    round_ = await followup.create_round(session, principal, plan, RoundCreate(
        name=seed.LNHS_ROUND, due=seed.LNHS_DUE, decision_body=seed.LNHS_BODY,
    ))  # fmt: skip
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(HEADINGS["fi"])
    writer.writerows(seed.LNHS_TABLE)
    await plan_import.import_table(
        session, principal, plan, out.getvalue().encode(), filename="vali.csv",
        round_id=round_.id, dry_run=False,
    )  # fmt: skip


async def _plan(
    demo: Demo, data: PlanCreate, goals: Goals, partners: list[str], group: str
) -> Plan:
    """The plan with its goals, each measure the responsibility of `partners` and `group`."""
    session, principal = demo.session, demo.principal
    plan = await plans.create(session, principal, data)
    partner_ids, groups_ = demo.partners(*partners), [demo.group_ids[group]]
    for position, (title, measures) in enumerate(goals):
        goal = await plans.create_goal(
            session, principal, plan, GoalCreate(title=title, position=position)
        )
        for index, measure in enumerate(measures):
            await plans.create_measure(session, principal, goal, MeasureCreate(
                title=measure, position=index, responsible_partner_ids=partner_ids,
                responsible_group_ids=groups_,
            ))  # fmt: skip
    return plan


async def _welfare_agreement(demo: Demo) -> None:
    """Seed 004: the agreement's promises as goals, followed up by the cooperation group."""
    await _plan(demo, PlanCreate(
        network_id=demo.network_id, title=seed.AGREEMENT_TITLE, kind=PlanKind.welfare_agreement,
        period_start=date(2019, 10, 31), period_end=date(2025, 5, 31),
        party_ids=demo.partners(*seed.AGREEMENT_PARTIES),
        approving_body="Pohjois-Pohjanmaan maakuntahallitus", approved_on=date(2019, 10, 31),
        status=PlanStatus.closed,
    ), seed.AGREEMENT_GOALS, ["liitto"], "yhteistyoryhma")  # fmt: skip


async def _partnership_promise(demo: Demo) -> None:
    """Seed 000: Pyhäjärvi's steps for 2026, 2027 and 2028, with a round for each year."""
    plan = await _plan(demo, PlanCreate(
        network_id=demo.network_id, title=seed.PROMISE_TITLE, kind=PlanKind.partnership_promise,
        period_start=date(2026, 1, 1), period_end=date(2028, 12, 31),
        party_ids=demo.partners("pyhajarvi", "pohde", "liitto"),
        approving_body="Pyhäjärven kaupunginvaltuusto", approved_on=date(2026, 3, 27),
        status=PlanStatus.in_follow_up,
    ), seed.PROMISE_STEPS, ["pyhajarvi", "pohde"], "lape")  # fmt: skip
    for name, due in seed.PROMISE_ROUNDS:
        await followup.create_round(demo.session, demo.principal, plan, RoundCreate(
            name=name, due=due, decision_body="Pyhäjärven hyvinvointilautakunta",
        ))  # fmt: skip


async def _term_cycle(session: AsyncSession, principal: Principal, network_id: uuid.UUID) -> None:
    term = await terms.create(session, principal, TermCreate(
        network_id=network_id, name=seed.TERM_NAME, start=seed.TERM_START, end=seed.TERM_END,
    ))  # fmt: skip
    template = await terms.create_template(session, principal, CycleTemplateCreate(
        network_id=network_id, name=seed.CYCLE_NAME,
        items=[CycleItemIn.model_validate(item) for item in seed.CYCLE_ITEMS],
    ))  # fmt: skip
    await term_cycle.apply_template(session, principal, term, template)
