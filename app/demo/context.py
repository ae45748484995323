"""What the demo loader has made so far, handed to each part of the demo in turn."""

import uuid
from dataclasses import dataclass, field

from sqlmodel.ext.asyncio.session import AsyncSession

from app.auth.principal import Principal
from app.demo.seeds import EventSeed
from app.events.models import Event
from app.events.schemas import EventCreate
from app.flows import schedule


@dataclass
class Demo:
    session: AsyncSession
    principal: Principal  # the demo admin client, so every change records who made it
    network_id: uuid.UUID
    partner_ids: dict[str, uuid.UUID] = field(default_factory=dict)
    person_ids: dict[str, uuid.UUID] = field(default_factory=dict)
    group_ids: dict[str, uuid.UUID] = field(default_factory=dict)
    event_rows: dict[str, Event] = field(default_factory=dict)

    def partners(self, *keys: str) -> list[uuid.UUID]:
        return [self.partner_ids[key] for key in keys]


async def create_event(demo: Demo, seed: EventSeed) -> Event:
    """One seed event through the same flow as `POST /v1/events`."""
    event, _ = await schedule.create_event(
        demo.session,
        demo.principal,
        EventCreate(
            network_id=demo.network_id,
            title=seed.title,
            description=seed.description,
            location=seed.location,
            category=seed.category,
            group_id=demo.group_ids[seed.group] if seed.group else None,
            partner_ids=demo.partners(*seed.partners),
            start=seed.start,
            end=seed.end,
            rrule=seed.rrule,
            exdates=list(seed.exdates),
            status=seed.status,
        ),
    )
    return event
