from fastapi import APIRouter

from app.auth.deps import get_principal
from app.core.routes import add_crud_routes
from app.limits.routing import LimitedRoute
from app.partners import service
from app.partners.schemas import PartnerCreate, PartnerPublic, PartnerQuery, PartnerUpdate

router = APIRouter(prefix="/v1/partners", tags=["partners"], route_class=LimitedRoute)
add_crud_routes(
    router,
    service,
    principal=get_principal,
    id_param="partner_id",
    public=PartnerPublic,
    create=PartnerCreate,
    update=PartnerUpdate,
    query=PartnerQuery,
    docs={
        "create": "Add an organisation (municipality, wellbeing county, NGO, parish, ...) to a "
        "network."
    },
)
