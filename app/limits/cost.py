"""What one API request materialises (reminder rows), so a write that fans out into many rows
is refused past a cap and costs the client rate-limit tokens in proportion.

`LimitedRoute` opens a `Cost` around each request; the rate-limit check names the caller;
writers add their rows. Outside a request (the worker's horizon job) nothing is counted."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass
class Cost:
    planned: int = 0  # rows the request's items want, checked against the cap
    written: int = 0  # rows it inserted, changed or deleted, charged to the rate limit
    client_key: str | None = None
    limit: int = 0


_current: ContextVar[Cost | None] = ContextVar("vuosikello_request_cost", default=None)


@contextmanager
def counting() -> Iterator[Cost]:
    """Count what the code inside writes (one API request)."""
    cost = Cost()
    token = _current.set(cost)
    try:
        yield cost
    finally:
        _current.reset(token)


def current() -> Cost | None:
    """The running request's cost, or None outside a request."""
    return _current.get()
