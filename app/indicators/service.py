"""Indicators and their values: the only writer of these tables, and their announcer."""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.auth.principal import Principal
from app.core import clock
from app.core.crud import apply_changes, get_or_404, referenced, scope_to_networks, search
from app.core.errors import Conflict
from app.core.pagination import paginate
from app.indicators.models import Indicator, IndicatorValue, Source
from app.indicators.schemas import IndicatorCreate, IndicatorUpdate, ValuesUpdated
from app.indicators.views import attribution, indicator_public
from app.networks.models import Network
from app.notifications.service import announce

MAX_ERROR = 2000
# Fields a refresh always sets, which alone are no news to anyone listening.
BOOKKEEPING = frozenset({"last_refreshed_at"})


@dataclass(frozen=True)
class NewValue:
    region_code: str
    region_category: str
    region_title: str | None
    year: int
    gender: str
    value: float | None
    absolute_value: float | None


def _announce(
    session: AsyncSession, indicator: Indicator, verb: str, changed: list[str] | None = None
) -> None:
    announce(session, "indicator", verb, indicator_public(indicator),
             network_id=indicator.network_id, subject=f"/v1/indicators/{indicator.id}",
             changed=changed)  # fmt: skip


async def get(session: AsyncSession, principal: Principal, indicator_id: uuid.UUID) -> Indicator:
    indicator = await get_or_404(session, Indicator, indicator_id, "Indicator")
    principal.ensure_readable(indicator.network_id, "Indicator")
    return indicator


async def get_writable(
    session: AsyncSession, principal: Principal, indicator_id: uuid.UUID
) -> Indicator:
    indicator = await get(session, principal, indicator_id)
    principal.ensure_writable(indicator.network_id, "Indicator")
    return indicator


async def get_all(
    session: AsyncSession,
    principal: Principal,
    *,
    network_id: uuid.UUID | None,
    source: Source | None,
    q: str | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[Indicator], str | None]:
    requested = [network_id] if network_id else None
    statement = scope_to_networks(
        select(Indicator), Indicator.network_id, principal.visible_networks(requested)
    )
    if source:
        statement = statement.where(Indicator.source == source.value)
    statement = search(statement, q, Indicator.name, Indicator.name_sv, Indicator.name_en)
    return await paginate(session, statement, id_column=Indicator.id, limit=limit, cursor=cursor)


async def of_network(session: AsyncSession, network_id: uuid.UUID) -> list[Indicator]:
    statement = select(Indicator).where(Indicator.network_id == network_id)
    return list((await session.exec(statement.order_by(col(Indicator.id)))).all())


async def followed_from_sotkanet(session: AsyncSession) -> list[Indicator]:
    """Every Sotkanet indicator of every network: what the weekly refresh looks at."""
    statement = select(Indicator).where(Indicator.source == Source.sotkanet.value)
    return list((await session.exec(statement.order_by(col(Indicator.id)))).all())


async def create(session: AsyncSession, principal: Principal, data: IndicatorCreate) -> Indicator:
    await referenced(session, principal, Network, data.network_id, "network_id")
    principal.ensure_writable(data.network_id, "Network")
    indicator = Indicator(**data.model_dump())
    session.add(indicator)
    await session.flush()
    _announce(session, indicator, "created")
    return indicator


async def update(session: AsyncSession, indicator: Indicator, data: IndicatorUpdate) -> list[str]:
    changes = data.model_dump(exclude_unset=True)
    for enum_field in ("direction", "gender"):
        if changes.get(enum_field) is not None:
            changes[enum_field] = changes[enum_field].value
    changed = apply_changes(indicator, changes)
    await session.flush()
    _announce(session, indicator, "updated", changed)
    return changed


async def delete(session: AsyncSession, indicator: Indicator) -> None:
    """An indicator goes with its values and the measures' references to it."""
    _announce(session, indicator, "deleted")
    await session.delete(indicator)
    await session.flush()


async def values_of(
    session: AsyncSession,
    indicator: Indicator,
    *,
    region_code: str | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
    gender: str | None = None,
) -> list[IndicatorValue]:
    statement = select(IndicatorValue).where(IndicatorValue.indicator_id == indicator.id)
    if region_code:
        statement = statement.where(IndicatorValue.region_code == region_code)
    if year_from is not None:
        statement = statement.where(IndicatorValue.year >= year_from)
    if year_to is not None:
        statement = statement.where(IndicatorValue.year <= year_to)
    if gender:
        statement = statement.where(IndicatorValue.gender == gender)
    order = (
        col(IndicatorValue.region_category),
        col(IndicatorValue.region_code),
        col(IndicatorValue.year),
        col(IndicatorValue.gender),
    )
    return list((await session.exec(statement.order_by(*order))).all())


async def _upsert(
    session: AsyncSession, indicator: Indicator, rows: Iterable[NewValue], source: str
) -> ValuesUpdated | None:
    """Add or change values (never remove one); announce what changed, if anything."""
    existing = {
        (v.region_category, v.region_code, v.year, v.gender): v
        for v in await values_of(session, indicator)
    }
    now = clock.now()
    years: set[int] = set()
    regions: set[str] = set()
    changed = 0
    for row in rows:
        key = (row.region_category, row.region_code, row.year, row.gender)
        fields: dict[str, Any] = {
            "region_title": row.region_title,
            "value": row.value,
            "absolute_value": row.absolute_value,
            "source": source,
        }
        current = existing.get(key)
        if current is None:
            current = IndicatorValue(
                network_id=indicator.network_id, indicator_id=indicator.id,
                region_code=row.region_code, region_category=row.region_category,
                year=row.year, gender=row.gender, imported_at=now, **fields,
            )  # fmt: skip
            session.add(current)
            existing[key] = current
        elif all(getattr(current, k) == v for k, v in fields.items()):
            continue
        else:
            apply_changes(current, {**fields, "imported_at": now})
        changed += 1
        years.add(row.year)
        regions.add(f"{row.region_category}:{row.region_code}")
    await session.flush()
    if not changed:
        return None
    update = ValuesUpdated(
        id=indicator.id, network_id=indicator.network_id, source=Source(source),
        changed=changed, years=sorted(years), regions=sorted(regions),
        attribution=attribution(indicator),
    )  # fmt: skip
    announce(session, "indicator", "values_updated", update, network_id=indicator.network_id,
             subject=f"/v1/indicators/{indicator.id}/values")  # fmt: skip
    return update


async def write_values(
    session: AsyncSession, indicator: Indicator, rows: list[NewValue]
) -> ValuesUpdated | None:
    """Values entered by hand (JSON or CSV): only for manual indicators."""
    if indicator.source != Source.manual:
        raise Conflict(
            "The values of a Sotkanet indicator come from Sotkanet: refresh them with "
            f"POST /v1/indicators/{indicator.id}/refresh, or create a manual indicator"
        )
    return await _upsert(session, indicator, rows, Source.manual.value)


async def store_import(
    session: AsyncSession,
    indicator: Indicator,
    *,
    organization: str | None,
    organization_id: int | None,
    data_updated: date | None,
    rows: list[NewValue],
    error: str | None = None,
) -> ValuesUpdated | None:
    """A successful fetch from Sotkanet: its metadata and its values for the regions followed."""
    update = await _upsert(session, indicator, rows, Source.sotkanet.value)
    changed = apply_changes(indicator, {
        "organization": organization, "organization_id": organization_id,
        "data_updated": data_updated, "last_refreshed_at": clock.now(), "last_error": error,
    })  # fmt: skip
    await session.flush()
    _announce_refreshed(session, indicator, changed)
    return update


def _announce_refreshed(session: AsyncSession, indicator: Indicator, changed: list[str]) -> None:
    """`indicator.updated` only when a refresh changed more than its bookkeeping: a weekly
    refresh that found nothing new (only `last_refreshed_at` moved) announces nothing."""
    if set(changed) - BOOKKEEPING:
        _announce(session, indicator, "updated", changed)


async def record_refresh(session: AsyncSession, indicator: Indicator, error: str | None) -> None:
    """A refresh that imported nothing: when it ran and, if the source failed, why. The values
    already imported stay as they are."""
    changed = apply_changes(
        indicator, {"last_refreshed_at": clock.now(), "last_error": error and error[:MAX_ERROR]}
    )
    await session.flush()
    _announce_refreshed(session, indicator, changed)
