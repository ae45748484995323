"""Import an indicator's values from THL's Sotkanet (REST API 1.1) for the regions its
network follows.

Sotkanet asks for no regular bulk downloads, so a refresh asks first for the indicator's
metadata and fetches values only when its `data-updated` moved (or the last refresh failed):
one `/regions` call to map Sotkanet's region ids to the followed regions by category and code
(never by hard-coded ids), and one `/json` call for the indicator's latest years. Timeouts and
5xx answers are retried with exponential backoff; a source that keeps failing leaves every
value already imported as it is and its error on the indicator (`last_error`)."""

import asyncio
import logging
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

import httpx
from sqlmodel.ext.asyncio.session import AsyncSession

from app.core import clock
from app.core.config import Settings, get_settings
from app.core.db.session import Database, get_database
from app.indicators import links
from app.indicators import service as indicators
from app.indicators.models import Indicator, Source
from app.indicators.schemas import RefreshResult
from app.indicators.service import NewValue
from app.indicators.views import indicator_public

log = logging.getLogger("vuosikello.sotkanet")


class SourceError(Exception):
    """Sotkanet did not answer usefully; the message says what happened and what to do."""


@dataclass(frozen=True)
class Region:
    id: int
    code: str
    category: str
    title: str


def client(settings: Settings) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        base_url=settings.sotkanet_url.rstrip("/"),
        timeout=settings.sotkanet_timeout_seconds,
        headers={"Accept": "application/json", "User-Agent": "vuosikello (indicators)"},
        follow_redirects=True,
    )


async def fetch(http: httpx.AsyncClient, path: str, settings: Settings, params: Any = None) -> Any:
    """GET a JSON answer, retrying timeouts, transport errors and 5xx with backoff."""
    attempts = max(settings.sotkanet_retries, 0) + 1
    problem = ""
    for attempt in range(attempts):
        try:
            response = await http.get(path, params=params)
        except httpx.TimeoutException:
            problem = f"Sotkanet did not answer {path} within {settings.sotkanet_timeout_seconds} s"
        except httpx.TransportError as exc:
            problem = f"Sotkanet could not be reached for {path}: {exc.__class__.__name__}"
        else:
            if response.status_code < 400:
                try:
                    return response.json()
                except ValueError as exc:
                    raise SourceError(f"Sotkanet's answer to {path} is not JSON") from exc
            if response.status_code < 500 and response.status_code != 429:
                raise SourceError(
                    f"Sotkanet answered {response.status_code} to {path}: check the "
                    "indicator's sotkanet_id against https://sotkanet.fi/sotkanet/fi/haku"
                )
            problem = f"Sotkanet answered {response.status_code} to {path}"
        if attempt + 1 < attempts:
            await asyncio.sleep(settings.sotkanet_backoff_seconds * 2**attempt)
    raise SourceError(
        f"{problem} ({attempts} attempts); the values already imported are kept: try "
        "POST /v1/indicators/{id}/refresh again later"
    )


def _title(value: Any) -> str | None:
    if isinstance(value, dict):
        return value.get("fi") or value.get("en") or value.get("sv")
    return str(value) if value is not None else None


def _date(text: Any) -> date | None:
    try:
        return date.fromisoformat(str(text)[:10]) if text else None
    except ValueError:
        return None


def regions_followed(
    raw: list[dict[str, Any]], followed: list[links.Followed]
) -> dict[int, Region]:
    """Sotkanet's region id → the followed region, matched by category and code; a wellbeing
    county partner without a code is matched by its name containing the region's title."""
    result = {}
    for item in raw:
        region = Region(int(item["id"]), str(item.get("code", "")), str(item.get("category", "")),
                        _title(item.get("title")) or "")  # fmt: skip
        for want in followed:
            if want.category != region.category:
                continue
            if want.code is not None:
                matched = want.code == region.code
            elif want.category == links.MAA:
                matched = True
            else:
                matched = bool(region.title) and region.title.lower() in want.name.lower()
            if matched:
                result[region.id] = region
    return result


def _years(meta: dict[str, Any], settings: Settings) -> list[int]:
    span = meta.get("range") or {}
    end = int(span.get("end") or 0)
    start = int(span.get("start") or end)
    if not end:
        raise SourceError("Sotkanet's metadata gives no range of years for this indicator")
    return list(range(max(start, end - settings.sotkanet_years + 1), end + 1))


async def refresh(
    session: AsyncSession,
    indicator: Indicator,
    *,
    force: bool = False,
    settings: Settings | None = None,
) -> RefreshResult:
    """Refresh one Sotkanet indicator; flushes, the caller commits (also after a failure,
    so the error is recorded)."""
    settings = settings or get_settings()
    if indicator.source != Source.sotkanet.value or indicator.sotkanet_id is None:
        raise SourceError("only Sotkanet indicators are refreshed; enter manual values instead")
    try:
        async with client(settings) as http:
            return await _refresh(session, http, indicator, force, settings)
    except SourceError as exc:
        log.warning("sotkanet indicator %s: %s", indicator.sotkanet_id, exc)
        await indicators.record_refresh(session, indicator, str(exc))
        return RefreshResult(outcome="failed", indicator=indicator_public(indicator), values=None)


async def _refresh(
    session: AsyncSession,
    http: httpx.AsyncClient,
    indicator: Indicator,
    force: bool,
    settings: Settings,
) -> RefreshResult:
    meta = await fetch(http, f"/indicators/{indicator.sotkanet_id}", settings)
    if not isinstance(meta, dict):
        raise SourceError("Sotkanet's indicator metadata is not an object")
    updated = _date(meta.get("data-updated"))
    if (
        not force
        and updated is not None
        and updated == indicator.data_updated
        and (indicator.last_error is None)
    ):
        await indicators.record_refresh(session, indicator, None)
        return RefreshResult(
            outcome="unchanged", indicator=indicator_public(indicator), values=None
        )
    raw_regions = await fetch(http, "/regions", settings)
    params = [("indicator", str(indicator.sotkanet_id))]
    params += [("years", str(year)) for year in _years(meta, settings)]
    params.append(("genders", indicator.gender))
    answer = await fetch(http, "/json", settings, params=params)
    return await apply_answers(session, indicator, meta, raw_regions, answer)


async def apply_answers(
    session: AsyncSession, indicator: Indicator, meta: dict[str, Any], raw_regions: Any, answer: Any
) -> RefreshResult:
    """Store Sotkanet's answers (metadata, `/regions`, `/json`) for the regions the network
    follows: the HTTP refresh and the demo (from the committed answers) both come here."""
    followed = await links.followed_regions(session, indicator.network_id)
    mapping = regions_followed(raw_regions if isinstance(raw_regions, list) else [], followed)
    rows = []
    for item in answer if isinstance(answer, list) else []:
        region = mapping.get(int(item.get("region", -1)))
        if region is None or item.get("gender", indicator.gender) != indicator.gender:
            continue
        rows.append(NewValue(
            region_code=region.code, region_category=region.category, region_title=region.title,
            year=int(item["year"]), gender=indicator.gender,
            value=_number(item.get("value")), absolute_value=_number(item.get("absValue")),
        ))  # fmt: skip
    error = None
    if not rows:
        error = (
            f"Sotkanet has no values of indicator {indicator.sotkanet_id} for gender "
            f"{indicator.gender} in the regions followed"
            + ("; it may be given by gender only: set gender to male or female"
               if indicator.gender == "total" else "")
        )  # fmt: skip
    organization = meta.get("organization") or {}
    values = await indicators.store_import(
        session, indicator, organization=_title(organization.get("title")),
        organization_id=organization.get("id"), data_updated=_date(meta.get("data-updated")),
        rows=rows, error=error,
    )  # fmt: skip
    outcome: Literal["empty", "imported"] = "empty" if not rows else "imported"
    return RefreshResult(outcome=outcome, indicator=indicator_public(indicator), values=values)


def _number(value: Any) -> float | None:
    try:
        return None if value is None else float(value)
    except (TypeError, ValueError):
        return None


async def refresh_committed(
    database: Database | None = None,
    indicator_id: uuid.UUID | None = None,
    *,
    force: bool = False,
    older_than: timedelta | None = None,
) -> list[RefreshResult]:
    """The CLI's and the worker's refresh: every Sotkanet indicator (or one), one
    transaction each, committed also when the source failed (so the error is recorded).
    With `older_than` (the worker), only those not refreshed within it: a restarted worker
    does not ask Sotkanet again before the week is out."""
    owned = database is None
    database = database or get_database()
    try:
        async with database.sessionmaker() as session:
            if indicator_id is not None:
                found = await session.get(Indicator, indicator_id)
                if found is None or found.source != Source.sotkanet.value:
                    raise SourceError(f"no Sotkanet indicator {indicator_id}")
                ids = [found.id]
            else:
                cutoff = clock.now() - older_than if older_than else None
                ids = [
                    i.id
                    for i in await indicators.followed_from_sotkanet(session)
                    if cutoff is None or i.last_refreshed_at is None or i.last_refreshed_at < cutoff
                ]
        results = []
        for id_ in ids:
            async with database.sessionmaker() as session:
                indicator = await session.get(Indicator, id_)
                if indicator is None:
                    continue
                results.append(await refresh(session, indicator, force=force))
                await session.commit()
        return results
    finally:
        if owned:
            await database.dispose()
