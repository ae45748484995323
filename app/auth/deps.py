"""Authentication dependencies: bearer token to ``Principal``.

Two kinds of token are accepted: the service's own (HS256, from /v1/auth/token) and, when
configured, an external OpenID Connect provider's (RS256); the token's issuer tells them apart.
"""

import uuid
from typing import Annotated

from fastapi import Depends, Request, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.security.utils import get_authorization_scheme_param
from sqlmodel.ext.asyncio.session import AsyncSession

from app.audit.context import from_request
from app.audit.service import act_as
from app.auth import oidc, service
from app.auth.cache import principals
from app.auth.jwt import CREDENTIALS_VERSION_CLAIM, verify_access_token
from app.auth.principal import Principal
from app.core.config import Settings, get_settings
from app.core.db.session import SessionDep, get_database
from app.core.errors import Unauthorized
from app.limits.keys import client_key
from app.limits.ratelimit import check

bearer_scheme = HTTPBearer(
    auto_error=False,
    description="Access token from /v1/auth/token, or from the configured OpenID Connect "
    "provider (for example Microsoft Entra ID)",
)


async def get_principal(
    request: Request,
    session: SessionDep,
    response: Response,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
) -> Principal:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthorized("An access token is required", error=None)
    settings = get_settings()
    if oidc.is_external(settings, credentials.credentials):
        principal = await _external_principal(session, settings, credentials.credentials)
    else:
        principal = await _own_principal(session, settings, credentials.credentials)
    # One budget per caller, whichever issuer signed its token.
    decision = check(client_key(principal), settings.rate_limit_per_minute, "client")
    if decision is not None:
        response.headers.update(decision.headers())
    # Everything this request's transaction writes is logged as this caller's doing.
    act_as(session, from_request(principal, request))
    request.state.client_id = str(principal.client_id)  # for the request's log line
    return principal


async def get_reader(
    request: Request,
    response: Response,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
) -> Principal:
    """`get_principal` for reads that open no session (a cached view answers them): the same
    checks and answers. A cached principal asks the database nothing; an external token's
    caller is found, or its shadow client made, in a transaction of its own."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthorized("An access token is required", error=None)
    settings = get_settings()
    if oidc.is_external(settings, credentials.credentials):
        async with get_database().sessionmaker() as session:
            principal = await _external_principal(session, settings, credentials.credentials)
            act_as(session, from_request(principal, request))
            await session.commit()
    else:
        principal = await _own_principal(None, settings, credentials.credentials)
    decision = check(client_key(principal), settings.rate_limit_per_minute, "client")
    if decision is not None:
        response.headers.update(decision.headers())
    request.state.client_id = str(principal.client_id)
    return principal


async def cached_reader(request: Request) -> Principal | None:
    """`get_reader` without FastAPI's dependency machinery, for the answers of the view
    caches: the caller of an own token that may act; None whenever `get_reader` itself must
    answer (no token, another scheme, an external token, a token or client that is refused),
    so that every refusal is the usual one. Before answering, `admit` the caller."""
    scheme, token = get_authorization_scheme_param(request.headers.get("authorization"))
    if not token or scheme.lower() != "bearer":
        return None
    settings = get_settings()
    if oidc.is_external(settings, token):
        return None
    try:
        return await _own_principal(None, settings, token)
    except Unauthorized:
        return None


def admit(request: Request, principal: Principal) -> list[tuple[bytes, bytes]]:
    """What `get_reader` does once it knows the caller: count the request against the
    caller's rate limit (429 past it) and name the caller for the log line; the rate-limit
    headers to send."""
    decision = check(client_key(principal), get_settings().rate_limit_per_minute, "client")
    request.state.client_id = str(principal.client_id)
    if decision is None:
        return []
    return [(k.lower().encode(), v.encode()) for k, v in decision.headers().items()]


async def _own_principal(session: AsyncSession | None, settings: Settings, token: str) -> Principal:
    claims = verify_access_token(settings, token)
    try:
        client_id = uuid.UUID(str(claims["sub"]))
    except ValueError as exc:
        raise Unauthorized("The access token is not valid") from exc
    # Tokens from before the claim existed carry none: they belong to the first secret.
    secret_version = claims.get(CREDENTIALS_VERSION_CLAIM, 1)
    if type(secret_version) is not int:
        raise Unauthorized("The access token is not valid")
    # Role and networks come from the database, cached for at most the bound of
    # app/auth/cache.py: disabling a client, rotating its secret or removing a network takes
    # effect within it (at once on this replica), not when its tokens expire.
    connection = None if session is None else await session.connection()
    return await principals.principal(connection, client_id, secret_version)


async def _external_principal(session: AsyncSession, settings: Settings, token: str) -> Principal:
    # Role and networks come from the token's claims on every request; the shadow client row
    # gives the subject an id (ownership, audit) and lets an admin disable it at once.
    identity = await oidc.verify(settings, token)
    client = await service.client_for_subject(session, identity)
    if client.disabled:
        raise Unauthorized("The client of this access token is not active")
    return Principal(
        client_id=client.id,
        role=identity.role,
        network_ids=identity.network_ids,
        external_subject=identity.subject,
    )


CurrentPrincipal = Annotated[Principal, Depends(get_principal)]
ReaderPrincipal = Annotated[Principal, Depends(get_reader)]
