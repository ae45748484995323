import base64
import binascii
import hashlib
import uuid
from typing import Annotated
from urllib.parse import unquote_plus

from fastapi import APIRouter, Form, Header, Query, Request, Response, status

from app.auth import service
from app.auth.deps import CurrentPrincipal
from app.auth.models import Client
from app.auth.schemas import (
    ClientCreate,
    ClientCreated,
    ClientPublic,
    ClientSecretRotated,
    ClientUpdate,
    TokenResponse,
)
from app.core.config import get_settings
from app.core.db.session import SessionDep
from app.core.errors import BadRequest, InvalidClient
from app.core.etag import IfMatchHeader, check_if_match, set_etag
from app.core.pagination import DEFAULT_LIMIT, CursorParam, LimitParam
from app.core.schemas import Page
from app.limits.keys import remote_address
from app.limits.ratelimit import check
from app.limits.routing import LimitedRoute

router = APIRouter(prefix="/v1", route_class=LimitedRoute)


def _basic_credentials(authorization: str | None) -> tuple[str, str] | None:
    if not authorization or not authorization.lower().startswith("basic "):
        return None
    try:
        decoded = base64.b64decode(authorization[6:].strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError) as exc:
        raise InvalidClient("Malformed Basic credentials") from exc
    client_id, sep, secret = decoded.partition(":")
    if not sep:
        raise InvalidClient("Malformed Basic credentials")
    # RFC 6749 §2.3.1: both parts are form-urlencoded before they are joined.
    return unquote_plus(client_id), unquote_plus(secret)


def _missing_grant_type(request: Request) -> str:
    if "json" in request.headers.get("content-type", "").lower():
        return (
            "The token request is read as a form, not JSON: send it with Content-Type: "
            "application/x-www-form-urlencoded and the fields grant_type=client_credentials, "
            "client_id and client_secret (in Postman: Body > x-www-form-urlencoded)"
        )
    return "grant_type is required: send grant_type=client_credentials"


@router.post("/auth/token", response_model=TokenResponse, tags=["auth"], name="token")
async def token(
    session: SessionDep,
    request: Request,
    response: Response,
    grant_type: Annotated[str | None, Form(max_length=100, examples=["client_credentials"])] = None,
    client_id: Annotated[str | None, Form(max_length=100)] = None,
    client_secret: Annotated[str | None, Form(max_length=200)] = None,
    authorization: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> TokenResponse:
    """OAuth2 client credentials grant: form fields, or HTTP Basic as RFC 6749 prefers."""
    if grant_type is None:
        # OAuth's own error (RFC 6749 §5.2), not a 422: token clients read `error`.
        raise BadRequest(_missing_grant_type(request), error="invalid_request")
    if grant_type != "client_credentials":
        raise BadRequest(
            "Only grant_type=client_credentials is supported", error="unsupported_grant_type"
        )
    basic = _basic_credentials(authorization)
    if basic is not None:
        client_id, client_secret = basic
    if not client_id or not client_secret:
        raise InvalidClient("client_id and client_secret are required")
    # Guessing secrets is slow work: per address and per client_id, before any check.
    limit = get_settings().token_rate_limit_per_minute
    check(f"token-ip:{remote_address(request)}", limit, "token")
    check(f"token-client:{hashlib.sha256(client_id.encode()).hexdigest()[:40]}", limit, "token")
    issued = await service.issue_token(session, client_id, client_secret)
    response.headers["Cache-Control"] = "no-store"
    return TokenResponse(access_token=issued.access_token, expires_in=issued.expires_in)


async def _public(session: SessionDep, client: Client) -> ClientPublic:
    # Field by field: nothing of the row (its secret hash above all) slips out by accident.
    return ClientPublic(
        id=client.id,
        created_at=client.created_at,
        updated_at=client.updated_at,
        name=client.name,
        role=client.role,
        disabled=client.disabled,
        network_ids=await service.network_ids_of(session, client.id),
        oidc_subject=client.oidc_subject,
    )


@router.post(
    "/clients",
    status_code=status.HTTP_201_CREATED,
    response_model=ClientCreated,
    tags=["clients"],
    name="create",
)
async def create_client(
    body: ClientCreate, session: SessionDep, principal: CurrentPrincipal, response: Response
) -> ClientCreated:
    """Create an API client (admin only). The secret is shown once, in this response."""
    principal.ensure_admin()
    client, secret = await service.create(
        session, name=body.name, role=body.role, network_ids=body.network_ids
    )
    public = await _public(session, client)
    set_etag(response, client)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Location"] = f"/v1/clients/{client.id}"
    return ClientCreated(**public.model_dump(), client_id=client.id, client_secret=secret)


@router.get(
    "/clients",
    response_model=Page[ClientPublic],
    tags=["clients"],
    name="get_all",
)
async def get_all_clients(
    session: SessionDep,
    principal: CurrentPrincipal,
    limit: LimitParam = DEFAULT_LIMIT,
    cursor: CursorParam = None,
    oidc_subject: Annotated[
        str | None,
        Query(max_length=500, description="Only the client of this `<issuer>|<sub>`"),
    ] = None,
) -> Page[ClientPublic]:
    principal.ensure_admin()
    rows, next_cursor = await service.get_all(
        session, limit=limit, cursor=cursor, oidc_subject=oidc_subject
    )
    return Page(data=[await _public(session, c) for c in rows], next_cursor=next_cursor)


@router.get(
    "/clients/{client_id}",
    response_model=ClientPublic,
    tags=["clients"],
    name="get",
)
async def get_client(
    client_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal, response: Response
) -> ClientPublic:
    principal.ensure_admin()
    client = await service.get(session, client_id)
    set_etag(response, client)
    return await _public(session, client)


@router.patch(
    "/clients/{client_id}",
    response_model=ClientPublic,
    tags=["clients"],
    name="update",
)
async def update_client(
    client_id: uuid.UUID,
    body: ClientUpdate,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
    if_match: IfMatchHeader = None,
) -> ClientPublic:
    """Rename or disable a client, or change its networks; a disabled client's tokens stop
    working at once."""
    principal.ensure_admin()
    client = await service.get(session, client_id)
    check_if_match(if_match, client)
    await service.update(session, client, changes=body.model_dump(exclude_unset=True))
    set_etag(response, client)
    return await _public(session, client)


@router.post(
    "/clients/{client_id}/rotate-secret",
    response_model=ClientSecretRotated,
    tags=["clients"],
    name="rotate_secret",
)
async def rotate_client_secret(
    client_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal, response: Response
) -> ClientSecretRotated:
    """Give a client a new secret (admin only), shown once in this response. The old secret
    stops getting tokens and the tokens issued before stop working, both at once."""
    principal.ensure_admin()
    client = await service.get(session, client_id)
    secret = await service.rotate_secret(session, client)
    public = await _public(session, client)
    set_etag(response, client)
    response.headers["Cache-Control"] = "no-store"
    return ClientSecretRotated(**public.model_dump(), client_id=client.id, client_secret=secret)
