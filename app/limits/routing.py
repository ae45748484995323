"""The route class every API router uses: authenticated POSTs take an Idempotency-Key."""

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Depends, Request, Response
from fastapi.dependencies.models import Dependant
from fastapi.dependencies.utils import get_dependant
from fastapi.routing import APIRoute

from app.auth.deps import get_principal
from app.limits import cost, idempotency, ratelimit


def _uses(dependant: Dependant, call: Callable[..., Any]) -> bool:
    return any(d.call is call or _uses(d, call) for d in dependant.dependencies)


def _requires_auth(path: str, endpoint: Callable[..., Any]) -> bool:
    return _uses(get_dependant(path=path, call=endpoint), get_principal)


class LimitedRoute(APIRoute):
    """`APIRouter(route_class=LimitedRoute)`: adds `idempotency.reserve` to every POST that
    requires authentication, and stores its response before the request's transaction
    commits (the handler returns inside FastAPI's function-scoped dependencies); counts the
    rows each request materialises (app/limits/cost.py)."""

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

        return counted
