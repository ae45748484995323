"""Access tokens of an external OpenID Connect provider (Microsoft Entra ID, Keycloak, ...):
RS256 only, checked against the provider's published keys, and what they say about the
caller: who it is, its role and its networks. The reason for a refusal never echoes the token."""

import re
import uuid
from dataclasses import dataclass
from typing import Any

from jose import JWTError, jwt

from app.auth.jwks import ALGORITHM, key_set
from app.auth.jwt import decode_claims
from app.auth.models import ROLES_BY_PRIVILEGE, Role
from app.core.config import Settings
from app.core.errors import Forbidden, Unauthorized

REQUIRED_CLAIMS = ("exp", "iss", "aud", "sub")
MAX_SUBJECT_LENGTH = 500
# Claims that may name the caller for admins, best first (users, then applications).
NAME_CLAIMS = ("name", "preferred_username", "app_displayname", "azp", "appid", "client_id")
_SEPARATORS = re.compile(r"[\s,]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class ExternalIdentity:
    subject: str  # "<iss>|<sub>": unique across providers and stable for one caller
    role: Role
    network_ids: frozenset[uuid.UUID]
    display_name: str


def _unverified_claims(token: str) -> dict[str, Any] | None:
    try:
        claims = jwt.get_unverified_claims(token)
    except JWTError:
        return None
    return claims if isinstance(claims, dict) else None


def is_external(settings: Settings, token: str) -> bool:
    """Whether the token claims to come from the configured provider. Only routing: the
    signature, issuer and everything else are checked by `verify`."""
    if not settings.oidc_enabled:
        return False
    claims = _unverified_claims(token)
    return claims is not None and claims.get("iss") == settings.oidc_issuer


async def verify(settings: Settings, token: str) -> ExternalIdentity:
    """The identity in a valid provider token; 401 for any fault, 403 without a known role."""
    try:
        header = jwt.get_unverified_header(token)
    except JWTError as exc:
        raise Unauthorized("The access token is malformed") from exc
    if header.get("alg") != ALGORITHM:
        raise Unauthorized("The access token uses an algorithm this service does not accept")
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid:
        raise Unauthorized("The access token does not name its signing key")
    key = await key_set(settings).get(kid)
    if key is None:
        raise Unauthorized("The access token is signed with a key the provider does not publish")
    options: dict[str, Any] = {f"require_{claim}": True for claim in REQUIRED_CLAIMS}
    options["leeway"] = settings.oidc_leeway_seconds
    claims = decode_claims(
        token,
        key,
        algorithm=ALGORITHM,
        audience=settings.oidc_audience,
        issuer=settings.oidc_issuer,
        options=options,
    )
    sub = claims.get("sub")
    if not isinstance(sub, str) or not sub:
        raise Unauthorized("The access token is not valid")
    subject = f"{claims['iss']}|{sub}"
    if len(subject) > MAX_SUBJECT_LENGTH:
        raise Unauthorized("The access token's subject is too long")
    role = role_of(claim(claims, settings.oidc_role_claim))
    if role is None:
        known = ", ".join(r.value for r in ROLES_BY_PRIVILEGE)
        raise Forbidden(
            f"The access token's `{settings.oidc_role_claim}` claim names no Vuosikello "
            f"role ({known})"
        )
    return ExternalIdentity(
        subject=subject,
        role=role,
        network_ids=network_ids_of(claim(claims, settings.oidc_networks_claim)),
        display_name=display_name(claims),
    )


def claim(claims: dict[str, Any], name: str) -> Any:
    """A claim by name; a dotted name that is not itself a claim walks into nested objects
    (Keycloak's ``realm_access.roles``), while Entra's ``extn.x`` is found as it is."""
    if name in claims:
        return claims[name]
    value: Any = claims
    for part in name.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def _strings(value: Any) -> list[str]:
    """A list claim, or one string of values separated by spaces or commas."""
    if isinstance(value, str):
        return [v for v in _SEPARATORS.split(value) if v]
    if isinstance(value, list):
        return [v.strip() for v in value if isinstance(v, str)]
    return []


def role_of(value: Any) -> Role | None:
    """The most privileged known role the claim names (Entra lists every assigned app role)."""
    named = {v.lower() for v in _strings(value)}
    return next((role for role in ROLES_BY_PRIVILEGE if role.value in named), None)


def network_ids_of(value: Any) -> frozenset[uuid.UUID]:
    """Network ids from the claim; values that are not UUIDs name no network and are dropped."""
    ids = set()
    for item in _strings(value):
        try:
            ids.add(uuid.UUID(item))
        except ValueError:
            continue
    return frozenset(ids)


def display_name(claims: dict[str, Any]) -> str:
    for name in NAME_CLAIMS:
        value = claims.get(name)
        if isinstance(value, str):
            cleaned = _CONTROL.sub("", value).strip()[:200]
            if cleaned:
                return cleaned
    return "OpenID Connect subject"
