"""Secret URL tokens (a feed's, a wheel embed's): made once, stored only as their hash."""

import hashlib
import secrets
from typing import TypeVar

from sqlmodel import SQLModel, select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.core.errors import NotFound

TOKEN_BYTES = 24  # 192 bits
MAX_TOKEN_LENGTH = 128

M = TypeVar("M", bound=SQLModel)


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def by_token(session: AsyncSession, model: type[M], token: str, what: str) -> M:
    """The row whose token this is, found by its hash (`token_hash`, a unique index); 404
    "`what` not found" for an implausible, unknown or revoked token alike."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        raise NotFound(f"{what} not found")
    token_hash = getattr(model, "token_hash")  # noqa: B009 - the models with tokens have one
    row = (await session.exec(select(model).where(token_hash == hash_token(token)))).first()
    if row is None:
        raise NotFound(f"{what} not found")
    return row
