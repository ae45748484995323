"""HTTP routes of indicators, their values, measures' references to them and the network's
situational picture (thin: the service and the Sotkanet flow do the work)."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status

from app.auth.deps import CurrentPrincipal
from app.core.crud import get_or_404
from app.core.db.session import SessionDep
from app.core.errors import Conflict
from app.core.etag import IfMatchHeader, check_if_match, set_etag
from app.core.pagination import DEFAULT_LIMIT, CursorParam, LimitParam
from app.core.schemas import Page
from app.core.uploads import upload_body, uploaded_file
from app.flows import sotkanet
from app.indicators import links, service, situation, values_csv
from app.indicators.models import Gender, Indicator, Source
from app.indicators.schemas import (
    IndicatorCreate,
    IndicatorPublic,
    IndicatorUpdate,
    MeasureIndicatorCreate,
    MeasureIndicatorPublic,
    RefreshResult,
    ValuesCreate,
    ValuesPublic,
    ValuesUpdated,
)
from app.indicators.service import NewValue
from app.indicators.situation_schemas import SituationPublic
from app.indicators.views import attribution, indicator_public, link_public, value_public
from app.limits.routing import LimitedRoute
from app.networks.models import Network
from app.plans import service as plans

router = APIRouter(prefix="/v1/indicators", tags=["indicators"], route_class=LimitedRoute)
measures_router = APIRouter(prefix="/v1/measures", tags=["measures"], route_class=LimitedRoute)
situation_router = APIRouter(prefix="/v1/networks", tags=["indicators"], route_class=LimitedRoute)

UPLOAD_BODY = upload_body("CSV (UTF-8, ; or ,): " + ";".join(values_csv.COLUMNS), values_csv.SAMPLE)


@router.post(
    "", status_code=status.HTTP_201_CREATED, response_model=IndicatorPublic,
    summary="Follow an indicator",
)  # fmt: skip
async def create(
    body: IndicatorCreate, session: SessionDep, principal: CurrentPrincipal, response: Response
) -> IndicatorPublic:
    """An indicator the network follows for its partners' regions: `source` `sotkanet` with
    THL's `sotkanet_id` (values imported by POST /v1/indicators/{id}/refresh and weekly), or
    `manual` (values entered with POST /v1/indicators/{id}/values)."""
    indicator = await service.create(session, principal, body)
    set_etag(response, indicator)
    response.headers["Location"] = f"/v1/indicators/{indicator.id}"
    return indicator_public(indicator)


@router.get("", response_model=Page[IndicatorPublic], summary="List indicators")
async def get_all(
    session: SessionDep,
    principal: CurrentPrincipal,
    network_id: uuid.UUID | None = None,
    source: Source | None = None,
    q: str | None = None,
    limit: LimitParam = DEFAULT_LIMIT,
    cursor: CursorParam = None,
) -> Page[IndicatorPublic]:
    """The indicators of the caller's networks, each with its attribution."""
    rows, next_cursor = await service.get_all(
        session, principal, network_id=network_id, source=source, q=q, limit=limit,
        cursor=cursor,
    )  # fmt: skip
    return Page(data=[indicator_public(i) for i in rows], next_cursor=next_cursor)


@router.get("/{indicator_id}", response_model=IndicatorPublic, summary="Get an indicator")
async def get(
    indicator_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal, response: Response
) -> IndicatorPublic:
    """One indicator with its source, attribution and the state of its last refresh."""
    indicator = await service.get(session, principal, indicator_id)
    set_etag(response, indicator)
    return indicator_public(indicator)


@router.patch("/{indicator_id}", response_model=IndicatorPublic, summary="Change an indicator")
async def update(
    indicator_id: uuid.UUID,
    body: IndicatorUpdate,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
    if_match: IfMatchHeader = None,
) -> IndicatorPublic:
    """Change names, unit, direction, description or gender; send `If-Match`."""
    indicator = await service.get_writable(session, principal, indicator_id)
    check_if_match(if_match, indicator)
    await service.update(session, indicator, body)
    set_etag(response, indicator)
    return indicator_public(indicator)


@router.delete(
    "/{indicator_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Stop following an indicator"
)
async def delete(indicator_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> None:
    """Delete an indicator with its values and the measures' references to it."""
    indicator = await service.get_writable(session, principal, indicator_id)
    await service.delete(session, indicator)


@router.get("/{indicator_id}/values", response_model=ValuesPublic, summary="An indicator's values")
async def get_values(
    indicator_id: uuid.UUID,
    session: SessionDep,
    principal: CurrentPrincipal,
    region_code: Annotated[str | None, Query(max_length=20)] = None,
    year_from: Annotated[int | None, Query(ge=1900, le=2100)] = None,
    year_to: Annotated[int | None, Query(ge=1900, le=2100)] = None,
    gender: Gender | None = None,
) -> ValuesPublic:
    """Values per region, year and gender, with the attribution the source's licence asks
    for (THL's data: CC BY 4.0)."""
    indicator = await service.get(session, principal, indicator_id)
    rows = await service.values_of(
        session, indicator, region_code=region_code, year_from=year_from, year_to=year_to,
        gender=gender.value if gender else None,
    )  # fmt: skip
    return ValuesPublic(
        indicator_id=indicator.id, attribution=attribution(indicator),
        data=[value_public(v) for v in rows],
    )  # fmt: skip


def _written(indicator: Indicator, update: ValuesUpdated | None) -> ValuesUpdated:
    return update or ValuesUpdated(
        id=indicator.id, network_id=indicator.network_id, source=Source(indicator.source),
        changed=0, years=[], regions=[], attribution=attribution(indicator),
    )  # fmt: skip


@router.post("/{indicator_id}/values", response_model=ValuesUpdated, summary="Enter values")
async def create_values(
    indicator_id: uuid.UUID, body: ValuesCreate, session: SessionDep, principal: CurrentPrincipal
) -> ValuesUpdated:
    """Values of a manual indicator; a value for the same region, year and gender replaces
    the one there. Announces `indicator.values_updated` with the years and regions changed."""
    indicator = await service.get_writable(session, principal, indicator_id)
    rows = [NewValue(**v.model_dump()) for v in body.values]
    return _written(indicator, await service.write_values(session, indicator, rows))


@router.post(
    "/{indicator_id}/values/import", response_model=ValuesUpdated,
    summary="Enter values from CSV", openapi_extra=UPLOAD_BODY,
)  # fmt: skip
async def import_values(
    indicator_id: uuid.UUID, request: Request, session: SessionDep, principal: CurrentPrincipal
) -> ValuesUpdated:
    """A CSV of a manual indicator's values (multipart field `file`); every row is valid or
    nothing is written, and each problem names its row and column."""
    indicator = await service.get_writable(session, principal, indicator_id)
    data, _ = await uploaded_file(request, "the CSV")
    rows = values_csv.parse(data)
    return _written(indicator, await service.write_values(session, indicator, rows))


@router.post(
    "/{indicator_id}/refresh", response_model=RefreshResult, summary="Refresh from Sotkanet"
)
async def refresh(
    indicator_id: uuid.UUID,
    session: SessionDep,
    principal: CurrentPrincipal,
    force: Annotated[bool, Query(description="Fetch even if `data-updated` did not move")] = False,
) -> RefreshResult:
    """Ask Sotkanet for the indicator's metadata and, only when its `data-updated` moved (or
    the last refresh failed, or `force`), its values for the regions followed. A failing or
    slow source keeps the values already imported and records `last_error`."""
    indicator = await service.get_writable(session, principal, indicator_id)
    if indicator.source != Source.sotkanet.value:
        raise Conflict(
            "A manual indicator has no source to refresh: enter its values with "
            f"POST /v1/indicators/{indicator.id}/values"
        )
    return await sotkanet.refresh(session, indicator, force=force)


@measures_router.post(
    "/{measure_id}/indicators", status_code=status.HTTP_201_CREATED,
    response_model=MeasureIndicatorPublic, summary="Follow a measure with an indicator",
)  # fmt: skip
async def create_indicator_link(
    measure_id: uuid.UUID,
    body: MeasureIndicatorCreate,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
) -> MeasureIndicatorPublic:
    """A measure's follow-up metric as an indicator of the same network, optionally for one
    region, with a baseline and a target (read against the indicator's direction)."""
    measure = await plans.get_writable_measure(session, principal, measure_id)
    link, indicator = await links.create_link(session, principal, measure, body)
    response.headers["Location"] = f"/v1/measures/{measure.id}/indicators/{link.id}"
    return link_public(link, indicator)


@measures_router.get(
    "/{measure_id}/indicators", response_model=list[MeasureIndicatorPublic],
    summary="A measure's indicators",
)  # fmt: skip
async def get_all_indicator_links(
    measure_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> list[MeasureIndicatorPublic]:
    """The indicators that follow one measure, with baselines, targets and attribution."""
    measure = await plans.get_measure(session, principal, measure_id)
    result = []
    for link in await links.links_of_measure(session, measure):
        indicator = await service.get(session, principal, link.indicator_id)
        result.append(link_public(link, indicator))
    return result


@measures_router.delete(
    "/{measure_id}/indicators/{link_id}", status_code=status.HTTP_204_NO_CONTENT,
    summary="Stop following a measure with an indicator",
)  # fmt: skip
async def delete_indicator_link(
    measure_id: uuid.UUID, link_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> None:
    """Remove the reference; the indicator and its values stay."""
    measure = await plans.get_writable_measure(session, principal, measure_id)
    link = await links.get_link(session, measure, link_id)
    await links.delete_link(session, link)


@situation_router.get(
    "/{network_id}/situation", response_model=SituationPublic,
    summary="The shared situational picture",
)  # fmt: skip
async def get_situation(
    network_id: uuid.UUID,
    session: SessionDep,
    principal: CurrentPrincipal,
    year: Annotated[
        int | None, Query(ge=1900, le=2100, description="Values up to this year")
    ] = None,
) -> SituationPublic:
    """Each followed indicator for each region with its trend and its status against the
    measures' targets (direction-aware), and each plan's roll-up: the yhteinen tilannekuva
    an intranet page shows."""
    network = await get_or_404(session, Network, network_id, "Network")
    principal.ensure_readable(network.id, "Network")
    return await situation.situation(session, network.id, year)
