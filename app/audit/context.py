"""Who is acting, and from where: bound to the session (the transaction), not to a global."""

import ipaddress
import re
import uuid
from dataclasses import dataclass
from functools import lru_cache

from starlette.requests import Request

from app.auth.principal import Principal
from app.core.config import get_settings
from app.core.requests import current_request_id

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
REQUEST_ID = re.compile(r"[A-Za-z0-9._:\-]{1,100}")


@dataclass(frozen=True)
class Actor:
    actor: str
    client_id: uuid.UUID | None = None
    role: str | None = None
    ip: str | None = None
    user_agent: str | None = None
    request_id: str | None = None


SYSTEM = Actor("system")  # the worker: reminders, deliveries, disabling failing webhooks
CLI = Actor("cli")  # an operator at the `vuosikello` command


def actor_name(principal: Principal) -> str:
    """The one place that names a principal in the log: `client:<uuid>` for the service's own
    clients, `<issuer>|<sub>` for OpenID Connect subjects."""
    return principal.actor


@lru_cache
def _trusted(setting: str) -> tuple[Network, ...]:
    return tuple(
        ipaddress.ip_network(part.strip(), strict=False)
        for part in setting.split(",")
        if part.strip()
    )


def _parse(text: str) -> Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def client_ip(request: Request) -> str | None:
    """The caller's address. X-Forwarded-For is believed only from a trusted proxy
    (VUOSIKELLO_TRUSTED_PROXIES), right to left, up to the first address that is not one."""
    peer = _parse(request.client.host) if request.client else None
    trusted = _trusted(get_settings().trusted_proxies)
    if peer is None or not any(peer in net for net in trusted):
        return str(peer) if peer else None
    hops = request.headers.get("x-forwarded-for", "").split(",")
    for hop in reversed(hops):
        address = _parse(hop)
        if address is None:
            break  # a forged or garbled hop: trust nothing further left
        if not any(address in net for net in trusted):
            return str(address)
    return str(peer)


def from_request(principal: Principal, request: Request) -> Actor:
    request_id = current_request_id() or request.headers.get("x-request-id", "")
    user_agent = request.headers.get("user-agent") or None
    return Actor(
        actor=actor_name(principal),
        client_id=principal.client_id,
        role=principal.role.value,
        ip=client_ip(request),
        user_agent=user_agent[:300] if user_agent else None,
        request_id=request_id if REQUEST_ID.fullmatch(request_id) else None,
    )
