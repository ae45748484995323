"""API clients and the client-credentials grant."""

import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col, select
from sqlmodel import delete as sql_delete
from sqlmodel.ext.asyncio.session import AsyncSession

from app.audit.service import record
from app.auth.jwt import IssuedToken, issue_access_token
from app.auth.models import Client, ClientNetwork, Role
from app.auth.oidc import ExternalIdentity
from app.auth.secrets import hash_secret, new_client_secret, verify_secret
from app.core import stamps
from app.core.config import get_settings
from app.core.crud import apply_changes, get_or_404
from app.core.db.dialect import is_postgresql
from app.core.db.types import utcnow, uuid7
from app.core.errors import Conflict, InvalidClient, ValidationFailed
from app.core.pagination import paginate
from app.networks.models import Network

# Not a SHA-256 hex digest, so no secret ever matches it: shadow clients have no secret.
NO_SECRET = "!"  # noqa: S105 - matches no secret


async def network_ids_of(session: AsyncSession, client_id: uuid.UUID) -> list[uuid.UUID]:
    rows = await session.exec(
        select(ClientNetwork.network_id).where(ClientNetwork.client_id == client_id)
    )
    return sorted(rows.all())


async def _set_networks(
    session: AsyncSession, client: Client, network_ids: list[uuid.UUID]
) -> None:
    for network_id in set(network_ids):
        if await session.get(Network, network_id) is None:
            raise ValidationFailed.field("network_ids", f"network {network_id} does not exist")
    await session.exec(sql_delete(ClientNetwork).where(col(ClientNetwork.client_id) == client.id))
    session.add_all(ClientNetwork(client_id=client.id, network_id=n) for n in set(network_ids))


async def create(
    session: AsyncSession, *, name: str, role: Role, network_ids: list[uuid.UUID]
) -> tuple[Client, str]:
    """Create a client; the secret is returned once and only its hash is kept."""
    if role is not Role.admin and not network_ids:
        raise ValidationFailed.field("network_ids", f"a {role.value} client needs a network")
    secret = new_client_secret()
    client = Client(name=name, role=role, secret_hash=hash_secret(secret))
    session.add(client)
    await session.flush()
    await _set_networks(session, client, network_ids)
    await session.flush()
    record(
        session, action="create", resource_type="client", resource_id=client.id,
        subject=f"/v1/clients/{client.id}", fields=["name", "role", "network_ids"],
    )  # fmt: skip
    return client, secret


async def get(session: AsyncSession, client_id: uuid.UUID) -> Client:
    return await get_or_404(session, Client, client_id, "Client")


async def get_all(
    session: AsyncSession, *, limit: int, cursor: str | None, oidc_subject: str | None = None
) -> tuple[list[Client], str | None]:
    query = select(Client)
    if oidc_subject is not None:
        query = query.where(Client.oidc_subject == oidc_subject)
    return await paginate(session, query, id_column=Client.id, limit=limit, cursor=cursor)


async def update(
    session: AsyncSession,
    client: Client,
    *,
    changes: dict[str, Any],
) -> list[str]:
    network_ids = changes.pop("network_ids", None)
    if network_ids is not None and client.oidc_subject is not None:
        raise ValidationFailed.field(
            "network_ids", "an OpenID Connect subject's networks come from its access token"
        )
    was_disabled = client.disabled
    changed = apply_changes(client, changes)
    if client.disabled and not was_disabled:
        # Like a rotation: every token issued before the disable stays dead after an enable.
        client.secret_version += 1
    if network_ids is not None and set(network_ids) != set(
        await network_ids_of(session, client.id)
    ):
        await _set_networks(session, client, network_ids)
        client.touch()
        changed.append("network_ids")
    await session.flush()
    if changed:
        # Cached principals (app/auth/cache.py) of this client go within the bound.
        stamps.touch(session, stamps.CREDENTIALS)
        record(
            session, action="update", resource_type="client", resource_id=client.id,
            subject=f"/v1/clients/{client.id}", fields=changed,
        )  # fmt: skip
    return changed


async def issue_token(session: AsyncSession, client_id: str, client_secret: str) -> IssuedToken:
    """OAuth2 client credentials (RFC 6749 §4.4). Every failure looks the same to the caller."""
    try:
        parsed_id = uuid.UUID(client_id)
    except ValueError:
        parsed_id = None
    client = await session.get(Client, parsed_id) if parsed_id else None
    if (
        client is None
        or client.disabled
        or client.oidc_subject is not None
        or not verify_secret(client_secret, client.secret_hash)
    ):
        raise InvalidClient("Unknown client or wrong secret")
    return issue_access_token(
        get_settings(),
        subject=str(client.id),
        role=client.role,
        secret_version=client.secret_version,
    )


async def rotate_secret(session: AsyncSession, client: Client) -> str:
    """Give the client a new secret (returned once). The old secret stops getting tokens and
    the tokens issued with it stop working, both at once."""
    if client.oidc_subject is not None:
        raise Conflict("An OpenID Connect subject has no secret to rotate")
    secret = new_client_secret()
    client.secret_hash = hash_secret(secret)
    client.secret_version += 1
    client.touch()
    await session.flush()
    stamps.touch(session, stamps.CREDENTIALS)
    record(
        session, action="rotate", resource_type="client", resource_id=client.id,
        subject=f"/v1/clients/{client.id}", fields=["secret"],
    )  # fmt: skip
    return secret


async def client_for_subject(session: AsyncSession, identity: ExternalIdentity) -> Client:
    """The shadow client of an external subject, created on first sight. Its role column
    follows the latest token (for admins listing clients); access uses the token's claims."""
    query = select(Client).where(Client.oidc_subject == identity.subject)
    client = (await session.exec(query)).first()
    if client is None:
        await _insert_shadow(session, identity)
        client = (await session.exec(query)).one()
    elif client.role != identity.role:
        # A plain UPDATE, not a versioned one: two requests noticing the same change must not
        # fail each other with a stale-version error.
        await session.exec(
            sa.update(Client)
            .where(col(Client.id) == client.id)
            .values(role=identity.role.value, version=Client.version + 1, updated_at=utcnow())
        )
        await session.refresh(client)
    return client


async def _insert_shadow(session: AsyncSession, identity: ExternalIdentity) -> None:
    # ON CONFLICT DO NOTHING: two first requests of one subject at once create one row.
    insert = postgresql.insert if is_postgresql(session) else sqlite.insert
    now = utcnow()
    statement = (
        insert(Client)
        .values(
            id=uuid7(),
            created_at=now,
            updated_at=now,
            version=1,
            name=identity.display_name,
            role=identity.role.value,
            secret_hash=NO_SECRET,
            secret_version=1,
            disabled=False,
            oidc_subject=identity.subject,
        )
        .on_conflict_do_nothing(index_elements=["oidc_subject"])
    )
    await session.exec(statement)
