"""People: contact persons at partners (personal data)."""

from collections.abc import Sequence

import sqlalchemy as sa
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.auth.principal import Principal
from app.core.crud import preload, referenced, search
from app.core.errors import Conflict
from app.core.pagination import page
from app.core.repository import Repository
from app.groups.models import Membership
from app.notifications.announcer import Announcer
from app.partners.models import Partner
from app.people.models import Person
from app.people.schemas import PersonCreate, PersonPublic, PersonQuery, PersonUpdate

_announce = Announcer[Person]("person", "people", PersonPublic.model_validate)


repository = Repository(Person, Person.network_id, "Person")
get, get_writable = repository.get, repository.get_writable


async def get_all(
    session: AsyncSession, principal: Principal, query: PersonQuery
) -> tuple[list[Person], str | None]:
    statement = repository.readable_statement(principal, query.network_id)
    if query.partner_id:
        statement = statement.where(Person.partner_id == query.partner_id)
    statement = search(statement, query.q, Person.name, Person.email, Person.title)
    return await page(session, statement, Person.id, query)


async def create(session: AsyncSession, principal: Principal, data: PersonCreate) -> Person:
    partner = await referenced(session, principal, Partner, data.partner_id, "partner_id")
    principal.ensure_writable(partner.network_id, "Partner")
    person = Person(**data.model_dump(), network_id=partner.network_id)
    return await _announce.add(session, person)


async def create_many(
    session: AsyncSession, principal: Principal, items: Sequence[PersonCreate]
) -> Sequence[Person]:
    """`create` for many people (a bulk load): their partners read in one query, one insert,
    each announced and audited."""
    _held = await preload(session, Partner, (data.partner_id for data in items))
    people = []
    for data in items:
        partner = await referenced(session, principal, Partner, data.partner_id, "partner_id")
        principal.ensure_writable(partner.network_id, "Partner")
        people.append(Person(**data.model_dump(), network_id=partner.network_id))
    return await _announce.add_many(session, people)


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
    return await _announce.change(session, person, changes)


async def delete(session: AsyncSession, principal: Principal, person: Person) -> None:
    memberships = await session.scalar(
        select(sa.func.count()).select_from(Membership).where(Membership.person_id == person.id)
    )
    if memberships:
        raise Conflict(f"The person has {memberships} group memberships; end or delete them first")
    await _announce.remove(session, person)
