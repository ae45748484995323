"""Measures' references to indicators (a measure's follow-up metric as a number), and the
regions a network follows: its partners' municipalities and wellbeing counties, and the
whole country."""

import uuid
from dataclasses import dataclass

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.auth.principal import Principal
from app.core.crud import get_or_404, referenced
from app.core.errors import Conflict, NotFound
from app.indicators.models import Indicator, MeasureIndicator
from app.indicators.schemas import MeasureIndicatorCreate
from app.indicators.views import link_public
from app.notifications.service import announce
from app.partners.models import Partner, PartnerKind
from app.plans.models import Measure

KUNTA, HYVINVOINTIALUE, MAA = "KUNTA", "HYVINVOINTIALUE", "MAA"


@dataclass(frozen=True)
class Followed:
    """A region a network follows: by code, or (a wellbeing county without a code) by name."""

    category: str
    code: str | None
    name: str


async def followed_regions(session: AsyncSession, network_id: uuid.UUID) -> list[Followed]:
    statement = select(Partner).where(Partner.network_id == network_id).order_by(Partner.name)
    result: list[Followed] = []
    for partner in (await session.exec(statement)).all():
        if partner.kind == PartnerKind.municipality and partner.municipality_code:
            result.append(Followed(KUNTA, partner.municipality_code, partner.name))
        elif partner.kind == PartnerKind.wellbeing_county:
            result.append(Followed(HYVINVOINTIALUE, partner.wellbeing_county_code, partner.name))
    result.append(Followed(MAA, None, "Koko maa"))
    return result


def _announce(
    session: AsyncSession, link: MeasureIndicator, indicator: Indicator, verb: str
) -> None:
    announce(session, "measure_indicator", verb, link_public(link, indicator),
             network_id=link.network_id,
             subject=f"/v1/measures/{link.measure_id}/indicators/{link.id}")  # fmt: skip


async def links_of_measure(session: AsyncSession, measure: Measure) -> list[MeasureIndicator]:
    statement = select(MeasureIndicator).where(MeasureIndicator.measure_id == measure.id)
    return list((await session.exec(statement.order_by(col(MeasureIndicator.id)))).all())


async def links_of_plan(session: AsyncSession, plan_id: uuid.UUID) -> list[MeasureIndicator]:
    statement = (
        select(MeasureIndicator)
        .join(Measure, Measure.id == MeasureIndicator.measure_id)  # type: ignore[arg-type]
        .where(Measure.plan_id == plan_id)
    )
    return list((await session.exec(statement.order_by(col(MeasureIndicator.id)))).all())


async def links_of_network(session: AsyncSession, network_id: uuid.UUID) -> list[MeasureIndicator]:
    statement = select(MeasureIndicator).where(MeasureIndicator.network_id == network_id)
    return list((await session.exec(statement.order_by(col(MeasureIndicator.id)))).all())


async def create_link(
    session: AsyncSession, principal: Principal, measure: Measure, data: MeasureIndicatorCreate
) -> tuple[MeasureIndicator, Indicator]:
    indicator = await referenced(
        session, principal, Indicator, data.indicator_id, "indicator_id",
        network_id=measure.network_id,
    )  # fmt: skip
    for link in await links_of_measure(session, measure):
        if link.indicator_id == data.indicator_id and link.region_code == data.region_code:
            raise Conflict(
                f"Measure {measure.id} already follows this indicator for region "
                f"{data.region_code or 'all'}: link {link.id}; delete it first to change it",
                existing_id=str(link.id),
            )
    link = MeasureIndicator(**data.model_dump(), measure_id=measure.id,
                            network_id=measure.network_id)  # fmt: skip
    session.add(link)
    await session.flush()
    _announce(session, link, indicator, "created")
    return link, indicator


async def get_link(session: AsyncSession, measure: Measure, link_id: uuid.UUID) -> MeasureIndicator:
    link = await get_or_404(session, MeasureIndicator, link_id, "Measure indicator")
    if link.measure_id != measure.id:
        raise NotFound("Measure indicator not found")
    return link


async def delete_link(session: AsyncSession, link: MeasureIndicator) -> None:
    indicator = await session.get(Indicator, link.indicator_id)
    if indicator is not None:
        _announce(session, link, indicator, "deleted")
    await session.delete(link)
    await session.flush()
