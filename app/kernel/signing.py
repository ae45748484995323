"""Standard Webhooks signing (via the `standardwebhooks` package) and secrets at rest."""

import base64
import hashlib
import secrets
from datetime import datetime

from cryptography.fernet import Fernet
from standardwebhooks.webhooks import Webhook

SECRET_PREFIX = "whsec_"  # noqa: S105 - the Standard Webhooks secret prefix


def new_secret() -> str:
    """A `whsec_` secret: 24 random bytes, base64, as the Standard Webhooks spec suggests."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(24)).decode()


def _fernet(app_secret: str) -> Fernet:
    key = hashlib.sha256(b"vuosikello-webhook-secrets:" + app_secret.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt_secret(app_secret: str, secret: str) -> str:
    return _fernet(app_secret).encrypt(secret.encode()).decode()


def decrypt_secret(app_secret: str, token: str) -> str:
    return _fernet(app_secret).decrypt(token.encode()).decode()


def signature_header(secrets_: list[str], msg_id: str, timestamp: datetime, body: str) -> str:
    """`v1,<sig>` per secret, space-separated: two while a rotated secret is still valid."""
    return " ".join(Webhook(s).sign(msg_id, timestamp, body) for s in secrets_)


def headers(secrets_: list[str], msg_id: str, timestamp: datetime, body: str) -> dict[str, str]:
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(timestamp.timestamp())),
        "webhook-signature": signature_header(secrets_, msg_id, timestamp, body),
        "content-type": "application/cloudevents+json",
        "user-agent": "Vuosikello-Webhooks/1.0",
    }
