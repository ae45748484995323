"""Networks: the tenants. Admins create them; coordinators edit their own."""

import uuid

import sqlalchemy as sa
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.auth.principal import Principal
from app.core import stamps
from app.core.crud import apply_changes, referenced, search
from app.core.errors import Conflict
from app.core.pagination import page
from app.core.repository import Repository
from app.events.models import Event
from app.groups.models import Group
from app.networks.models import Network
from app.networks.schemas import NetworkCreate, NetworkPublic, NetworkQuery, NetworkUpdate
from app.notifications.service import announce
from app.partners.models import Partner


def _announce(
    session: AsyncSession, network: Network, verb: str, changed: list[str] | None = None
) -> None:
    public = NetworkPublic.model_validate(network)
    announce(session, "network", verb, public, network_id=network.id, changed=changed)


repository = Repository(Network, Network.id, "Network")
get, get_writable = repository.get, repository.get_writable


async def get_all(
    session: AsyncSession, principal: Principal, query: NetworkQuery
) -> tuple[list[Network], str | None]:
    statement = search(repository.readable_statement(principal), query.q, Network.name)
    return await page(session, statement, Network.id, query)


async def create(session: AsyncSession, principal: Principal, data: NetworkCreate) -> Network:
    principal.ensure_admin()
    network = Network(**data.model_dump())
    session.add(network)
    await session.flush()
    _announce(session, network, "created")
    return network


async def update(
    session: AsyncSession, principal: Principal, network: Network, data: NetworkUpdate
) -> list[str]:
    principal.ensure_writable(network.id, "Network")
    changed = apply_changes(network, data.model_dump(exclude_unset=True))
    await session.flush()
    _announce(session, network, "updated", changed)
    return changed


async def delete(session: AsyncSession, principal: Principal, network: Network) -> None:
    principal.ensure_admin()
    # Deleting a tenant with data is never an accident we want to allow silently.
    for model, what in ((Partner, "partners"), (Group, "groups"), (Event, "events")):
        count = await session.scalar(
            select(sa.func.count()).select_from(model).where(model.network_id == network.id)
        )
        if count:
            raise Conflict(f"The network still has {count} {what}; delete them first")
    _announce(session, network, "deleted")
    # The network's clients lose it (cascade): their cached principals go too.
    stamps.touch(session, stamps.CREDENTIALS)
    await session.delete(network)
    await session.flush()


async def writable(session: AsyncSession, principal: Principal, network_id: uuid.UUID) -> Network:
    """The network a new object goes into, from a body's `network_id`: 422 on that field when
    the caller cannot see it, 403 when the caller may only read it."""
    network = await referenced(session, principal, Network, network_id, "network_id")
    principal.ensure_writable(network_id, "Network")
    return network
