"""The route class every API router uses: authenticated POSTs take an Idempotency-Key."""

from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from fastapi import Depends, Request, Response
from fastapi.dependencies.models import Dependant
from fastapi.dependencies.utils import get_dependant
from fastapi.routing import APIRoute

from app.auth.deps import get_principal
from app.limits import cost, idempotency, ratelimit

Fast = Callable[[Request], Awaitable[Response | None]]
_FAST = "__vuosikello_fast__"


def fast_path(fast: Fast) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Mark an endpoint with a quicker way to the same answer: `fast(request)` runs first and
    answers, or returns None and the endpoint answers as usual (FastAPI's parameters,
    dependencies and serialisation). The route and its OpenAPI stay the endpoint's."""

    def mark(endpoint: Callable[..., Any]) -> Callable[..., Any]:
        setattr(endpoint, _FAST, fast)
        return endpoint

    return mark


def _uses(dependant: Dependant, call: Callable[..., Any]) -> bool:
    return any(d.call is call or _uses(d, call) for d in dependant.dependencies)


def _requires_auth(path: str, endpoint: Callable[..., Any]) -> bool:
    return _uses(get_dependant(path=path, call=endpoint), get_principal)


class LimitedRoute(APIRoute):
    """`APIRouter(route_class=LimitedRoute)`: adds `idempotency.reserve` to every POST that
    requires authentication, and stores its response before the request's transaction
    commits (the handler returns inside FastAPI's function-scoped dependencies); counts the
    rows each request materialises (app/limits/cost.py); runs an endpoint's `fast_path`
    first."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        methods = {m.upper() for m in kwargs.get("methods") or ()}
        self.idempotent = "POST" in methods and _requires_auth(path, endpoint)
        if self.idempotent:
            kwargs["dependencies"] = [
                *(kwargs.get("dependencies") or []),
                Depends(idempotency.reserve),
            ]
        super().__init__(path, endpoint, **kwargs)

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        idempotent = self.idempotent

        async def counted(request: Request) -> Response:
            # Rows the request materialised are charged to the caller's rate limit.
            with cost.counting() as spent:
                response = await handler(request)
                if idempotent:
                    await idempotency.remember(request, response)
            ratelimit.charge_rows(spent)
            return response

        fast: Fast | None = getattr(self.endpoint, _FAST, None)
        if fast is None:
            return counted

        async def quick(request: Request) -> Response:
            # A read writes nothing: no rows to count or charge.
            return await fast(request) or await counted(request)

        return quick
