"""Client secrets: high-entropy random values, stored only as a keyed hash."""

import hashlib
import hmac
import secrets

SECRET_PREFIX = "vks_"  # noqa: S105 - a public prefix


def new_client_secret() -> str:
    # 256 bits of randomness; the prefix lets secret scanners recognise a leaked one.
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def hash_secret(secret: str) -> str:
    # A fast hash suffices for a 256-bit random secret: nothing to brute-force.
    return hashlib.sha256(secret.encode()).hexdigest()


def verify_secret(secret: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_secret(secret), stored_hash)
