"""People: contact persons at partners (personal data)."""

import uuid

import sqlalchemy as sa
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.auth.principal import Principal
from app.core.crud import apply_changes, get_or_404, referenced, scope_to_networks, search
from app.core.errors import Conflict
from app.core.pagination import paginate
from app.groups.models import Membership
from app.notifications.service import announce
from app.partners.models import Partner
from app.people.models import Person
from app.people.schemas import PersonCreate, PersonPublic, PersonUpdate


def _announce(
    session: AsyncSession, person: Person, verb: str, changed: list[str] | None = None
) -> None:
    public = PersonPublic.model_validate(person)
    announce(session, "person", verb, public, network_id=person.network_id, changed=changed)


async def get(session: AsyncSession, principal: Principal, person_id: uuid.UUID) -> Person:
    person = await get_or_404(session, Person, person_id, "Person")
    principal.ensure_readable(person.network_id, "Person")
    return person


async def get_writable(session: AsyncSession, principal: Principal, person_id: uuid.UUID) -> Person:
    person = await get(session, principal, person_id)
    principal.ensure_writable(person.network_id, "Person")
    return person


async def get_all(
    session: AsyncSession,
    principal: Principal,
    *,
    network_id: uuid.UUID | None,
    partner_id: uuid.UUID | None,
    q: str | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[Person], str | None]:
    requested = [network_id] if network_id else None
    statement = scope_to_networks(
        select(Person), Person.network_id, principal.visible_networks(requested)
    )
    if partner_id:
        statement = statement.where(Person.partner_id == partner_id)
    statement = search(statement, q, Person.name, Person.email, Person.title)
    return await paginate(session, statement, id_column=Person.id, limit=limit, cursor=cursor)


async def create(session: AsyncSession, principal: Principal, data: PersonCreate) -> Person:
    partner = await referenced(session, principal, Partner, data.partner_id, "partner_id")
    principal.ensure_writable(partner.network_id, "Partner")
    person = Person(**data.model_dump(), network_id=partner.network_id)
    session.add(person)
    await session.flush()
    _announce(session, person, "created")
    return person


async def update(
    session: AsyncSession, principal: Principal, person: Person, data: PersonUpdate
) -> list[str]:
    changes = data.model_dump(exclude_unset=True)
    if changes.get("partner_id"):
        # A person may move between partners of the same network, never across networks.
        await referenced(
            session,
            principal,
            Partner,
            changes["partner_id"],
            "partner_id",
            network_id=person.network_id,
        )
    changed = apply_changes(person, changes)
    await session.flush()
    _announce(session, person, "updated", changed)
    return changed


async def delete(session: AsyncSession, person: Person) -> None:

    memberships = await session.scalar(
        select(sa.func.count()).select_from(Membership).where(Membership.person_id == person.id)
    )
    if memberships:
        raise Conflict(f"The person has {memberships} group memberships; end or delete them first")
    _announce(session, person, "deleted")
    await session.delete(person)
    await session.flush()
