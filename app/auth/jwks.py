"""The signing keys of the external OpenID Connect provider (a JWKS document, RFC 7517):
fetched with httpx, cached, and refetched on an unknown key id at most once per cooldown, so
a burst of tokens with made-up key ids costs the provider one request, not one each."""

import asyncio
import json
import logging
from datetime import datetime
from typing import Any

import httpx
from jose import jwk
from jose.backends.base import Key
from jose.exceptions import JWKError

from app.core import clock
from app.core.config import Settings

logger = logging.getLogger("vuosikello")

ALGORITHM = "RS256"
# A provider's key set is a few kilobytes; anything much larger is not one.
MAX_JWKS_BYTES = 512 * 1024


class JwksError(Exception):
    """The key set could not be fetched or read."""


def parse_jwks(document: bytes) -> dict[str, Key]:
    """RSA signing keys by key id; keys of other kinds or uses are skipped."""
    try:
        data = json.loads(document)
    except ValueError as exc:
        raise JwksError("the key set is not JSON") from exc
    if not isinstance(data, dict) or not isinstance(data.get("keys"), list):
        raise JwksError("the key set has no `keys` list")
    keys: dict[str, Key] = {}
    for entry in data["keys"]:
        if not _is_rsa_signing_key(entry):
            continue
        try:
            keys[entry["kid"]] = jwk.construct(entry, algorithm=ALGORITHM)
        except (JWKError, ValueError, TypeError):
            continue  # one broken key must not hide the others
    return keys


def _is_rsa_signing_key(entry: Any) -> bool:
    return (
        isinstance(entry, dict)
        and entry.get("kty") == "RSA"
        and entry.get("use", "sig") == "sig"
        and entry.get("alg", ALGORITHM) == ALGORITHM
        and isinstance(entry.get("kid"), str)
        and bool(entry["kid"])
    )


class KeySet:
    """One provider's keys, shared by every request of the process."""

    def __init__(self, url: str, *, cooldown: float, max_age: float, timeout: float) -> None:
        self.url = url
        self.cooldown = cooldown
        self.max_age = max_age
        self.timeout = timeout
        self._keys: dict[str, Key] = {}
        self._fetched_at: datetime | None = None
        self._attempted_at: datetime | None = None
        self._lock = asyncio.Lock()

    async def get(self, kid: str) -> Key | None:
        """The key with this id, fetching the set when it is unknown or old (and allowed)."""
        known = self._keys.get(kid)
        # While another request refreshes old keys, a known key need not wait for it.
        if known is not None and (not self._stale() or self._lock.locked()):
            return known
        # Requests that arrive during a fetch wait for it: it may bring their key.
        async with self._lock:
            if (kid not in self._keys or self._stale()) and self._may_fetch():
                await self._fetch()
        # A failed refresh keeps the old keys: the provider being down must not lock users out.
        return self._keys.get(kid)

    def _since(self, instant: datetime | None) -> float | None:
        if instant is None:
            return None
        elapsed = (clock.now() - instant).total_seconds()
        # A clock that went backwards must not block fetching for the time it jumped.
        return elapsed if elapsed >= 0 else None

    def _stale(self) -> bool:
        age = self._since(self._fetched_at)
        return age is None or age >= self.max_age

    def _may_fetch(self) -> bool:
        elapsed = self._since(self._attempted_at)
        return elapsed is None or elapsed >= self.cooldown

    async def _fetch(self) -> None:
        self._attempted_at = clock.now()
        try:
            document = await self._download()
            keys = parse_jwks(document)
        except (httpx.HTTPError, JwksError) as exc:
            logger.warning("could not fetch the OpenID Connect keys from %s: %s", self.url, exc)
            return
        # Replaced, not merged: a key the provider withdrew stops working.
        self._keys = keys
        self._fetched_at = clock.now()
        logger.info("fetched %d OpenID Connect signing keys from %s", len(keys), self.url)

    async def _download(self) -> bytes:
        async with (
            httpx.AsyncClient(timeout=self.timeout, follow_redirects=False) as client,
            client.stream("GET", self.url, headers={"Accept": "application/json"}) as response,
        ):
            if response.status_code != 200:
                raise JwksError(f"HTTP {response.status_code}")
            body = bytearray()
            async for chunk in response.aiter_bytes():
                body += chunk
                if len(body) > MAX_JWKS_BYTES:
                    raise JwksError("the key set is too large")
            return bytes(body)


_key_sets: dict[tuple[str, float, float, float], KeySet] = {}


def key_set(settings: Settings) -> KeySet:
    """The process-wide key set for the configured provider."""
    assert settings.oidc_jwks_url is not None
    config = (
        settings.oidc_jwks_url,
        settings.oidc_jwks_cooldown_seconds,
        settings.oidc_jwks_max_age_seconds,
        settings.oidc_jwks_timeout_seconds,
    )
    if config not in _key_sets:
        url, cooldown, max_age, timeout = config
        _key_sets[config] = KeySet(url, cooldown=cooldown, max_age=max_age, timeout=timeout)
    return _key_sets[config]
