"""A stand-in OpenID Connect provider for tests: RSA signing keys made in the test, and their
JWKS served by a real HTTP server on loopback that counts the requests it gets."""

import base64
import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from socket import socket
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jose import jwk, jwt

from app.core import clock
from tests.support.api import Api

# The provider as the test suite configures it (tests/conftest.py), shaped like Entra ID.
ISSUER = "https://login.vuosikello.test/3f1c2e0a-0000-4000-8000-000000000001/v2.0"
AUDIENCE = "api://vuosikello-test"
COOLDOWN_SECONDS = 300
JWKS_PATH = "/discovery/v2.0/keys"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def b64json(data: Any) -> str:
    return b64url(json.dumps(data).encode())


def _uint(value: int) -> str:
    return b64url(value.to_bytes((value.bit_length() + 7) // 8, "big"))


@dataclass
class SigningKey:
    """One RSA key pair of the provider, with its key id."""

    kid: str = field(default_factory=lambda: uuid.uuid4().hex)

    def __post_init__(self) -> None:
        private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.private_pem = private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        # Loaded once: loading a private key checks it, which is slow enough to matter.
        self._signer = jwk.construct(self.private_pem.decode(), algorithm="RS256")
        public = private.public_key()
        self.public_pem = public.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        numbers = public.public_numbers()
        # Shaped like an Entra ID key (which adds x5t and x5c).
        self.jwk = {
            "kty": "RSA",
            "use": "sig",
            "kid": self.kid,
            "n": _uint(numbers.n),
            "e": _uint(numbers.e),
        }

    def sign(self, claims: dict[str, Any], *, kid: str | None = None) -> str:
        headers = {"kid": kid or self.kid, "typ": "JWT"}
        return jwt.encode(claims, self._signer, algorithm="RS256", headers=headers)


class JwksServer:
    """Serves `{"keys": [...]}` at JWKS_PATH from a thread; `status` other than 200 fakes an
    outage. `requests` counts the key-set fetches."""

    def __init__(self, sock: socket) -> None:
        self.keys: list[dict[str, Any]] = []
        self.status = 200
        self.delay = 0.0  # seconds before each answer: a slow provider
        self.requests = 0
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                with server._lock:
                    if self.path == JWKS_PATH:
                        server.requests += 1
                    status = server.status if self.path == JWKS_PATH else 404
                    body = json.dumps({"keys": list(server.keys)}).encode()
                time.sleep(server.delay)
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self._httpd = ThreadingHTTPServer(sock.getsockname(), Handler, bind_and_activate=False)
        # The socket was bound when the test session began, so the port stayed ours.
        self._httpd.socket.close()
        self._httpd.socket = sock
        self._thread: threading.Thread | None = None

    def start(self) -> "JwksServer":
        self._httpd.server_activate()
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def publish(self, *keys: SigningKey) -> None:
        with self._lock:
            self.keys = [key.jwk for key in keys]


def provider_claims(
    issuer: str = ISSUER,
    audience: str = AUDIENCE,
    *,
    roles: Any = ("member",),
    networks: Any = (),
    sub: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """Claims shaped like an Entra ID v2.0 access token for our API."""
    now = int(time.time())
    claims: dict[str, Any] = {
        "iss": issuer,
        "aud": audience,
        "sub": sub or uuid.uuid4().hex,
        "iat": now,
        "nbf": now,
        "exp": now + 600,
        "name": "Maija Meikäläinen",
        "preferred_username": "maija.meikalainen@kunta.example",
        "tid": "3f1c2e0a-0000-4000-8000-000000000001",
        "ver": "2.0",
        "roles": list(roles) if isinstance(roles, tuple) else roles,
        "vuosikello_networks": list(networks) if isinstance(networks, tuple) else networks,
    }
    claims.update(extra)
    return {k: v for k, v in claims.items() if v is not None}


def claims(**kw: Any) -> dict[str, Any]:
    """Claims of a token from the suite's provider."""
    return provider_claims(ISSUER, AUDIENCE, **kw)


def bearer(anon: Api, token: str) -> Api:
    return Api(anon.http, token)


class ProviderClock:
    """The app clock (which times the key cache), frozen; it only ever moves forward, across
    tests too."""

    last = datetime.now(UTC)

    def __init__(self) -> None:
        # Days past anything an earlier test saw: the cached keys are old and the cooldown
        # is over, so every test starts with exactly one fetch on its first token.
        self.now = max(datetime.now(UTC), ProviderClock.last) + timedelta(days=2)
        ProviderClock.last = self.now
        clock.set_frozen(self.now)

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)
        ProviderClock.last = self.now
        clock.set_frozen(self.now)
