"""HTTP routes of council terms and cycle templates."""

import uuid

from fastapi import APIRouter

from app.auth.deps import CurrentPrincipal, get_principal
from app.core.db.session import SessionDep
from app.core.pagination import NetworkPageQuery
from app.core.routes import Verbs, add_crud_routes
from app.flows import term_cycle
from app.limits.routing import LimitedRoute
from app.plans import terms
from app.plans.term_schemas import (
    CycleTemplateCreate,
    CycleTemplatePublic,
    CycleTemplateUpdate,
    TermApplied,
    TermApply,
    TermCreate,
    TermPublic,
    TermUpdate,
)
from app.plans.terms import template_public, term_public

terms_router = APIRouter(prefix="/v1/terms", tags=["terms"], route_class=LimitedRoute)
templates_router = APIRouter(
    prefix="/v1/cycle-templates", tags=["cycle-templates"], route_class=LimitedRoute
)


add_crud_routes(
    terms_router,
    terms,
    principal=get_principal,
    id_param="term_id",
    public=TermPublic,
    create=TermCreate,
    update=TermUpdate,
    query=NetworkPageQuery,
    view=term_public,
    summaries={
        "create": "Add a council term",
        "get_all": "List council terms",
        "get": "Get a council term",
        "update": "Rename a council term",
        "delete": "Delete a council term",
    },
    docs={
        "create": "A council term (valtuustokausi): usually four years, but the 2021 term ran "
        "1.8.2021-31.5.2025 and the current one 1.6.2025-31.5.2029.",
        "get_all": "The council terms of the caller's networks.",
        "get": "One council term.",
        "update": "Change a term's name; send `If-Match`.",
        "delete": "Delete a term; the deadlines applied to it stay on the wheel.",
    },
)


@terms_router.post(
    "/{term_id}/apply", response_model=TermApplied, summary="Put a cycle template on a term"
)
async def apply(
    term_id: uuid.UUID, body: TermApply, session: SessionDep, principal: CurrentPrincipal
) -> TermApplied:
    """Stamp the template's items onto the wheel as decision deadlines within the term (the
    broad welfare report in the first year, the yearly report each spring, ...). Applying
    again changes nothing: the answer lists what was created and what already existed."""
    term = await terms.get_writable(session, principal, term_id)
    template = await terms.template_for(session, principal, term, body.template_id)
    return await term_cycle.apply_template(session, principal, term, template)


add_crud_routes(
    templates_router,
    Verbs.named(terms, "template"),
    principal=get_principal,
    id_param="cycle_template_id",
    public=CycleTemplatePublic,
    create=CycleTemplateCreate,
    update=CycleTemplateUpdate,
    query=NetworkPageQuery,
    noun="template",
    view=template_public,
    summaries={
        "create": "Describe a council-term cycle",
        "get_all": "List cycle templates",
        "get": "Get a cycle template",
        "update": "Change a cycle template",
        "delete": "Delete a cycle template",
    },
    docs={
        "create": "The statutory and customary items of a council term (valtuustokausikello), "
        "each in a term year (1-4) or every year, on a month and day, with optional milestones.",
        "get_all": "The cycle templates of the caller's networks.",
        "get": "One cycle template.",
        "update": "Change the name or items; terms it was applied to keep their deadlines.",
        "delete": "Delete a template; deadlines applied from it stay on the wheel.",
    },
)
