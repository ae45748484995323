"""Decision deadlines: series of due times, their milestones and recorded outcomes."""

import uuid
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.auth.principal import Principal
from app.core import clock
from app.core.crud import apply_changes, referenced
from app.core.errors import ValidationFailed
from app.core.repository import Repository
from app.deadlines.models import Deadline, DeadlineDecision, Outcome
from app.deadlines.schemas import (
    DeadlineCreate,
    DeadlineUpdate,
    DecisionCreate,
)
from app.deadlines.views import deadline_public, decision_public
from app.events.models import Event
from app.kernel.offsets import parse_offset
from app.kernel.recurrence import (
    Occurrence,
    Override,
    RecurrenceError,
    Series,
    expand,
    to_utc,
    validate_series,
)
from app.kernel.reminder_plan import Item, milestone_occurrences, plan, reach
from app.kernel.rrule_text import normalise_rrule
from app.kernel.timefields import in_supported_range, wall_time
from app.networks import service as networks
from app.notifications.announcer import Announcer
from app.notifications.service import announce
from app.partners.models import Partner
from app.reminders.materialise import forget, horizon, write
from app.reminders.service import parts_json, reminded_changes, rules_json

_announce = Announcer("deadline", "deadlines", deadline_public)


def series_of(deadline: Deadline) -> Series:
    end = deadline.due_local + (timedelta(days=1) if deadline.all_day else timedelta(0))
    return Series(
        start=deadline.due_local,
        end=end,
        zone=ZoneInfo(deadline.timezone),
        all_day=deadline.all_day,
        rrule=deadline.rrule,
        exdates=frozenset(deadline.exdates or ()),
    )


def override_of(decision: DeadlineDecision, all_day: bool) -> Override:
    start = decision.new_due_local if decision.outcome == Outcome.postponed else None
    end = None
    if start is not None:
        end = start + (timedelta(days=1) if all_day else timedelta(0))
    return Override(
        recurrence_id=decision.recurrence_id,
        cancelled=decision.outcome == Outcome.cancelled,
        start=start,
        end=end,
    )


async def decisions_of(
    session: AsyncSession, deadline_ids: list[uuid.UUID]
) -> dict[uuid.UUID, list[DeadlineDecision]]:
    result: dict[uuid.UUID, list[DeadlineDecision]] = {d: [] for d in deadline_ids}
    if deadline_ids:
        rows = await session.exec(
            select(DeadlineDecision).where(col(DeadlineDecision.deadline_id).in_(deadline_ids))
        )
        for row in rows.all():
            result[row.deadline_id].append(row)
    return result


def occurrences_of(
    deadline: Deadline, decisions: list[DeadlineDecision], start: datetime, end: datetime
) -> list[Occurrence]:
    overrides = [override_of(d, deadline.all_day) for d in decisions]
    return expand(series_of(deadline), start, end, overrides)


def _validate(deadline: Deadline) -> None:
    try:
        deadline.span_start, deadline.span_end = validate_series(series_of(deadline))
    except RecurrenceError as exc:
        raise ValidationFailed.field("rrule", str(exc)) from exc


async def _check_references(
    session: AsyncSession, principal: Principal, network_id: uuid.UUID, values: dict[str, Any]
) -> None:
    if values.get("partner_id"):
        await referenced(
            session, principal, Partner, values["partner_id"], "partner_id", network_id=network_id
        )
    if values.get("event_id"):
        await referenced(
            session, principal, Event, values["event_id"], "event_id", network_id=network_id
        )


repository = Repository(
    Deadline,
    Deadline.network_id,
    "Deadline",
    filters={"partner_id": Deadline.partner_id},
    search=(Deadline.title, Deadline.decision_body),
    sort_column=Deadline.span_start,
)
get, get_writable, get_all = repository.get, repository.get_writable, repository.get_all


async def create(session: AsyncSession, principal: Principal, data: DeadlineCreate) -> Deadline:
    await networks.writable(session, principal, data.network_id)
    await _check_references(session, principal, data.network_id, data.model_dump())
    due, all_day = wall_time(data.due, data.timezone)
    deadline = Deadline(
        **data.model_dump(exclude={"due", "rrule", "milestones", "reminders"}),
        rrule=normalise_rrule(data.rrule) if data.rrule else None,
        due_local=due,
        all_day=all_day,
        milestones=await parts_json(
            session, principal, data.network_id, data.milestones, "milestones"
        ),
        reminders=await rules_json(
            session, principal, data.network_id, data.reminders, "reminders"
        ),
    )
    _validate(deadline)
    session.add(deadline)
    await session.flush()
    await sync_reminders(session, deadline)
    _announce(session, deadline, "created")
    return deadline


async def update(
    session: AsyncSession, principal: Principal, deadline: Deadline, data: DeadlineUpdate
) -> list[str]:
    changes = data.model_dump(exclude_unset=True, exclude={"milestones", "reminders"})
    await _check_references(session, principal, deadline.network_id, changes)
    tz = changes.get("timezone") or deadline.timezone
    if changes.get("due") is not None:
        changes["due_local"], changes["all_day"] = wall_time(changes.pop("due"), tz)
    changes.pop("due", None)
    if changes.get("rrule"):
        changes["rrule"] = normalise_rrule(changes["rrule"])
    changes |= await reminded_changes(
        session, principal, deadline.network_id, "milestones", data.milestones, data.reminders
    )
    changed = apply_changes(deadline, changes)
    _validate(deadline)
    session.add(deadline)
    await session.flush()
    await sync_reminders(session, deadline)
    _announce(session, deadline, "updated", changed)
    return changed


async def delete(session: AsyncSession, principal: Principal, deadline: Deadline) -> None:
    _announce(session, deadline, "deleted")
    await forget(session, ["deadline", "milestone"], [deadline.id])
    await session.delete(deadline)
    await session.flush()


def _instant(value: datetime | None, deadline: Deadline, field: str) -> datetime | None:
    """An API date-time → an aware instant; one without an offset is local in the deadline's
    zone (as `due` is)."""
    if value is None:
        return None
    try:
        in_supported_range(value)
    except ValueError as exc:
        raise ValidationFailed.field(field, str(exc)) from exc
    return value if value.tzinfo else to_utc(value, ZoneInfo(deadline.timezone))


async def decide(
    session: AsyncSession, deadline: Deadline, recurrence_id: str, data: DecisionCreate
) -> DeadlineDecision:
    new_due = None
    if data.new_due is not None:
        if data.outcome != Outcome.postponed:
            raise ValidationFailed.field("new_due", "only a postponed deadline takes new_due")
        new_due, all_day = wall_time(data.new_due, deadline.timezone)
        if all_day != deadline.all_day:
            raise ValidationFailed.field(
                "new_due", "give a date for a due date, a date-time for a due time"
            )
    rows = await session.exec(
        select(DeadlineDecision).where(
            DeadlineDecision.deadline_id == deadline.id,
            DeadlineDecision.recurrence_id == recurrence_id,
        )
    )
    row = rows.first()
    if row is None:
        row = DeadlineDecision(deadline_id=deadline.id, recurrence_id=recurrence_id, outcome="")
    else:
        row.touch()
    row.outcome = data.outcome.value
    row.decided_at = _instant(data.decided_at, deadline, "decided_at") or clock.now()
    row.summary = data.summary
    row.reference_url = str(data.reference_url) if data.reference_url else None
    row.new_due_local = new_due
    session.add(row)
    deadline.touch()
    session.add(deadline)
    await session.flush()
    await sync_reminders(session, deadline)
    announce(
        session, "deadline", "decided", decision_public(deadline, row),
        network_id=deadline.network_id,
        subject=f"/v1/deadlines/{deadline.id}/occurrences/{recurrence_id}",
    )  # fmt: skip
    return row


async def sync_reminders(session: AsyncSession, deadline: Deadline) -> None:
    """Rewrite the deadline's and its milestones' reminder rows (same transaction)."""
    window = horizon()
    decisions = (await decisions_of(session, [deadline.id]))[deadline.id]
    rule_lists = [deadline.reminders] + [
        [{"offset": _sum(m["offset"], r["offset"])} for r in m.get("reminders", [])]
        for m in deadline.milestones
    ]
    earliest, latest = reach(rule_lists)
    occurrences = occurrences_of(deadline, decisions, window[0] - latest, window[1] - earliest)
    # A decided occurrence needs no more reminders; cancelled ones are cancelled by expand.
    settled = frozenset(d.recurrence_id for d in decisions if d.outcome == Outcome.decided)
    zone = ZoneInfo(deadline.timezone)

    def item(source_type: str, title: str) -> Item:
        return Item(
            network_id=deadline.network_id,
            source_type=source_type,
            source_id=deadline.id,
            title=title,
            timezone=deadline.timezone,
            all_day=deadline.all_day,
        )

    planned = plan(
        item("deadline", deadline.title),
        occurrences,
        deadline.reminders,
        window,
        cancelled=settled,
    )
    await write(session, "deadline", [deadline.id], planned, window)
    planned = []
    for index, milestone in enumerate(deadline.milestones):
        planned += plan(
            item("milestone", f"{milestone['name']}: {deadline.title}"),
            milestone_occurrences(occurrences, milestone["offset"], zone),
            milestone.get("reminders", []),
            window,
            key_prefix=f"m{index}.",
            cancelled=settled,
        )
    await write(session, "milestone", [deadline.id], planned, window)


def _sum(first: str, second: str) -> str:
    """Two offsets as one, for the reach of milestone reminders."""
    a, b = parse_offset(first), parse_offset(second)
    seconds = a.seconds + b.seconds
    days = a.days + b.days
    sign = "-" if days * 86400 + seconds < 0 else ""
    return f"{sign}P{abs(days)}DT{abs(seconds)}S"


async def deadlines_in(
    session: AsyncSession,
    principal: Principal,
    network_id: uuid.UUID | None,
    start: datetime,
    end: datetime,
) -> list[Deadline]:
    """Deadlines whose span (widened by milestone lead times) can touch the window."""
    statement = repository.readable_statement(principal, network_id).where(
        Deadline.span_start < end + timedelta(days=800),
        sa.or_(
            col(Deadline.span_end).is_(None),
            col(Deadline.span_end) >= start - timedelta(days=800),
        ),
    )
    return list((await session.exec(statement)).all())
