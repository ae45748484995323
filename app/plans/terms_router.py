"""HTTP routes of council terms and cycle templates."""

import uuid

from fastapi import APIRouter, Response, status

from app.auth.deps import CurrentPrincipal
from app.core.db.session import SessionDep
from app.core.etag import IfMatchHeader, check_if_match, set_etag
from app.core.pagination import DEFAULT_LIMIT, CursorParam, LimitParam
from app.core.schemas import Page
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


@terms_router.post(
    "", status_code=status.HTTP_201_CREATED, response_model=TermPublic,
    summary="Add a council term",
)  # fmt: skip
async def create(
    body: TermCreate, session: SessionDep, principal: CurrentPrincipal, response: Response
):
    """A council term (valtuustokausi): usually four years, but the 2021 term ran
    1.8.2021-31.5.2025 and the current one 1.6.2025-31.5.2029."""
    term = await terms.create(session, principal, body)
    set_etag(response, term)
    response.headers["Location"] = f"/v1/terms/{term.id}"
    return term_public(term)


@terms_router.get("", response_model=Page[TermPublic], summary="List council terms")
async def get_all(
    session: SessionDep,
    principal: CurrentPrincipal,
    network_id: uuid.UUID | None = None,
    limit: LimitParam = DEFAULT_LIMIT,
    cursor: CursorParam = None,
):
    """The council terms of the caller's networks."""
    rows, next_cursor = await terms.get_all(
        session, principal, network_id=network_id, limit=limit, cursor=cursor
    )
    return Page(data=[term_public(t) for t in rows], next_cursor=next_cursor)


@terms_router.get("/{term_id}", response_model=TermPublic, summary="Get a council term")
async def get(
    term_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal, response: Response
):
    """One council term."""
    term = await terms.get(session, principal, term_id)
    set_etag(response, term)
    return term_public(term)


@terms_router.patch("/{term_id}", response_model=TermPublic, summary="Rename a council term")
async def update(
    term_id: uuid.UUID,
    body: TermUpdate,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
    if_match: IfMatchHeader = None,
):
    """Change a term's name; send `If-Match`."""
    term = await terms.get_writable(session, principal, term_id)
    check_if_match(if_match, term)
    await terms.update(session, term, body)
    set_etag(response, term)
    return term_public(term)


@terms_router.delete(
    "/{term_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Delete a council term"
)
async def delete(term_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal):
    """Delete a term; the deadlines applied to it stay on the wheel."""
    term = await terms.get_writable(session, principal, term_id)
    await terms.delete(session, term)


@terms_router.post(
    "/{term_id}/apply", response_model=TermApplied, summary="Put a cycle template on a term"
)
async def apply(
    term_id: uuid.UUID, body: TermApply, session: SessionDep, principal: CurrentPrincipal
):
    """Stamp the template's items onto the wheel as decision deadlines within the term (the
    broad welfare report in the first year, the yearly report each spring, ...). Applying
    again changes nothing: the answer lists what was created and what already existed."""
    term = await terms.get_writable(session, principal, term_id)
    template = await terms.template_for(session, principal, term, body.template_id)
    return await term_cycle.apply_template(session, principal, term, template)


@templates_router.post(
    "", status_code=status.HTTP_201_CREATED, response_model=CycleTemplatePublic,
    summary="Describe a council-term cycle",
)  # fmt: skip
async def create_template(
    body: CycleTemplateCreate, session: SessionDep, principal: CurrentPrincipal, response: Response
):
    """The statutory and customary items of a council term (valtuustokausikello), each in a
    term year (1-4) or every year, on a month and day, with optional milestones."""
    template = await terms.create_template(session, principal, body)
    set_etag(response, template)
    response.headers["Location"] = f"/v1/cycle-templates/{template.id}"
    return template_public(template)


@templates_router.get("", response_model=Page[CycleTemplatePublic], summary="List cycle templates")
async def get_all_templates(
    session: SessionDep,
    principal: CurrentPrincipal,
    network_id: uuid.UUID | None = None,
    limit: LimitParam = DEFAULT_LIMIT,
    cursor: CursorParam = None,
):
    """The cycle templates of the caller's networks."""
    rows, next_cursor = await terms.get_all_templates(
        session, principal, network_id=network_id, limit=limit, cursor=cursor
    )
    return Page(data=[template_public(t) for t in rows], next_cursor=next_cursor)


@templates_router.get(
    "/{cycle_template_id}", response_model=CycleTemplatePublic, summary="Get a cycle template"
)
async def get_template(
    cycle_template_id: uuid.UUID,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
):
    """One cycle template."""
    template = await terms.get_template(session, principal, cycle_template_id)
    set_etag(response, template)
    return template_public(template)


@templates_router.patch(
    "/{cycle_template_id}", response_model=CycleTemplatePublic, summary="Change a cycle template"
)
async def update_template(
    cycle_template_id: uuid.UUID,
    body: CycleTemplateUpdate,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
    if_match: IfMatchHeader = None,
):
    """Change the name or items; terms it was applied to keep their deadlines."""
    template = await terms.get_writable_template(session, principal, cycle_template_id)
    check_if_match(if_match, template)
    await terms.update_template(session, template, body)
    set_etag(response, template)
    return template_public(template)


@templates_router.delete(
    "/{cycle_template_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a cycle template",
)
async def delete_template(
    cycle_template_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
):
    """Delete a template; deadlines applied from it stay on the wheel."""
    template = await terms.get_writable_template(session, principal, cycle_template_id)
    await terms.delete_template(session, template)
