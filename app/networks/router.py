from typing import Any

from fastapi import APIRouter, Request, Response
from pydantic import TypeAdapter

from app.auth.deps import ReaderPrincipal, admit, cached_reader, get_principal
from app.auth.principal import Principal
from app.core import fresh
from app.core.db.session import get_database
from app.core.pagination import DEFAULT_LIMIT, CursorParam, LimitParam
from app.core.routes import add_crud_routes
from app.core.schemas import Page
from app.limits.routing import LimitedRoute, fast_path
from app.networks import service
from app.networks.schemas import NetworkCreate, NetworkPublic, NetworkQuery, NetworkUpdate

router = APIRouter(prefix="/v1/networks", tags=["networks"], route_class=LimitedRoute)
add_crud_routes(
    router,
    service,
    principal=get_principal,
    id_param="network_id",
    public=NetworkPublic,
    create=NetworkCreate,
    update=NetworkUpdate,
    query=NetworkQuery,
    docs={
        "create": "Create a network (admin only).",
        "delete": "Delete an empty network (admin only).",
    },
    operations=("create", "get", "update", "delete"),
)

# The list answers from a per-process cache of its JSON per caller's networks and query,
# checked against those networks' change stamps on every request (app/core/fresh.py). An
# admin's list (every network, new ones too) is built every time.
_VIEWS = fresh.ViewCache()
_PAGE = TypeAdapter(Page[NetworkPublic])


async def _page(principal: Principal, query: NetworkQuery) -> tuple[bytes, str | None]:
    async with get_database().sessionmaker() as session:
        rows, next_cursor = await service.get_all(session, principal, query)
        return fresh.dump(_PAGE, Page[Any](data=rows, next_cursor=next_cursor)), None


async def _cached(request: Request) -> Response | None:
    """The fresh cached list of a caller who is no admin, or None (the endpoint answers)."""
    if request.scope.get("query_string"):
        return None  # a query: FastAPI reads and checks it
    principal = await cached_reader(request)
    if principal is None or principal.is_admin:
        return None
    scopes = tuple(sorted(principal.network_ids))
    view = await _VIEWS.fresh((scopes, None, DEFAULT_LIMIT, None))
    if view is None:
        return None
    return fresh.answer_with(view, admit(request, principal))


@fast_path(_cached)
async def get_all(
    principal: ReaderPrincipal,
    response: Response,
    q: str | None = None,
    limit: LimitParam = DEFAULT_LIMIT,
    cursor: CursorParam = None,
) -> Response:
    # The parameters of NetworkQuery, written out: a class as a dependency is a sync call,
    # which FastAPI runs in its thread pool (a thread round trip per request).
    query = NetworkQuery(q=q, limit=limit, cursor=cursor)
    if principal.is_admin:
        body, _ = await _page(principal, query)
        return fresh.answer(fresh.View((), (), body), response)
    scopes = tuple(sorted(principal.network_ids))
    key = (scopes, query.q, query.limit, query.cursor)
    view = await _VIEWS.fresh(key)
    if view is None:
        view = await _VIEWS.build(key, scopes, lambda: _page(principal, query))
    return fresh.answer(view, response)


router.add_api_route(
    "",
    get_all,
    methods=["GET"],
    name="get_all",
    description="List the networks the caller belongs to (all of them for an admin).",
    response_model=Page[NetworkPublic],
)
