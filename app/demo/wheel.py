"""What the demo wheel needs beyond the events and deadlines (issue 14): the plan follow-up
round in May, and the network's category colours (Okabe-Ito, one per ring)."""

import uuid
from datetime import date

from sqlmodel.ext.asyncio.session import AsyncSession

from app.auth.principal import Principal
from app.demo.data import EventSeed
from app.events.schemas import EventCreate
from app.flows import schedule
from app.wheel import service as wheel
from app.wheel.schemas import CategoryColors

EVENTS = (
    EventSeed(
        key="seurantakierros",
        title="Hyvinvointisuunnitelman seurantakierros",
        category="Arviointi",
        start=date(2025, 5, 5),
        end=date(2025, 5, 31),
        rrule="FREQ=YEARLY",
        description=(
            "Kumppanit raportoivat toimenpiteidensä toteutumisen (kyllä / osittain / ei) ja "
            "seurantamittarit; yhteenveto ohjausryhmälle kesäkuussa."
        ),
        group="lape",
        partners=("pohde", "oulu", "ylivieska"),
    ),
)
COLORS = {
    "Seminaarit": "#E69F00",
    "Ohjausryhmät": "#56B4E9",
    "Talousarvio": "#009E73",
    "Päätöksenteko": "#D55E00",
    "Arviointi": "#CC79A7",
    "Valtuustokausi": "#0072B2",
}


async def load(
    session: AsyncSession,
    principal: Principal,
    network_id: uuid.UUID,
    partner_ids: dict[str, uuid.UUID],
    group_ids: dict[str, uuid.UUID],
) -> None:
    for seed in EVENTS:
        await schedule.create_event(
            session,
            principal,
            EventCreate(
                network_id=network_id, title=seed.title, description=seed.description,
                category=seed.category, group_id=group_ids[seed.group] if seed.group else None,
                partner_ids=[partner_ids[key] for key in seed.partners], start=seed.start,
                end=seed.end, rrule=seed.rrule,
            ),
        )  # fmt: skip
    await wheel.put_colors(session, principal, network_id, CategoryColors(colors=COLORS))
