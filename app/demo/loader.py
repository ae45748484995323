"""`vuosikello demo`: load the demo network through the service layer.

Everything goes through the same services the API uses, so the demo can only contain what a
coordinator could have entered, and one commit at the end means a failed load leaves nothing.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.auth import service as clients
from app.auth.models import Role
from app.auth.principal import Principal
from app.core.db.session import get_database
from app.demo import data, followup, planning
from app.demo import indicators as demo_indicators
from app.demo import wheel as demo_wheel
from app.demo.context import Demo, create_event
from app.events.models import Event
from app.events.overrides import normalise_recurrence_id
from app.events.schemas import OccurrenceUpdate
from app.flows import schedule
from app.groups import service as groups
from app.groups.schemas import GroupCreate, MembershipCreate
from app.kernel.recurrence import format_recurrence_id
from app.networks import service as networks
from app.networks.models import Network
from app.networks.schemas import NetworkCreate
from app.partners import service as partners
from app.partners.schemas import PartnerCreate
from app.people import service as people
from app.people.schemas import PersonCreate


@dataclass(frozen=True)
class DemoResult:
    network_id: uuid.UUID
    # The demo admin client: {"client_id": ..., "client_secret": ...}; the secret is shown once.
    credentials: dict[str, str]


async def load_demo(*, if_empty: bool = False) -> DemoResult | None:
    """Load the demo network in one transaction; ``None`` when `if_empty` and networks exist."""
    database = get_database()
    try:
        async with database.sessionmaker() as session:
            if if_empty and await has_networks(session):
                return None
            result = await populate(session)
            await session.commit()
            return result
    finally:
        await database.dispose()


async def has_networks(session: AsyncSession) -> bool:
    return (await session.exec(select(Network.id).limit(1))).first() is not None


async def populate(session: AsyncSession) -> DemoResult:
    """Create the demo admin client and the demo network. Flushes; the caller commits."""
    client, secret = await clients.create(
        session, name=data.DEMO_CLIENT_NAME, role=Role.admin, network_ids=[]
    )
    # The loader acts as the demo admin it has just created, so anything that records who
    # made a change points at that client.
    principal = Principal(client_id=client.id, role=Role.admin, network_ids=frozenset())
    network = await networks.create(
        session,
        principal,
        NetworkCreate(name=data.NETWORK_NAME, description=data.NETWORK_DESCRIPTION),
    )
    demo = Demo(session, principal, network.id)
    await _partners(demo)
    await _people(demo)
    await _groups(demo)
    for seed in data.EVENTS:
        demo.event_rows[seed.key] = await create_event(demo, seed)
    await _occurrence_changes(session, demo.event_rows)
    await planning.load(demo)
    await demo_wheel.load(demo)
    await followup.load(demo)
    await demo_indicators.load(session, principal, network.id)
    return DemoResult(
        network_id=network.id,
        credentials={"client_id": str(client.id), "client_secret": secret},
    )


async def _partners(demo: Demo) -> None:
    for seed in data.PARTNERS:
        partner = await partners.create(demo.session, demo.principal, PartnerCreate(
            network_id=demo.network_id, name=seed.name, kind=seed.kind,
            business_id=seed.business_id, municipality_code=seed.municipality_code,
            wellbeing_county_code=seed.wellbeing_county_code,
        ))  # fmt: skip
        demo.partner_ids[seed.key] = partner.id


async def _people(demo: Demo) -> None:
    for seed in data.PEOPLE:
        person = await people.create(demo.session, demo.principal, PersonCreate(
            partner_id=demo.partner_ids[seed.partner], name=seed.name, email=seed.email,
            title=seed.title,
        ))  # fmt: skip
        demo.person_ids[seed.key] = person.id


async def _groups(demo: Demo) -> None:
    for seed in data.GROUPS:
        group = await groups.create(demo.session, demo.principal, GroupCreate(
            network_id=demo.network_id, name=seed.name, kind=seed.kind,
            description=seed.description, term_start=seed.term_start, term_end=seed.term_end,
        ))  # fmt: skip
        for member in seed.members:
            await groups.create_membership(demo.session, demo.principal, group, MembershipCreate(
                person_id=demo.person_ids[member.person], role=member.role, start=member.start,
                end=member.end,
            ))  # fmt: skip
        demo.group_ids[seed.key] = group.id


async def _occurrence_changes(session: AsyncSession, event_rows: dict[str, Event]) -> None:
    """Moved and cancelled single occurrences, so the demo shows per-occurrence state."""
    for moved in data.MOVED:
        event = event_rows[moved.event]
        rid = _recurrence_id(event, moved.recurrence_id)
        await schedule.replace_occurrence(
            session,
            event,
            rid,
            OccurrenceUpdate(start=moved.start, end=moved.end, description=moved.description),
        )
    for cancelled in data.CANCELLED:
        event = event_rows[cancelled.event]
        await schedule.cancel_occurrence(
            session, event, _recurrence_id(event, cancelled.recurrence_id)
        )


def _recurrence_id(event: Event, original_start: datetime) -> str:
    # Through the service's own check, so a seed naming no real occurrence fails the load.
    return normalise_recurrence_id(event, format_recurrence_id(original_start, event.all_day))
