"""All JWT code: issuing and verifying the service's own access tokens (RFC 8725 minded)."""

import time
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from jose import JWTError, jwt
from jose.exceptions import ExpiredSignatureError

from app.core.config import Settings
from app.core.db.types import utcnow
from app.core.errors import Unauthorized

# Pinned: a token never chooses its own algorithm.
ALGORITHM = "HS256"
REQUIRED_CLAIMS = ("exp", "iat", "iss", "aud", "sub")
CREDENTIALS_VERSION_CLAIM = "credentials_version"
# Replicas' clocks may differ a little; a token from further ahead was not issued by us.
IAT_LEEWAY_SECONDS = 30
# Tokens verified lately, by the token itself: their claims, and what they were checked with.
# A hit costs a dict lookup instead of the signature and the claim checks (about 0.2 ms); the
# client behind the token is still checked on every request (app/auth/cache.py).
_VERIFIED: dict[str, tuple[str, str, str, dict[str, Any]]] = {}
VERIFIED_AT_MOST = 4096


@dataclass(frozen=True)
class IssuedToken:
    access_token: str
    expires_in: int


def issue_access_token(
    settings: Settings, *, subject: str, role: str, secret_version: int
) -> IssuedToken:
    now = utcnow()
    ttl = settings.access_token_ttl_seconds
    claims = {
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "sub": subject,
        "iat": int(now.timestamp()),
        "nbf": int(now.timestamp()),
        "exp": int((now + timedelta(seconds=ttl)).timestamp()),
        "jti": uuid.uuid4().hex,
        "role": role,
        # Rotating the client's secret bumps its version: tokens of the old secret stop working.
        CREDENTIALS_VERSION_CLAIM: secret_version,
    }
    token = jwt.encode(claims, settings.secret_key, algorithm=ALGORITHM, headers={"typ": "at+jwt"})
    return IssuedToken(access_token=token, expires_in=ttl)


def verify_access_token(settings: Settings, token: str) -> dict[str, Any]:
    """Return the claims of a valid token or raise 401; the reason never echoes the token."""
    known = _VERIFIED.get(token)
    if known is not None:
        secret, audience, issuer, claims = known
        # The checks that time or settings can change; otherwise verified once is verified.
        # (python-jose compares `exp` and `nbf` with the system clock in whole seconds.)
        now = int(time.time())
        if (
            secret == settings.secret_key
            and audience == settings.jwt_audience
            and issuer == settings.jwt_issuer
            and claims["exp"] >= now
            and claims.get("nbf", now) <= now
            and claims["iat"] <= utcnow().timestamp() + IAT_LEEWAY_SECONDS
        ):
            return claims
        del _VERIFIED[token]  # verified again below: it answers what is wrong now
    claims = _verify(settings, token)
    if len(_VERIFIED) >= VERIFIED_AT_MOST:
        del _VERIFIED[next(iter(_VERIFIED))]  # the oldest
    _VERIFIED[token] = (settings.secret_key, settings.jwt_audience, settings.jwt_issuer, claims)
    return claims


def _verify(settings: Settings, token: str) -> dict[str, Any]:
    try:
        header = jwt.get_unverified_header(token)
    except JWTError as exc:
        raise Unauthorized("The access token is malformed") from exc
    if header.get("alg") != ALGORITHM:
        raise Unauthorized("The access token uses an algorithm this service does not accept")
    if "crit" in header:
        # RFC 7515 §4.1.11: extensions the service does not understand make the token invalid.
        raise Unauthorized("The access token names critical header extensions (crit)")
    options: dict[str, Any] = {f"require_{claim}": True for claim in REQUIRED_CLAIMS}
    claims = decode_claims(
        token,
        settings.secret_key,
        algorithm=ALGORITHM,
        audience=settings.jwt_audience,
        issuer=settings.jwt_issuer,
        options=options,
    )
    issued_at = claims["iat"]
    if type(issued_at) not in (int, float) or issued_at > utcnow().timestamp() + IAT_LEEWAY_SECONDS:
        raise Unauthorized("The access token was issued in the future (iat)")
    return claims


def decode_claims(
    token: str,
    key: Any,
    *,
    algorithm: str,
    audience: str | None,
    issuer: str | None,
    options: dict[str, Any],
) -> dict[str, Any]:
    """A token's verified claims, or 401 saying whether it expired or is not valid at all."""
    try:
        return jwt.decode(
            token, key, algorithms=[algorithm], audience=audience, issuer=issuer, options=options
        )
    except ExpiredSignatureError as exc:
        raise Unauthorized("The access token has expired") from exc
    except JWTError as exc:
        raise Unauthorized("The access token is not valid") from exc
