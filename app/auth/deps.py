"""Authentication dependencies: bearer token to ``Principal``."""

import uuid
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlmodel import select

from app.audit import context as audit_context
from app.audit.service import act_as
from app.auth.jwt import verify_access_token
from app.auth.models import Client, ClientNetwork, Role
from app.auth.principal import Principal
from app.config import get_settings
from app.db.session import SessionDep
from app.errors import Unauthorized

bearer_scheme = HTTPBearer(auto_error=False, description="Access token from /v1/auth/token")


async def get_principal(
    request: Request,
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
) -> Principal:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthorized("An access token is required", error=None)
    claims = verify_access_token(get_settings(), credentials.credentials)
    try:
        client_id = uuid.UUID(str(claims["sub"]))
    except ValueError as exc:
        raise Unauthorized("The access token is not valid") from exc
    # Role and networks come from the database on every request, so disabling a client or
    # removing a network takes effect at once, not when its tokens expire.
    client = await session.get(Client, client_id)
    if client is None or client.disabled:
        raise Unauthorized("The client of this access token is not active")
    rows = await session.exec(
        select(ClientNetwork.network_id).where(ClientNetwork.client_id == client_id)
    )
    principal = Principal(
        client_id=client.id, role=Role(client.role), network_ids=frozenset(rows.all())
    )
    # Everything this request's transaction writes is logged as this caller's doing.
    act_as(session, audit_context.from_request(principal, request))
    return principal


CurrentPrincipal = Annotated[Principal, Depends(get_principal)]
