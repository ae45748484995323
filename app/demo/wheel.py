"""What the demo wheel needs beyond the events and deadlines (issue 14): the plan follow-up
round in May, and the network's category colours (Okabe-Ito, one per ring)."""

from datetime import date

from app.demo.context import Demo, create_event
from app.demo.seeds import EventSeed
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


async def load(demo: Demo) -> None:
    for seed in EVENTS:
        demo.event_rows[seed.key] = await create_event(demo, seed)
    await wheel.put_colors(
        demo.session, demo.principal, demo.network_id, CategoryColors(colors=COLORS)
    )
