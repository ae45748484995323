"""Deadlines and their decisions as the API shows them."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from app.deadlines.models import Deadline, DeadlineDecision, Outcome
from app.deadlines.schemas import DeadlinePublic, DecisionPublic
from app.kernel.recurrence import with_offset


def shown(deadline: Deadline, local: datetime) -> date | datetime:
    """A local wall time of the deadline as the API shows it: a date, or with its offset."""
    return local.date() if deadline.all_day else with_offset(local, ZoneInfo(deadline.timezone))


def deadline_public(deadline: Deadline) -> DeadlinePublic:
    """The deadline series with its due time."""
    return DeadlinePublic.model_validate(
        {
            **deadline.model_dump(exclude={"due_local", "span_start", "span_end"}),
            "due": shown(deadline, deadline.due_local),
        }
    )


def decision_public(deadline: Deadline, row: DeadlineDecision) -> DecisionPublic:
    """The outcome recorded for one occurrence of the deadline."""
    return DecisionPublic(
        deadline_id=row.deadline_id,
        recurrence_id=row.recurrence_id,
        outcome=Outcome(row.outcome),
        decided_at=row.decided_at,
        summary=row.summary,
        reference_url=row.reference_url,
        new_due=shown(deadline, row.new_due_local) if row.new_due_local else None,
    )
