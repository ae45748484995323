"""Council terms and cycle templates, and the record of which item became which deadline."""

import uuid

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.auth.principal import Principal
from app.core.crud import referenced
from app.core.repository import Repository
from app.networks import service as networks
from app.notifications.announcer import Announcer
from app.notifications.service import announce
from app.plans.models import CycleTemplate, Term, TermItem
from app.plans.term_schemas import (
    CycleTemplateCreate,
    CycleTemplatePublic,
    CycleTemplateUpdate,
    TermApplied,
    TermCreate,
    TermPublic,
)


def term_public(term: Term) -> TermPublic:
    return TermPublic.model_validate(term.model_dump())


def template_public(template: CycleTemplate) -> CycleTemplatePublic:
    return CycleTemplatePublic.model_validate(template.model_dump())


_announce_term = Announcer("term", "terms", term_public)
_announce_template = Announcer("cycle_template", "cycle-templates", template_public)


terms = Repository(Term, Term.network_id, "Term")
templates = Repository(CycleTemplate, CycleTemplate.network_id, "Cycle template")
get, get_writable = terms.get, terms.get_writable
get_template, get_writable_template = templates.get, templates.get_writable


get_all, get_all_templates = terms.get_all, templates.get_all


async def create(session: AsyncSession, principal: Principal, data: TermCreate) -> Term:
    await networks.writable(session, principal, data.network_id)
    term = Term(**data.model_dump())
    return await _announce_term.add(session, term)


update = _announce_term.update
# The term goes; the deadlines it put on the wheel stay.
delete = _announce_term.delete


async def template_for(
    session: AsyncSession, principal: Principal, term: Term, template_id: uuid.UUID
) -> CycleTemplate:
    """The template named in an apply request: 422 unless it is of the term's network."""
    return await referenced(
        session, principal, CycleTemplate, template_id, "template_id", network_id=term.network_id
    )


async def create_template(
    session: AsyncSession, principal: Principal, data: CycleTemplateCreate
) -> CycleTemplate:
    await networks.writable(session, principal, data.network_id)
    template = CycleTemplate(**data.model_dump(mode="json"))
    template.network_id = data.network_id
    return await _announce_template.add(session, template)


async def update_template(
    session: AsyncSession, principal: Principal, template: CycleTemplate, data: CycleTemplateUpdate
) -> list[str]:
    return await _announce_template.change(
        session, template, data.model_dump(mode="json", exclude_unset=True)
    )


async def delete_template(
    session: AsyncSession, principal: Principal, template: CycleTemplate
) -> None:
    await _announce_template.remove(session, template)


async def applied_items(
    session: AsyncSession, term_id: uuid.UUID, template_id: uuid.UUID
) -> dict[str, TermItem]:
    rows = await session.exec(
        select(TermItem).where(TermItem.term_id == term_id, TermItem.template_id == template_id)
    )
    return {row.item_key: row for row in rows.all()}


async def record_item(
    session: AsyncSession,
    term: Term,
    template: CycleTemplate,
    key: str,
    deadline_id: uuid.UUID,
) -> None:
    session.add(
        TermItem(term_id=term.id, template_id=template.id, item_key=key, deadline_id=deadline_id)
    )
    await session.flush()


def announce_applied(session: AsyncSession, term: Term, public: TermApplied) -> None:
    announce(session, "term", "applied", public, network_id=term.network_id,
             subject=f"/v1/terms/{term.id}")  # fmt: skip
