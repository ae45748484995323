"""Who a reminder reaches, resolved when it fires so membership changes count."""

import uuid
from datetime import date

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.groups.models import Membership
from app.people.models import Person
from app.reminders.models import Reminder
from app.tasks.models import Task


async def resolve(session: AsyncSession, reminder: Reminder, today: date) -> list[Person]:
    """People with an email address the reminder's rule names, each once."""
    wanted = reminder.recipients or {}
    ids: set[uuid.UUID] = {uuid.UUID(str(p)) for p in wanted.get("person_ids", [])}
    group_ids = [uuid.UUID(str(g)) for g in wanted.get("group_ids", [])]
    if group_ids:
        members = await session.exec(
            select(Membership.person_id).where(
                col(Membership.group_id).in_(group_ids),
                sa.or_(col(Membership.start).is_(None), col(Membership.start) <= today),
                sa.or_(col(Membership.end).is_(None), col(Membership.end) >= today),
            )
        )
        ids.update(members.all())
    if wanted.get("assignee") and reminder.source_type == "task":
        task = await session.get(Task, reminder.source_id)
        if task is not None and task.assignee_id is not None:
            ids.add(task.assignee_id)
    clauses: list[sa.ColumnElement[bool]] = []
    if ids:
        clauses.append(col(Person.id).in_(ids))
    partner_ids = [uuid.UUID(str(p)) for p in wanted.get("partner_ids", [])]
    if partner_ids:
        clauses.append(col(Person.partner_id).in_(partner_ids))
    if not clauses:
        return []
    rows = await session.exec(
        select(Person).where(
            sa.or_(*clauses),
            Person.network_id == reminder.network_id,
            col(Person.email).is_not(None),
        )
    )
    people: dict[str, Person] = {}
    for person in sorted(rows.all(), key=lambda p: str(p.id)):
        if person.email is not None:  # the query asked for addresses; this tells mypy so
            people.setdefault(person.email.lower(), person)
    return list(people.values())
