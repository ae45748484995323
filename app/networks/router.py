from fastapi import APIRouter

from app.auth.deps import get_principal
from app.core.routes import add_crud_routes
from app.limits.routing import LimitedRoute
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
        "get_all": "List the networks the caller belongs to (all of them for an admin).",
        "delete": "Delete an empty network (admin only).",
    },
)
