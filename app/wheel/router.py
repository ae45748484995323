"""The wheel as a picture (SVG, PNG, PDF), a page, a year export, and embeddable pages."""

import uuid
from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from sqlmodel.ext.asyncio.session import AsyncSession

from app.auth.deps import CurrentPrincipal
from app.auth.principal import Principal
from app.core.config import get_settings
from app.core.db.session import SessionDep
from app.core.errors import NotFound, TooManyRequests, ValidationFailed
from app.core.pagination import DEFAULT_LIMIT, CursorParam, LimitParam
from app.core.problems import PROBLEM_JSON
from app.core.schemas import Page
from app.kernel.timefields import MAX_YEAR, MIN_YEAR
from app.kernel.wheel.model import Wheel
from app.kernel.wheel.svg import render
from app.limits.keys import feed_key
from app.limits.ratelimit import check, check_spent
from app.limits.routing import LimitedRoute
from app.wheel import service, views
from app.wheel.cache import bodies
from app.wheel.schemas import (
    DEFAULT_KINDS,
    MAX_SIZE,
    MIN_SIZE,
    CategoryColors,
    CategoryColorsPublic,
    EmbedCreate,
    EmbedCreated,
    EmbedPublic,
    Kind,
    Lang,
    RingKey,
    WheelOptions,
)

router = APIRouter(prefix="/v1", tags=["wheel"], route_class=LimitedRoute)
public_router = APIRouter(tags=["wheel-embed"], route_class=LimitedRoute)
EMBED_PATH = "/wheel/{embed_token}"
DETAILED = ("csv", "xlsx")  # the formats that show each item's partners
EXAMPLE_NETWORK = "0192f3c4-0000-7000-8000-000000000001"


def wheel_query(
    year: Annotated[
        int | None,
        Query(
            ge=MIN_YEAR,
            le=MAX_YEAR - 1,
            description="The wheel year (from `start_month`)",
            examples=[2027],
        ),
    ] = None,
    from_: Annotated[
        str | None,
        Query(
            alias="from",
            max_length=10,
            description="The first month, YYYY-MM; wins over "
            "`year`. Default: the wheel year that holds today",
            examples=["2026-08"],
        ),
    ] = None,
    start_month: Annotated[
        int, Query(ge=1, le=12, description="The month a wheel year starts with (8: a school year)")
    ] = 1,
    rings: Annotated[RingKey, Query(description="What the rings are")] = "category",
    categories: Annotated[
        list[str] | None,
        Query(max_length=100, description="Only these categories (repeat the parameter)"),
    ] = None,
    groups: Annotated[
        list[uuid.UUID] | None, Query(max_length=100, description="Only these groups' events")
    ] = None,
    partners: Annotated[
        list[uuid.UUID] | None, Query(max_length=100, description="Only these partners' items")
    ] = None,
    kinds: Annotated[
        list[Kind] | None,
        Query(max_length=4, description="Only these kinds (default: event, deadline, milestone)"),
    ] = None,
    lang: Annotated[Lang, Query(description="Language of months and words")] = "fi",
    size: Annotated[int, Query(ge=MIN_SIZE, le=MAX_SIZE, description="Diameter in pixels")] = 900,
) -> tuple[WheelOptions, int | None, str | None]:
    try:
        options = WheelOptions(
            rings=rings, categories=[c for c in categories or [] if c.strip()],
            groups=groups or [], partners=partners or [], kinds=kinds or list(DEFAULT_KINDS),
            lang=lang, size=size, start_month=start_month,
        )  # fmt: skip
    except ValidationError as exc:
        error = exc.errors()[0]
        raise ValidationFailed.field(
            str(error["loc"][0]), error["msg"].removeprefix("Value error, "), location="query"
        ) from exc
    return options, year, from_


WheelQuery = Annotated[tuple[WheelOptions, int | None, str | None], Depends(wheel_query)]


def _not_modified(request: Request, etag: str) -> bool:
    sent = request.headers.get("if-none-match")
    if sent is None:
        return False
    tags = {tag.strip().removeprefix("W/") for tag in sent.split(",")}
    return "*" in tags or etag in tags


async def _answer(
    request: Request, session: AsyncSession, principal: Principal, network_id: uuid.UUID,
    query: tuple[WheelOptions, int | None, str | None], fmt: str, media_type: str,
    make: Callable[[Wheel], bytes], *, threaded: bool = False,
) -> Response:  # fmt: skip
    options, year, from_ = query
    network = await service.network_of(session, principal, network_id)
    first = service.first_month(year, from_, options.start_month)
    await service.check_filters(session, principal, network.id, options, "query")
    shown = await service.picture(session, principal, network, options, first, fmt)
    headers = {"ETag": shown.etag, "Cache-Control": "private, no-cache",
               "X-Content-Type-Options": "nosniff"}  # fmt: skip
    if fmt == "html":
        headers["Content-Security-Policy"] = (
            f"default-src 'none'; style-src {views.style_hashes()}; frame-ancestors 'none'; "
            "base-uri 'none'; form-action 'none'"
        )
    if _not_modified(request, shown.etag):
        return Response(status_code=304, headers=headers)
    body = bodies.take((shown.etag, fmt))
    if body is None:
        wheel = await service.draw(
            session, principal, shown, interactive=fmt == "html", details=fmt in DETAILED
        )
        body = await run_in_threadpool(make, wheel) if threaded else make(wheel)
        bodies.keep((shown.etag, fmt), body)
    if fmt in ("csv", "xlsx"):
        headers["Content-Disposition"] = f'attachment; filename="vuosikello-{first:%Y-%m}.{fmt}"'
    return Response(body, media_type=media_type, headers=headers)


def _svg(wheel: Wheel) -> bytes:
    return render(wheel).encode()


FORMATS = {
    "svg": ("image/svg+xml", _svg, False, "The wheel as SVG",
            "One self-contained SVG (no external CSS or fonts): month sectors, ISO weeks, a "
            "ring per `rings` key with lanes for overlapping items, deadlines and milestones "
            "as marks, today's line and a legend. `role=img` with a title and description; "
            "each item has its own `<title>`."),
    "html": ("text/html; charset=utf-8", lambda w: views.page(w, w.title).encode(), False,
             "The wheel as an accessible page",
             "The SVG inline with its text alternative: every item in a table by month. Each "
             "item of the picture links to its row."),
    "png": ("image/png", lambda w: views.to_png(render(w)), True, "The wheel as PNG",
            "The SVG drawn to a PNG of `size` pixels by CairoSVG."),
    "pdf": ("application/pdf", lambda w: views.to_pdf(render(w)), True, "The wheel as PDF",
            "The SVG as a one-page vector PDF (CairoSVG), for printing."),
    "csv": ("text/csv; charset=utf-8", views.to_csv, False, "The year as CSV",
            "Every item of the wheel's year, one row each: month, date, time, ring, title, "
            "kind, status, partner, location (UTF-8 with a byte order mark, for Excel)."),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             views.to_xlsx, True, "The year as an Excel workbook",
             "The CSV's rows in one sheet, dates as dates, with a filter on the header row."),
}  # fmt: skip


def _route(fmt: str) -> None:
    media_type, make, threaded, summary, description = FORMATS[fmt]

    async def endpoint(
        network_id: uuid.UUID, request: Request, session: SessionDep,
        principal: CurrentPrincipal, query: WheelQuery,
    ) -> Response:  # fmt: skip
        return await _answer(
            request, session, principal, network_id, query, fmt, media_type, make,
            threaded=threaded,
        )  # fmt: skip

    router.add_api_route(
        f"/networks/{{network_id}}/wheel.{fmt}",
        endpoint,
        methods=["GET"],
        name=fmt,
        summary=summary,
        description=description
        + f"\n\nExample: `GET /v1/networks/{EXAMPLE_NETWORK}/wheel.{fmt}?year=2027&rings=category"
        "&lang=fi`. Cached with an ETag: send `If-None-Match` to get 304 when nothing changed. "
        "An unknown option or another network's group or partner id is a 422 naming it.",
        response_class=Response,
        responses={
            200: {"content": {media_type.split(";")[0]: {}}, "description": summary},
            304: {"description": "Not modified"},
        },
    )


for _fmt in FORMATS:
    _route(_fmt)


@router.get(
    "/networks/{network_id}/category-colors",
    response_model=CategoryColorsPublic,
    summary="The network's category colours",
    description="The colours the network chose for its categories on the wheel; categories "
    "not listed get the colour-blind-safe default palette (Okabe-Ito).",
    responses={200: {"content": {"application/json": {"example": {
        "network_id": EXAMPLE_NETWORK, "colors": {"Hyvinvointi": "#E69F00"}}}}}},
)  # fmt: skip
async def get_colors(
    network_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> CategoryColorsPublic:
    return await service.get_colors(session, principal, network_id)


@router.put(
    "/networks/{network_id}/category-colors",
    response_model=CategoryColorsPublic,
    summary="Choose the category colours",
    description="Replaces the network's category colours (`#RRGGBB` per category). Example "
    'body: `{"colors": {"Hyvinvointi": "#E69F00", "Talous": "#0072B2"}}`.',
)
async def put_colors(
    network_id: uuid.UUID, body: CategoryColors, session: SessionDep, principal: CurrentPrincipal
) -> CategoryColorsPublic:
    return await service.put_colors(session, principal, network_id, body)


@router.post(
    "/wheel-embeds",
    status_code=status.HTTP_201_CREATED,
    response_model=EmbedCreated,
    summary="Publish the wheel for an intranet page",
    description="Creates a public, secret, revocable page of the wheel for an `<iframe>` on "
    "the intranet origins in `allowed_origins` (every other origin is refused framing). The "
    "answer's `url` holds the token and is shown only this once. Example body: "
    '`{"scope": "network", "network_id": "…", "allowed_origins": ["https://intranet.example.fi"],'
    ' "options": {"rings": "category", "lang": "fi"}}`.',
)
async def create_embed(
    body: EmbedCreate, session: SessionDep, principal: CurrentPrincipal, response: Response
) -> EmbedCreated:
    embed, token = await service.create_embed(session, principal, body)
    response.headers["Location"] = f"/v1/wheel-embeds/{embed.id}"
    response.headers["Cache-Control"] = "no-store"
    url = get_settings().public_url.rstrip("/") + EMBED_PATH.format(embed_token=token)
    return EmbedCreated(**EmbedPublic.model_validate(embed).model_dump(), url=url)


@router.get(
    "/wheel-embeds",
    response_model=Page[EmbedPublic],
    summary="The wheels published from the caller's networks",
    description="Every embedded wheel of the networks the caller can see (or of `network_id` "
    "alone), oldest first, paged with `limit` and `cursor`; never with their tokens (the URL "
    "is shown only at creation). Example: "
    f"`GET /v1/wheel-embeds?network_id={EXAMPLE_NETWORK}&limit=20`.",
)
async def get_embeds(
    session: SessionDep,
    principal: CurrentPrincipal,
    network_id: uuid.UUID | None = None,
    limit: LimitParam = DEFAULT_LIMIT,
    cursor: CursorParam = None,
) -> Page[EmbedPublic]:
    embeds, next_cursor = await service.list_embeds(session, principal, network_id, limit, cursor)
    return Page(data=[views.embed_public(e) for e in embeds], next_cursor=next_cursor)


@router.delete(
    "/wheel-embeds/{embed_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Revoke an embedded wheel",
    description="The page's URL answers 404 from now on. Example: "
    f"`DELETE /v1/wheel-embeds/{EXAMPLE_NETWORK}`.",
)
async def delete_embed(
    embed_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> None:
    await service.delete_embed(session, principal, embed_id)


@public_router.get(
    EMBED_PATH,
    response_class=Response,
    summary="The embedded wheel page",
    description="The wheel and its month-by-month table as one HTML page for an intranet "
    "`<iframe>`: no cookies, no scripts, nothing loaded from elsewhere; framing only by the "
    "embed's allowed origins. The URL is the credential. Example: `GET /wheel/<token>`.",
    responses={
        200: {"content": {"text/html": {}}, "description": "The page"},
        304: {"description": "Not modified"},
        404: {"description": "No such page, or revoked"},
        429: {"description": "Too many requests for this page; see `Retry-After`"},
    },
)
async def page(embed_token: str, request: Request, session: SessionDep) -> Response:
    try:
        # Counted like a feed: only tokens that exist, so invented ones fill no counters.
        key, limit = feed_key("wheel:" + embed_token), get_settings().feed_rate_limit_per_minute
        check_spent(key, limit, "feed")
        embed = await service.embed_by_token(session, embed_token)
        check(key, limit, "feed")
    except (NotFound, TooManyRequests) as exc:
        # Rendered here so the problem's `instance` does not echo the token.
        problem = exc.to_problem(instance=EMBED_PATH)
        return JSONResponse(
            problem, status_code=exc.status, headers=exc.headers, media_type=PROBLEM_JSON
        )
    reader = service.embed_reader(embed)
    network = await service.network_of(session, reader, embed.network_id)
    options = await service.embed_options(session, embed)
    first = service.first_month(None, None, options.start_month)
    shown = await service.picture(session, reader, network, options, first, f"embed:{embed.id}")
    headers = {
        "ETag": shown.etag,
        "Cache-Control": "private, no-cache",
        "Content-Security-Policy": (
            f"default-src 'none'; style-src {views.style_hashes()}; "
            f"frame-ancestors {' '.join(embed.allowed_origins)}; base-uri 'none'; "
            "form-action 'none'"
        ),
        "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff",
    }
    if _not_modified(request, shown.etag):
        return Response(status_code=304, headers=headers)
    body = bodies.take((shown.etag, "embed"))
    if body is None:
        wheel = await service.draw(session, reader, shown, title=embed.name, interactive=True)
        body = bodies.keep((shown.etag, "embed"), views.page(wheel, wheel.title).encode())
    return Response(body, media_type="text/html; charset=utf-8", headers=headers)
