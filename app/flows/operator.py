"""The operator at the `vuosikello` command: the principal it acts as and its transaction."""

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlmodel.ext.asyncio.session import AsyncSession

from app.audit.context import CLI
from app.audit.service import act_as
from app.auth.models import Role
from app.auth.principal import Principal
from app.core.db.session import get_database

# An admin that is no API client: its changes are audited as the command's.
OPERATOR = Principal(client_id=uuid.UUID(int=0), role=Role.admin, network_ids=frozenset())


@asynccontextmanager
async def operator_session() -> AsyncIterator[AsyncSession]:
    """One command's transaction: the audit log names the operator's command, not a client;
    committed when the block ends without an error; the database is closed afterwards (each
    command opens its own)."""
    database = get_database()
    try:
        async with database.sessionmaker() as session:
            act_as(session, CLI)
            yield session
            await session.commit()
    finally:
        await database.dispose()
