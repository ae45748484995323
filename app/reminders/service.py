"""Reminder rules inside their items, and the list of reminder rows that will fire."""

import uuid
from collections.abc import Sequence
from typing import Any, Literal, Protocol

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.auth.principal import Principal
from app.core.config import get_settings
from app.core.crud import referenced
from app.core.errors import ValidationFailed
from app.core.repository import Repository
from app.core.timebounds import due_range
from app.groups.models import Group, Membership
from app.partners.models import Partner
from app.people.models import Person
from app.reminders.models import Reminder
from app.reminders.schemas import ReminderQuery, ReminderRule
from app.tasks.models import Task


class RemindedPart(Protocol):
    """A part of an item with reminder rules of its own: a deadline's milestone, a
    preparation template's task."""

    @property
    def reminders(self) -> list[ReminderRule]: ...

    def model_dump(self, *, mode: Literal["json"], exclude: set[str]) -> dict[str, Any]: ...


async def rules_json(
    session: AsyncSession,
    principal: Principal,
    network_id: uuid.UUID,
    rules: list[ReminderRule],
    field: str,
) -> list[dict[str, Any]]:
    """Check the rules (their number, the recipients they name) and return them as stored."""
    cap = get_settings().reminder_rules_per_item_max
    if len(rules) > cap:
        raise ValidationFailed.field(
            field,
            f"has {len(rules)} reminder rules; at most {cap} per item "
            "(VUOSIKELLO_REMINDER_RULES_PER_ITEM_MAX)",
        )
    for index, rule in enumerate(rules):
        where = f"{field}[{index}].recipients"
        for model, ids, name in (
            (Group, rule.recipients.group_ids, "group_ids"),
            (Partner, rule.recipients.partner_ids, "partner_ids"),
            (Person, rule.recipients.person_ids, "person_ids"),
        ):
            for position, item_id in enumerate(ids):
                await referenced(
                    session,
                    principal,
                    model,
                    item_id,
                    f"{where}.{name}[{position}]",
                    network_id=network_id,
                )
    return [rule.model_dump(mode="json") for rule in rules]


async def parts_json(
    session: AsyncSession,
    principal: Principal,
    network_id: uuid.UUID,
    parts: Sequence[RemindedPart],
    field: str,
) -> list[dict[str, Any]]:
    """Parts as stored, each with its reminder rules checked by `rules_json`."""
    result = []
    for index, part in enumerate(parts):
        entry = part.model_dump(mode="json", exclude={"reminders"})
        entry["reminders"] = await rules_json(
            session, principal, network_id, part.reminders, f"{field}[{index}].reminders"
        )
        result.append(entry)
    return result


async def reminded_changes(
    session: AsyncSession,
    principal: Principal,
    network_id: uuid.UUID,
    parts_field: str,
    parts: Sequence[RemindedPart] | None,
    rules: list[ReminderRule] | None,
) -> dict[str, list[dict[str, Any]]]:
    """An update's new parts (a deadline's milestones, a template's tasks) and reminder rules
    as stored; what the update does not send stays as it was."""
    columns = {}
    if parts is not None:
        columns[parts_field] = await parts_json(session, principal, network_id, parts, parts_field)
    if rules is not None:
        columns["reminders"] = await rules_json(session, principal, network_id, rules, "reminders")
    return columns


reminders = Repository(
    Reminder,
    Reminder.network_id,
    "Reminder",
    filters={
        "status": Reminder.status,
        "source_id": Reminder.source_id,
        "source_type": Reminder.source_type,
    },
    sort_column=Reminder.due_at,
)
get = reminders.get


async def recipient_clause(session: AsyncSession, person_id: uuid.UUID) -> Any:
    """Rows whose rules name the person, a group they are in, or their partner, or a task
    assigned to them. Matching on the stored JSON text: ids are unique strings."""

    person = await session.get(Person, person_id)
    names = [str(person_id)]
    if person is not None:
        names.append(str(person.partner_id))
        groups = await session.exec(
            select(Membership.group_id).where(Membership.person_id == person_id)
        )
        names += [str(g) for g in groups.all()]
    text = sa.cast(Reminder.recipients, sa.String)
    clauses = [text.contains(name, autoescape=True) for name in names]
    assigned = select(Task.id).where(Task.assignee_id == person_id)
    clauses.append(
        sa.and_(col(Reminder.source_type) == "task", col(Reminder.source_id).in_(assigned))
    )
    return sa.or_(*clauses)


async def get_all(
    session: AsyncSession, principal: Principal, query: ReminderQuery
) -> tuple[list[Reminder], str | None]:
    """Exactly what will fire and when (and what has fired), ordered by due time."""
    due = due_range(query)
    statement = due.limit(reminders.listed_statement(principal, query), Reminder.due_at)
    if query.person_id:
        statement = statement.where(await recipient_clause(session, query.person_id))
    return await reminders.page_of(session, statement, query)
