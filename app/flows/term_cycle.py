"""Stamp a cycle template's items onto a council term as decision deadlines on the wheel.
Each item becomes one deadline (yearly items one yearly series); an item applied before is
found by its title and left alone, so applying twice changes nothing."""

from sqlmodel.ext.asyncio.session import AsyncSession

from app.auth.principal import Principal
from app.deadlines import service as deadlines
from app.deadlines.schemas import DeadlineCreate, Milestone
from app.kernel.term_cycle import CycleItem, due_dates
from app.plans import terms
from app.plans.models import CycleTemplate, Term
from app.plans.term_schemas import AppliedItem, TermApplied

CATEGORY = "Valtuustokausikello"


async def apply_template(
    session: AsyncSession, principal: Principal, term: Term, template: CycleTemplate
) -> TermApplied:
    done = await terms.applied_items(session, term.id, template.id)
    result = TermApplied(
        term_id=term.id, template_id=template.id, created=[], existing=[], outside_term=[]
    )
    for item in template.items:
        title = item["title"]
        when = CycleItem(item["month"], item["day"], item.get("term_year"), item["every_year"])
        dates = due_dates(when, term.start, term.end)
        if title in done:
            result.existing.append(
                AppliedItem(title=title, deadline_id=done[title].deadline_id, due=dates)
            )
            continue
        if not dates:
            result.outside_term.append(title)
            continue
        deadline = await deadlines.create(
            session,
            principal,
            DeadlineCreate(
                network_id=term.network_id,
                title=title,
                description=f"{template.name}: {term.name}",
                decision_body=item.get("decision_body"),
                category=CATEGORY,
                due=dates[0],
                rrule=f"FREQ=YEARLY;COUNT={len(dates)}" if len(dates) > 1 else None,
                milestones=[Milestone.model_validate(m) for m in item.get("milestones", [])],
            ),
        )
        await terms.record_item(session, term, template, title, deadline.id)
        result.created.append(AppliedItem(title=title, deadline_id=deadline.id, due=dates))
    if result.created:
        terms.announce_applied(session, term, result)
    return result
