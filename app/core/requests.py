"""Each HTTP request's id, metrics and one structured log line."""

import logging
import re
import time
import uuid
from contextvars import ContextVar

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core import metrics

# A caller's (or the proxy's) X-Request-Id is kept when it looks like an id; anything else
# (too long, spaces, control characters: log injection) is replaced by our own.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:\-]{1,100}")
HEADER = b"x-request-id"

request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
log = logging.getLogger("vuosikello.request")


def current_request_id() -> str | None:
    """The id of the request being handled (None in the worker and the CLI)."""
    return request_id.get()


def _incoming(scope: Scope) -> str | None:
    for name, value in scope.get("headers", ()):
        if name == HEADER:
            text = value.decode("latin-1")
            return text if SANE_REQUEST_ID.fullmatch(text) else None
    return None


class RequestObserver:
    """Gives each request an id (X-Request-Id, in and out), counts it by route template and
    logs one line: id, method, route, status, duration, client id. Never the path or query
    (a feed URL is a credential), never a header's value but the id."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        rid = _incoming(scope) or uuid.uuid4().hex
        token = request_id.set(rid)
        state = scope.setdefault("state", {})
        status = 500  # what the client sees if the app raises before answering

        async def observing_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = [(k, v) for k, v in message.get("headers", []) if k != HEADER]
                message = {**message, "headers": [*headers, (HEADER, rid.encode())]}
            await send(message)

        try:
            await self.app(scope, receive, observing_send)
        finally:
            seconds = time.perf_counter() - started
            route = metrics.route_of(scope)
            method = scope["method"]
            metrics.REQUESTS.labels(method, route, str(status)).inc()
            metrics.REQUEST_SECONDS.labels(method, route).observe(seconds)
            log.info(
                "request",
                extra={
                    "method": method,
                    "route": route,
                    "status": status,
                    "duration_ms": round(seconds * 1000, 2),
                    "client_id": state.get("client_id"),
                },
            )
            request_id.reset(token)
