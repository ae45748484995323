import uuid
from email.utils import format_datetime, parsedate_to_datetime
from typing import TypedDict

from fastapi import APIRouter, Request, Response, status
from fastapi.responses import JSONResponse

from app.auth.deps import CurrentPrincipal
from app.core.config import get_settings
from app.core.db.session import SessionDep, get_database
from app.core.errors import (
    NotFound,
    PayloadTooLarge,
    TooManyRequests,
    UnsupportedMediaType,
    ValidationFailed,
)
from app.core.etag import set_etag
from app.core.problems import PROBLEM_JSON
from app.core.schemas import Page
from app.feeds import service
from app.feeds.cache import Rendered
from app.feeds.models import FeedSubscription
from app.feeds.schemas import FeedCreate, FeedCreated, FeedPublic, ImportReport
from app.flows import calendar_import
from app.limits.keys import feed_key, remote_address
from app.limits.ratelimit import check, check_spent
from app.limits.routing import LimitedRoute

router = APIRouter(prefix="/v1/feeds", tags=["feeds"], route_class=LimitedRoute)
public_router = APIRouter(tags=["ical"], route_class=LimitedRoute)

CALENDAR = "text/calendar; charset=utf-8"
FEED_PATH = "/ical/{feed_token}.ics"


class FeedUrls(TypedDict):
    url: str
    https_url: str
    webcal_url: str


def _urls(token: str) -> FeedUrls:
    url = get_settings().public_url.rstrip("/") + FEED_PATH.format(feed_token=token)
    webcal = "webcal://" + url.split("://", 1)[1]
    return {"url": url, "https_url": url, "webcal_url": webcal}


@router.post("", status_code=status.HTTP_201_CREATED, response_model=FeedCreated)
async def create(
    body: FeedCreate, session: SessionDep, principal: CurrentPrincipal, response: Response
) -> FeedCreated:
    """Subscribe: the answer holds the secret feed URL, shown only this once."""
    feed, token = await service.create(session, principal, body)
    set_etag(response, feed)
    response.headers["Location"] = f"/v1/feeds/{feed.id}"
    response.headers["Cache-Control"] = "no-store"
    return FeedCreated(**FeedPublic.model_validate(feed).model_dump(), **_urls(token))


@router.get("", response_model=Page[FeedPublic])
async def get_all(session: SessionDep, principal: CurrentPrincipal) -> Page[FeedSubscription]:
    """The caller's own feeds, without their tokens."""
    return Page(data=await service.get_all(session, principal), next_cursor=None)


@router.get("/{feed_id}", response_model=FeedPublic)
async def get(
    feed_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal, response: Response
) -> FeedSubscription:
    feed = await service.get(session, principal, feed_id)
    set_etag(response, feed)
    return feed


@router.delete("/{feed_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete(feed_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> None:
    """Revoke: the feed URL answers 404 from now on."""
    feed = await service.get(session, principal, feed_id)
    await service.delete(session, feed)


def _not_modified(request: Request, rendered: Rendered, etags: tuple[str, ...]) -> bool:
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None:
        # Weak comparison (RFC 9110 §13.1.2): W/ prefixes are ignored.
        sent = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return "*" in sent or bool(sent & set(etags))
    since = request.headers.get("if-modified-since")
    if since:
        try:
            return rendered.last_modified <= parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
    return False


def _wants_gzip(request: Request) -> bool:
    for part in request.headers.get("accept-encoding", "").lower().split(","):
        coding, _, params = part.strip().partition(";")
        if coding.strip() == "gzip":
            return params.replace(" ", "") not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
    return False


@public_router.get(
    FEED_PATH,
    response_class=Response,
    responses={
        200: {"content": {"text/calendar": {}}, "description": "The calendar (RFC 5545)"},
        304: {"description": "Not modified"},
        404: {"description": "No such feed, or revoked"},
        429: {"description": "Too many requests for this feed; see `Retry-After`"},
    },
)
async def calendar(feed_token: str, request: Request) -> Response:
    """The iCal feed. The URL is the credential: no Authorization header needed."""
    limit = get_settings().feed_rate_limit_per_minute
    # Unknown tokens are counted per address: an address that has guessed its minute's budget
    # gets 429 for every token (answering a right guess would tell it the guess was right).
    misses = f"feed-miss:{remote_address(request)}"
    try:
        check_spent(misses, limit, "feed")
        # In memory: the warm feed path gains no database round trip. Only feeds that exist
        # are counted per token, so invented tokens cannot fill the counters.
        key = feed_key(feed_token)
        check_spent(key, limit, "feed")
        try:
            # Warm: one lookup and no session; otherwise a read-only session renders it.
            rendered = await service.warm_calendar(feed_token)
            if rendered is None:
                async with get_database().sessionmaker() as session:
                    rendered = await service.calendar(session, feed_token)
        except NotFound:
            check(misses, limit, "feed")
            raise
        check(key, limit, "feed")
    except (NotFound, TooManyRequests) as exc:
        # Rendered here so the problem's `instance` does not echo the token.
        body = exc.to_problem(instance=FEED_PATH)
        return JSONResponse(
            body, status_code=exc.status, headers=exc.headers, media_type=PROBLEM_JSON
        )
    gzip = _wants_gzip(request)
    gz_etag = rendered.etag[:-1] + '-gz"'
    headers = {
        "ETag": gz_etag if gzip else rendered.etag,
        "Last-Modified": format_datetime(rendered.last_modified, usegmt=True),
        # Revalidation is one cheap query; private: the URL is a personal secret.
        "Cache-Control": "private, no-cache",
        "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff",
        "Vary": "Accept-Encoding",
    }
    if _not_modified(request, rendered, (rendered.etag, gz_etag)):
        return Response(status_code=304, headers=headers)
    if gzip:
        headers["Content-Encoding"] = "gzip"
        return Response(rendered.gzipped, media_type=CALENDAR, headers=headers)
    return Response(rendered.body, media_type=CALENDAR, headers=headers)


@public_router.head(
    FEED_PATH,
    response_class=Response,
    name="calendar_head",
    responses={
        200: {"description": "The headers of the calendar, without it"},
        304: {"description": "Not modified"},
        404: {"description": "No such feed, or revoked"},
        429: {"description": "Too many requests for this feed; see `Retry-After`"},
    },
)
async def calendar_head(feed_token: str, request: Request) -> Response:
    """The feed's headers as GET gives them, without the body: calendar clients check for
    changes this way."""
    response = await calendar(feed_token, request)
    # The headers keep GET's Content-Length; the server sends no body for HEAD.
    return Response(status_code=response.status_code, headers=dict(response.headers))


import_router = APIRouter(prefix="/v1/networks", tags=["import"], route_class=LimitedRoute)


@import_router.post(
    "/{network_id}/import",
    response_model=ImportReport,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "text/calendar": {"schema": {"type": "string"}},
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "required": ["file"],
                        "properties": {"file": {"type": "string", "format": "binary"}},
                    }
                },
            },
        }
    },
)
async def import_ics(
    network_id: uuid.UUID, request: Request, session: SessionDep, principal: CurrentPrincipal
) -> ImportReport:
    """Import an .ics file: events are created or updated by UID (a second import updates,
    never duplicates), with a per-item report of what was created, updated or rejected."""
    settings = get_settings()
    max_bytes = settings.max_import_bytes
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "multipart/form-data":
        form = await request.form(max_files=1, max_fields=10)
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise ValidationFailed.field("file", "send the .ics file in the `file` field")
        data = await upload.read(max_bytes + 1)
    elif content_type in ("text/calendar", "application/octet-stream", "text/plain"):
        data = await request.body()
    else:
        raise UnsupportedMediaType("Send text/calendar, or multipart/form-data with `file`")
    if len(data) > max_bytes:
        raise PayloadTooLarge(f"An import may be at most {max_bytes} bytes")
    return await calendar_import.import_calendar(session, principal, network_id, data)
