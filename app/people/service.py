"""People: contact persons at partners (personal data)."""

from collections.abc import Sequence

from sqlmodel.ext.asyncio.session import AsyncSession

from app.auth.principal import Principal
from app.core.crud import preload, referenced, referenced_change
from app.core.repository import Repository
from app.groups.models import Membership
from app.notifications.announcer import Announcer
from app.partners.models import Partner
from app.people.models import Person
from app.people.schemas import PersonCreate, PersonPublic, PersonUpdate

_announce = Announcer[Person]("person", "people", PersonPublic.model_validate)


repository = Repository(
    Person,
    Person.network_id,
    "Person",
    filters={"partner_id": Person.partner_id},
    search=(Person.name, Person.email, Person.title),
)
get, get_writable, get_all = repository.get, repository.get_writable, repository.get_all


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
    # A person may move between partners of the same network, never across networks.
    await referenced_change(session, principal, Partner, changes, "partner_id", person.network_id)
    return await _announce.change(session, person, changes)


async def delete(session: AsyncSession, principal: Principal, person: Person) -> None:
    await _announce.remove_unreferenced(
        session, person, Membership.person_id,
        "The person has {count} group memberships; end or delete them first",
    )  # fmt: skip
