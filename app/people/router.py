from fastapi import APIRouter

from app.auth.deps import get_principal
from app.core.routes import add_crud_routes
from app.limits.routing import LimitedRoute
from app.people import service
from app.people.schemas import PersonCreate, PersonPublic, PersonQuery, PersonUpdate

router = APIRouter(prefix="/v1/people", tags=["people"], route_class=LimitedRoute)
add_crud_routes(
    router,
    service,
    principal=get_principal,
    id_param="person_id",
    public=PersonPublic,
    create=PersonCreate,
    update=PersonUpdate,
    query=PersonQuery,
    docs={"create": "Add a contact person at a partner."},
)
