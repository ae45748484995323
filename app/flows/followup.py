"""Plan follow-up on the wheel: a round puts a decision deadline on the wheel; opening it
makes one evaluation task per measure through the tasks service, on the board meeting that
handles the round; submitting an evaluation completes its task. Each domain's service writes,
announces and audits its own rows; this module only orders the calls, in one transaction."""

import uuid
from datetime import date

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.auth.principal import Principal
from app.core import clock
from app.core.errors import Conflict
from app.deadlines import service as deadlines
from app.deadlines.schemas import DeadlineCreate, Milestone
from app.events.schemas import EventCreate
from app.flows import schedule
from app.groups.models import Group, Membership
from app.partners.models import Partner
from app.people.models import Person
from app.plans import evaluations, rounds
from app.plans.models import Evaluation, EvaluationStatus, Measure, Plan, Round
from app.plans.schemas import EvaluationCreate, EvaluationUpdate, RoundCreate
from app.plans.views import round_due
from app.reminders import service as reminder_rules
from app.reminders.schemas import ReminderRule
from app.tasks import service as tasks
from app.tasks.models import Task, TaskStatus
from app.tasks.schemas import PreparationCreate, TaskUpdate, TemplateCreate, TemplateTask

CATEGORY = "Seuranta"
# The schedule: responsible parties submit a month ahead, the coordinator compiles
# two weeks ahead, the board handles it on the due date.
SUBMIT_OFFSET = "-P30D"
MILESTONES = [
    ("Vastuutahot toimittavat arvioinnit", SUBMIT_OFFSET),
    ("Koordinaattori kokoaa raportin", "-P14D"),
]
ROLE_ORDER = {"chair": 0, "secretary": 1, "vice_chair": 2, "member": 3}


async def create_round(
    session: AsyncSession, principal: Principal, plan: Plan, data: RoundCreate
) -> Round:
    """A round, and (unless `deadline` is false) its decision deadline with milestones."""
    rules = data.reminders if data.reminders is not None else [
        ReminderRule.model_validate(rule) for rule in rounds.DEFAULT_REMINDERS
    ]  # fmt: skip
    stored = await reminder_rules.rules_json(
        session, principal, plan.network_id, rules, "reminders"
    )
    round_ = await rounds.create(session, plan, data, stored)
    if data.deadline:
        deadline = await deadlines.create(
            session,
            principal,
            DeadlineCreate(
                network_id=plan.network_id,
                title=f"{plan.title[:150]}: {data.name}",
                decision_body=data.decision_body,
                category=CATEGORY,
                due=data.due,
                timezone=data.timezone,
                milestones=[Milestone(name=name, offset=offset) for name, offset in MILESTONES],
            ),
        )
        await rounds.link(session, round_, deadline_id=deadline.id)
    await rounds.announce_round(session, round_, "created")
    return round_


async def contact_of(
    session: AsyncSession, partner_ids: list[str], group_ids: list[str]
) -> uuid.UUID | None:
    """The first responsible party's contact: a partner's first person, a group's chair
    (else secretary, else any current member)."""
    today = clock.now().date()
    for raw in partner_ids:
        query = (
            select(Person.id)
            .where(Person.partner_id == uuid.UUID(raw), col(Person.erased_at).is_(None))
            .order_by(col(Person.created_at), col(Person.id))
            .limit(1)
        )
        found = (await session.exec(query)).first()
        if found:
            return found
    for raw in group_ids:
        current = sa.or_(col(Membership.end).is_(None), col(Membership.end) >= today)
        in_group = (
            select(Membership)
            .join(Person, col(Person.id) == col(Membership.person_id))
            .where(Membership.group_id == uuid.UUID(raw), col(Person.erased_at).is_(None))
            .where(current)
        )
        members = list((await session.exec(in_group)).all())
        if members:
            members.sort(key=lambda m: (ROLE_ORDER.get(m.role, 9), m.created_at))
            return members[0].person_id
    return None


async def responsible_names(session: AsyncSession, measure: Measure) -> str:
    names = []
    for raw in measure.responsible_partner_ids:
        partner = await session.get(Partner, uuid.UUID(raw))
        names.append(partner.name if partner else "?")
    for raw in measure.responsible_group_ids:
        group = await session.get(Group, uuid.UUID(raw))
        names.append(group.name if group else "?")
    return ", ".join(names)[:200]


async def open_round(session: AsyncSession, principal: Principal, round_: Round) -> list[Task]:
    """One evaluation task per measure, on the meeting that handles the round, assigned to a
    contact of the measure's first responsible party, with the round's reminders."""
    rounds.ensure_not_open(round_)
    measures = await rounds.measures_of(session, round_.plan_id)
    if not measures:
        raise Conflict("The plan has no measures yet; add them before opening a round")
    plan = await session.get(Plan, round_.plan_id)
    assert plan is not None
    due: date = round_due(round_)
    event, _ = await schedule.create_event(
        session,
        principal,
        EventCreate(
            network_id=round_.network_id,
            title=f"{round_.decision_body or 'Käsittely'}: {round_.name}"[:300],
            description=f"{plan.title}: seurantakierroksen käsittely",
            category=CATEGORY,
            start=due,
            timezone=round_.timezone,
        ),
    )
    specs = [
        TemplateTask(
            title=f"Arvioi: {measure.title}"[:300],
            offset=SUBMIT_OFFSET,
            role_hint=await responsible_names(session, measure) or None,
        )
        for measure in measures
    ]
    template = await tasks.create_template(
        session,
        principal,
        TemplateCreate(
            network_id=round_.network_id,
            name=f"{round_.name}: arvioinnit"[:200],
            tasks=specs[:100],
            reminders=[ReminderRule.model_validate(rule) for rule in round_.reminders],
        ),
    )
    preparation = await tasks.prepare(
        session, principal, event, PreparationCreate(template_id=template.id)
    )
    by_position = {task.position: task for task in await tasks.tasks_of(session, preparation.id)}
    links: dict[uuid.UUID, uuid.UUID | None] = {}
    made = []
    for position, measure in enumerate(measures):
        task = by_position.get(position)
        links[measure.id] = task.id if task else None
        if task is None:
            continue
        assignee = await contact_of(
            session, measure.responsible_partner_ids, measure.responsible_group_ids
        )
        if assignee is not None:
            await tasks.update_task(session, principal, task, TaskUpdate(assignee_id=assignee))
        made.append(task)
    await rounds.link(session, round_, event_id=event.id)
    await rounds.mark_open(session, round_, links)
    return made


async def _complete_task(session: AsyncSession, principal: Principal, e: Evaluation) -> None:
    if e.status == EvaluationStatus.not_evaluated:
        return
    link = await rounds.task_for(session, e.round_id, e.measure_id)
    task = await session.get(Task, link.task_id) if link and link.task_id else None
    if task is not None and task.status == TaskStatus.todo:
        await tasks.update_task(session, principal, task, TaskUpdate(status=TaskStatus.done))


async def submit_evaluation(
    session: AsyncSession, principal: Principal, measure: Measure, data: EvaluationCreate
) -> Evaluation:
    """Record the evaluation; the measure's task in that round is done."""
    evaluation = await evaluations.create(session, principal, measure, data)
    await _complete_task(session, principal, evaluation)
    return evaluation


async def update_evaluation(
    session: AsyncSession, principal: Principal, evaluation: Evaluation, data: EvaluationUpdate
) -> list[str]:
    changed = await evaluations.update(session, principal, evaluation, data)
    await _complete_task(session, principal, evaluation)
    return changed
