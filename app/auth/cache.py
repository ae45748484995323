"""Principals of the service's own tokens, in memory for at most a second or so.

A request with a cached principal asks the database nothing about its caller. An entry is
keyed by client and credentials version (the token's `credentials_version` claim), so a
rotated secret's tokens never find one. The bound, `VUOSIKELLO_PRINCIPAL_CACHE_SECONDS`
(default 1 s), is how long any replica may go on accepting a token after its client was
disabled, rotated or moved out of a network:

- on the replica (process) that made the change the entries go at once, when its transaction
  commits (`stamps.on_committed`), before the response is sent;
- every change of a client's access bumps the `CREDENTIALS` change stamp in its own
  transaction (app/core/stamps.py); each process reads that one row by primary key at most once
  per bound (as the rate limiter shares its counts, app/limits/ratelimit.py: a batched read of
  a shared row instead of a query per request) and drops every entry when it moved, so the
  other replicas, the CLI's changes and the worker's are seen within the bound;
- an entry is dropped after ten bounds whatever the stamp says (a change made by hand in SQL).

0 turns the cache off: every request loads its client.
"""

import time
import uuid
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from app.auth.models import Client, ClientNetwork, Role
from app.auth.principal import Principal
from app.core import fresh, stamps
from app.core.config import get_settings
from app.core.db.session import get_database
from app.core.errors import Unauthorized

_CLIENTS: sa.Table = Client.__table__  # type: ignore[attr-defined]
_LINKS: sa.Table = ClientNetwork.__table__  # type: ignore[attr-defined]
# The client and its networks in one query, built once.
CLIENT_ACCESS = (
    sa.select(
        _CLIENTS.c.role,
        _CLIENTS.c.disabled,
        _CLIENTS.c.secret_version,
        _CLIENTS.c.oidc_subject,
        _LINKS.c.network_id,
    )
    .select_from(_CLIENTS.outerjoin(_LINKS, _LINKS.c.client_id == _CLIENTS.c.id))
    .where(_CLIENTS.c.id == sa.bindparam("client_id"))
)
CREDENTIALS_STAMP = sa.select(stamps.TABLE.c.stamp).where(
    stamps.TABLE.c.scope_id == stamps.CREDENTIALS
)
_UNKNOWN = -1


@dataclass(frozen=True)
class _Entry:
    principal: Principal
    loaded_at: float


class PrincipalCache:
    def __init__(self) -> None:
        self._entries: dict[tuple[uuid.UUID, int], _Entry] = {}
        self._stamp: int | None = _UNKNOWN
        self._checked_at = float("-inf")
        # Bumped by every clear: a load that began before a clear stores nothing.
        self._generation = 0

    def clear(self) -> None:
        self._entries.clear()
        self._generation += 1

    def committed(self, scopes: frozenset[uuid.UUID]) -> None:
        if stamps.CREDENTIALS in scopes:
            self.clear()

    async def _check_stamp(
        self, connection: AsyncConnection | None, now: float, bound: float
    ) -> None:
        if now - self._checked_at < bound:
            return
        if connection is None:
            # Outside a session: the lookup or the stamp mirror (app/core/fresh.py).
            read = await fresh.current((stamps.CREDENTIALS,))
            if read is None:
                async with get_database().engine.connect() as own:
                    stamp = (await own.execute(CREDENTIALS_STAMP)).scalar()
            else:
                stamp = read[0]
        else:
            stamp = (await connection.execute(CREDENTIALS_STAMP)).scalar()
        if stamp != self._stamp:
            self.clear()
            self._stamp = stamp
        self._checked_at = now

    async def principal(
        self,
        connection: AsyncConnection | None,
        client_id: uuid.UUID,
        credentials_version: int,
    ) -> Principal:
        """The principal of a verified own token, or 401 when its client may not act. Without
        a connection (a read that opens no session) a cached principal costs nothing, and a
        load opens a connection of its own."""
        bound = get_settings().principal_cache_seconds
        now = time.monotonic()
        key = (client_id, credentials_version)
        if bound > 0:
            await self._check_stamp(connection, now, bound)
            entry = self._entries.get(key)
            if entry is not None and now - entry.loaded_at < 10 * bound:
                return entry.principal
        generation = self._generation
        if connection is None:
            async with get_database().engine.connect() as own:
                principal = await load(own, client_id, credentials_version)
        else:
            principal = await load(connection, client_id, credentials_version)
        if bound > 0 and generation == self._generation:
            self._entries[key] = _Entry(principal, now)
        return principal


async def load(
    connection: AsyncConnection, client_id: uuid.UUID, credentials_version: int
) -> Principal:
    rows = (await connection.execute(CLIENT_ACCESS, {"client_id": client_id})).all()
    if not rows or rows[0].disabled or rows[0].oidc_subject is not None:
        raise Unauthorized("The client of this access token is not active")
    if credentials_version != rows[0].secret_version:
        raise Unauthorized(
            "The client's secret was rotated, or the client disabled, after this access token "
            "was issued: get a new token"
        )
    networks = frozenset(r.network_id for r in rows if r.network_id is not None)
    return Principal(client_id=client_id, role=Role(rows[0].role), network_ids=networks)


principals = PrincipalCache()
stamps.on_committed(principals.committed)
