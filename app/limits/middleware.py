"""The request body size cap, as a pure ASGI middleware in front of the whole app.

A `Content-Length` over the cap is refused before anything reads the body. A body without
one (chunked) is counted while it streams; the read that crosses the cap raises a 413
`HTTPException`, which FastAPI passes on and the problem handler renders as problem+json.
The iCal import has its own larger cap (`VUOSIKELLO_MAX_IMPORT_BYTES`).
"""

import json
import re
from collections.abc import Awaitable, Callable

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.config import get_settings
from app.core.errors import PayloadTooLarge

IMPORT_PATH = re.compile(r"^/v1/networks/[^/]+/import/?$")
AFTER_RESPONSE = "vuosikello.after_response"  # callbacks run once the response is sent


def body_cap(method: str, path: str) -> int:
    settings = get_settings()
    if method == "POST" and IMPORT_PATH.match(path):
        return settings.max_import_bytes
    return settings.max_request_bytes


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


class _BodyTooLarge(HTTPException):
    def __init__(self, cap: int) -> None:
        super().__init__(413, f"The request body may be at most {cap} bytes")


class LimitsMiddleware:
    """Caps request bodies, and runs `AFTER_RESPONSE` callbacks (idempotency releases)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cap = body_cap(scope["method"], scope["path"])
        length = _content_length(scope)
        if length is not None and length > cap:
            await _refuse(scope, send, cap)
            return
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > cap:
                    raise _BodyTooLarge(cap)
            return message

        callbacks: list[Callable[[], Awaitable[None]]] = []
        scope[AFTER_RESPONSE] = callbacks
        try:
            await self.app(scope, counting_receive, send)
        finally:
            for callback in callbacks:
                await callback()


async def _refuse(scope: Scope, send: Send, cap: int) -> None:
    problem = PayloadTooLarge(f"The request body may be at most {cap} bytes")
    # A feed URL's path is its secret: not echoed.
    instance = "/ical/{feed_token}.ics" if scope["path"].startswith("/ical/") else scope["path"]
    body = json.dumps(problem.to_problem(instance=instance)).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/problem+json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
