"""Whom a limit or an Idempotency-Key belongs to."""

import hashlib

from starlette.requests import Request

from app.audit.context import client_ip
from app.auth.principal import Principal


def client_key(principal: Principal) -> str:
    """One key per authenticated caller: rate limits and idempotency keys are scoped by it.

    Keyed on the verified principal, not the token, so a client's many tokens share one
    budget. Tokens from another issuer only need their own prefix here.
    """
    return f"client:{principal.client_id}"


def feed_key(token: str) -> str:
    # A hash: the shared table must not hold the feed's secret.
    return "feed:" + hashlib.sha256(token.encode()).hexdigest()[:40]


def remote_address(request: Request) -> str:
    """The caller's address, as the audit log names it (X-Forwarded-For only from
    VUOSIKELLO_TRUSTED_PROXIES)."""
    return client_ip(request) or "unknown"
