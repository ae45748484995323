"""Idempotency-Key on POST (draft-ietf-httpapi-idempotency-key-header).

A client that retries a POST with the same `Idempotency-Key` gets the first response again
(with `Idempotent-Replayed: true`) instead of a second resource. Keys belong to the caller
(`client_key`), so nobody can read another client's response by guessing its key, and are
kept `VUOSIKELLO_IDEMPOTENCY_TTL_HOURS` (24 h); the worker's clean-up job purges the rest.

How the key stays atomic with the write: the record of a key is a row in the request's own
transaction. `reserve` (a dependency of every authenticated POST, see app/limits/routing.py)
runs inside that transaction before the handler: it looks the key up and either replays the
stored response, refuses a different request under the same key (422), or leaves a
reservation on the request. After the handler, `LimitedRoute` hands the finished response to
`remember`, which adds the row to the same session; the session commits only after that
(FastAPI closes function-scoped dependencies after the response is built, before it is
sent). So the change and its key commit together: a rollback or a crash leaves neither, and
a retry simply runs again.

Two requests with the same key at once: on PostgreSQL the first takes a transaction-scoped
advisory lock on the key and the second, finding it taken, gets 409 at once rather than
waiting; once the first has committed its lock is gone and its row is visible, so a later
retry replays. The embedded SQLite server is one process: an in-memory set of keys in
flight does the same, released once the response is sent (after the commit).

The token endpoint takes no key: issuing a token changes nothing worth deduplicating, and
storing its response would keep a bearer token at rest. A response that holds a once-shown
secret (marked `Cache-Control: no-store`: a client's or webhook's secret, a feed's URLs) is
stored without it, and its replay says so in `replay_note`; "shown once" stays true. Stored
bodies are encrypted besides.
"""

import base64
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from typing import Annotated

import sqlalchemy as sa
from cryptography.fernet import Fernet
from fastapi import Header, Request, Response
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.auth.deps import CurrentPrincipal
from app.core import clock
from app.core.config import get_settings
from app.core.db.session import SessionDep
from app.core.errors import Conflict, ValidationFailed
from app.limits.keys import client_key
from app.limits.middleware import AFTER_RESPONSE
from app.limits.models import IdempotencyRecord

HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"
KEPT_HEADERS = ("content-type", "location", "etag", "cache-control")
# Once-shown secrets in first responses, and how to get a new one instead of a replay.
SECRET_FIELDS = {
    "client_secret": "rotate it with POST /v1/clients/{id}/rotate-secret",
    "secret": "rotate it with POST /v1/webhooks/{id}/rotate-secret",
    "url": "delete the feed and create a new one",
    "https_url": "delete the feed and create a new one",
    "webcal_url": "delete the feed and create a new one",
}
_in_flight: set[tuple[str, str]] = set()  # SQLite (one process) only

KeyHeader = Annotated[
    str | None,
    Header(
        alias=HEADER,
        min_length=1,
        max_length=257,
        pattern=r"^[\x20-\x7e]+$",
        description="A unique key per operation (1-255 printable ASCII characters, e.g. a "
        "UUID), optionally quoted. A retry with the same key and body returns the first "
        "response; kept 24 hours.",
        examples=["8e03978e-40d5-43e8-bc93-6894a57f9324"],
    ),
]


@dataclass
class Reservation:
    session: AsyncSession
    client_key: str
    key: str
    method: str
    path: str
    body_sha256: str


class Replay(Exception):
    """Raised before the handler runs: answer with the stored first response. It carries
    copies, since the rollback that follows the raise expires the row."""

    def __init__(self, record: IdempotencyRecord) -> None:
        super().__init__("idempotent replay")
        self.status_code = record.status_code
        self.headers = dict(record.headers)
        self.body_encrypted = record.body_encrypted


@lru_cache
def _fernet(secret_key: str) -> Fernet:
    key = hashlib.sha256(b"vuosikello-idempotency:" + secret_key.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def _parse_key(raw: str) -> str:
    # The draft sends an RFC 8941 string ("..."); a bare token is accepted too.
    key = raw[1:-1] if len(raw) >= 2 and raw[0] == raw[-1] == '"' else raw
    if not 1 <= len(key) <= 255:
        raise ValidationFailed.field(HEADER, "must be 1-255 characters", location="header")
    return key


async def _guard(request: Request, session: AsyncSession, owner: str, key: str) -> None:
    """409 while another request with this key is in flight."""
    busy = Conflict(
        f"A request with this {HEADER} is still being processed; retry when it has finished"
    )
    if get_settings().is_sqlite:
        if (owner, key) in _in_flight:
            raise busy
        _in_flight.add((owner, key))

        async def release() -> None:
            _in_flight.discard((owner, key))

        request.scope.setdefault(AFTER_RESPONSE, []).append(release)
        return
    lock_id = int.from_bytes(
        hashlib.sha256(f"{owner}\0{key}".encode()).digest()[:8], "big", signed=True
    )
    locked = await session.scalar(sa.select(sa.func.pg_try_advisory_xact_lock(lock_id)))
    if not locked:
        raise busy


async def reserve(
    request: Request,
    session: SessionDep,
    principal: CurrentPrincipal,
    idempotency_key: KeyHeader = None,
) -> None:
    """Replay, refuse, or reserve the key for this request (see the module docstring)."""
    if idempotency_key is None:
        return
    key = _parse_key(idempotency_key)
    owner = client_key(principal)
    path = (request.url.path + (f"?{request.url.query}" if request.url.query else ""))[:2000]
    digest = hashlib.sha256(await request.body()).hexdigest()
    await _guard(request, session, owner, key)
    record = await session.get(IdempotencyRecord, (owner, key))
    if record is not None and record.expires_at <= clock.now():
        await session.delete(record)
        await session.flush()
        record = None
    if record is not None:
        if (record.method, record.path) != (request.method, path):
            raise ValidationFailed.field(
                HEADER,
                f"was used for {record.method} {record.path}; use a new key for each operation",
                location="header",
            )
        if record.body_sha256 != digest:
            raise ValidationFailed.field(
                HEADER,
                "was used with a different request body; use a new key for each operation",
                location="header",
            )
        raise Replay(record)
    request.state.idempotency = Reservation(session, owner, key, request.method, path, digest)


def without_secrets(body: bytes) -> bytes:
    """The first response's body as it may be replayed: once-shown secrets left out."""
    try:
        document = json.loads(body)
    except ValueError:
        return body
    if not isinstance(document, dict):
        return body
    # `url` is the secret of a feed (which has a webcal_url), not of a webhook.
    withheld = [
        name
        for name in SECRET_FIELDS
        if name in document and (name != "url" or "webcal_url" in document)
    ]
    if not withheld:
        return body
    for name in withheld:
        document.pop(name)
    hints = sorted({SECRET_FIELDS[name] for name in withheld})
    document["replay_note"] = (
        f"A replay of the first response ({REPLAYED}: true): {', '.join(withheld)} "
        f"was shown only in that response and is not kept; to get a new one, {'; '.join(hints)}"
    )
    return json.dumps(document, separators=(",", ":")).encode()


async def remember(request: Request, response: Response) -> None:
    """Store the response under the reserved key, in the request's transaction."""
    reservation: Reservation | None = getattr(request.state, "idempotency", None)
    if reservation is None or not isinstance(getattr(response, "body", None), bytes):
        return
    now = clock.now()
    settings = get_settings()
    body = bytes(response.body)
    if "no-store" in response.headers.get("cache-control", ""):
        body = without_secrets(body)
    reservation.session.add(
        IdempotencyRecord(
            client_key=reservation.client_key,
            key=reservation.key,
            method=reservation.method,
            path=reservation.path,
            body_sha256=reservation.body_sha256,
            status_code=response.status_code,
            headers={k: response.headers[k] for k in KEPT_HEADERS if k in response.headers},
            body_encrypted=_fernet(settings.secret_key).encrypt(body).decode(),
            created_at=now,
            expires_at=now + timedelta(hours=settings.idempotency_ttl_hours),
        )
    )
    await reservation.session.flush()


def replay_response(replay: Replay) -> Response:
    body = _fernet(get_settings().secret_key).decrypt(replay.body_encrypted.encode())
    return Response(
        content=body,
        status_code=replay.status_code,
        headers={**replay.headers, REPLAYED: "true"},
    )


async def rewrite_bodies(session: AsyncSession, rewrite: Callable[[object], object]) -> int:
    """Pass every stored JSON response body through `rewrite` and store what it returns
    (erasure: a replay must not bring an erased person back); returns the bodies changed.
    The bodies are encrypted, so each is read; a body that is not JSON is dropped whole
    when `rewrite` changes its text."""
    fernet = _fernet(get_settings().secret_key)
    changed = 0
    last: tuple[str, str] | None = None
    while True:
        statement = select(IdempotencyRecord).order_by(
            IdempotencyRecord.client_key, IdempotencyRecord.key
        )
        if last is not None:
            statement = statement.where(
                (IdempotencyRecord.client_key > last[0])
                | ((IdempotencyRecord.client_key == last[0]) & (IdempotencyRecord.key > last[1]))
            )
        records = list((await session.exec(statement.limit(500))).all())
        for record in records:
            body = fernet.decrypt(record.body_encrypted.encode())
            try:
                value = json.loads(body)
            except ValueError:
                if rewrite(body.decode("utf-8", "replace")) != body.decode("utf-8", "replace"):
                    await session.delete(record)
                    changed += 1
                continue
            new = rewrite(value)
            if new != value:
                text_body = json.dumps(new, ensure_ascii=False, separators=(",", ":"))
                record.body_encrypted = fernet.encrypt(text_body.encode()).decode()
                # The stored ETag named the old body.
                record.headers = {k: v for k, v in record.headers.items() if k != "etag"}
                session.add(record)
                changed += 1
        if len(records) < 500:
            return changed
        last = (records[-1].client_key, records[-1].key)


async def purge_expired(session: AsyncSession) -> int:
    """Delete keys past their time (the worker's clean-up job)."""
    result = await session.exec(
        sa.delete(IdempotencyRecord).where(col(IdempotencyRecord.expires_at) <= clock.now())
    )
    return result.rowcount or 0
