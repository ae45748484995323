"""The shared situational picture (yhteinen tilannekuva): each followed indicator per region
with its trend and status against the measures' targets, and each plan's roll-up."""

import uuid
from collections import defaultdict
from dataclasses import dataclass

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.indicators import links
from app.indicators import service as indicators
from app.indicators.models import Indicator, IndicatorValue, MeasureIndicator
from app.indicators.situation_schemas import (
    IndicatorSituation,
    PlanSituation,
    RegionSituation,
    SituationPublic,
    TargetStatus,
)
from app.indicators.views import indicator_public
from app.kernel.indicator_trend import Point, assessment, series, status, trend
from app.plans import tree
from app.plans.models import Plan
from app.plans.views import rollup_public


@dataclass
class RegionSeries:
    category: str
    code: str
    title: str | None
    points: list[Point]

    @property
    def key(self) -> str:
        return f"{self.category}:{self.code}"


def by_region(rows: list[IndicatorValue], year: int | None = None) -> list[RegionSeries]:
    """Values per region (municipalities, then wellbeing counties, then the country)."""
    grouped: dict[tuple[str, str], list[IndicatorValue]] = defaultdict(list)
    for row in rows:
        if year is None or row.year <= year:
            grouped[(row.region_category, row.region_code)].append(row)
    order = {links.KUNTA: 0, links.HYVINVOINTIALUE: 1, links.MAA: 2}
    result = []
    for (category, code), values in sorted(
        grouped.items(), key=lambda item: (order.get(item[0][0], 3), item[0][1])
    ):
        points = series([(v.year, v.value) for v in values])
        result.append(RegionSeries(category, code, values[-1].region_title, points))
    return result


def target_status(indicator: Indicator, link: MeasureIndicator, points: list[Point]) -> str:
    latest = points[-1].value if points else None
    return status(
        indicator.direction, latest, target=link.target_value, baseline=link.baseline_value
    )


def applies(link: MeasureIndicator, region: RegionSeries) -> bool:
    return link.region_code is None or link.region_code == region.code


def region_situation(
    indicator: Indicator, region: RegionSeries, targets: list[MeasureIndicator]
) -> RegionSituation:
    points = region.points
    latest = points[-1] if points else None
    previous = points[-2] if len(points) > 1 else None
    moved = trend(points)
    return RegionSituation(
        region_code=region.code, region_category=region.category, region_title=region.title,
        latest_year=latest.year if latest else None, latest_value=latest.value if latest else None,
        previous_year=previous.year if previous else None,
        previous_value=previous.value if previous else None,
        trend=moved,  # type: ignore[arg-type]
        assessment=assessment(indicator.direction, moved),  # type: ignore[arg-type]
        targets=[
            TargetStatus(
                measure_id=link.measure_id, baseline_year=link.baseline_year,
                baseline_value=link.baseline_value, target_year=link.target_year,
                target_value=link.target_value,
                status=target_status(indicator, link, points),  # type: ignore[arg-type]
            )
            for link in targets if applies(link, region)
        ],
    )  # fmt: skip


async def situation(
    session: AsyncSession, network_id: uuid.UUID, year: int | None
) -> SituationPublic:
    all_links = await links.links_of_network(session, network_id)
    shown = []
    for indicator in await indicators.of_network(session, network_id):
        rows = await indicators.values_of(session, indicator, gender=indicator.gender)
        targets = [link for link in all_links if link.indicator_id == indicator.id]
        regions = [region_situation(indicator, r, targets) for r in by_region(rows, year)]
        shown.append(IndicatorSituation(indicator=indicator_public(indicator), regions=regions))
    plans = (await session.exec(
        select(Plan).where(Plan.network_id == network_id).order_by(col(Plan.id))
    )).all()  # fmt: skip
    plan_rows = [
        PlanSituation(
            plan_id=p.id,
            title=p.title,
            status=p.status,
            rollup=rollup_public(await tree.plan_rollup(session, p.id)),
        )
        for p in plans
    ]
    attributions = {}
    for item in shown:
        attributions[item.indicator.attribution.text] = item.indicator.attribution
    return SituationPublic(
        network_id=network_id, year=year, indicators=shown, plans=plan_rows,
        attributions=list(attributions.values()),
    )  # fmt: skip
