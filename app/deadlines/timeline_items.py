"""Deadline occurrences and their milestones as items of the merged wheel timeline."""

from zoneinfo import ZoneInfo

from sqlmodel.ext.asyncio.session import AsyncSession

from app.deadlines.models import Deadline, DeadlineDecision, Outcome
from app.deadlines.schemas import (
    DeadlineOccurrencePublic,
    DeadlineStatus,
    MilestoneOccurrencePublic,
)
from app.deadlines.service import decisions_of, occurrences_of
from app.deadlines.views import decision_public, shown
from app.kernel.reminder_plan import milestone_occurrences, reach
from app.occurrences.items import TimelineItem
from app.occurrences.window import Window

_STATUS: dict[Outcome, DeadlineStatus] = {
    Outcome.decided: "decided",
    Outcome.postponed: "postponed",
    Outcome.cancelled: "cancelled",
}


def status_of(decision: DeadlineDecision | None) -> DeadlineStatus:
    """A deadline occurrence is open until a decision records its outcome."""
    return "open" if decision is None else _STATUS[Outcome(decision.outcome)]


async def occurrence_items(
    session: AsyncSession, deadlines: list[Deadline], window: Window, *, milestones: bool = True
) -> list[TimelineItem]:
    decisions = await decisions_of(session, [d.id for d in deadlines])
    items: list[TimelineItem] = []
    for deadline in deadlines:
        zone = ZoneInfo(deadline.timezone)
        rows = decisions[deadline.id]
        by_rid = {d.recurrence_id: d for d in rows}
        lead = [{"offset": m["offset"]} for m in deadline.milestones] if milestones else []
        earliest, latest = reach([lead])
        found = occurrences_of(deadline, rows, window.start - latest, window.end - earliest)
        for occurrence in found:
            decision = by_rid.get(occurrence.recurrence_id)
            status = status_of(decision)
            if occurrence.overlaps(window.start, window.end):
                public = DeadlineOccurrencePublic(
                    deadline_id=deadline.id,
                    network_id=deadline.network_id,
                    partner_id=deadline.partner_id,
                    event_id=deadline.event_id,
                    recurrence_id=occurrence.recurrence_id,
                    title=deadline.title,
                    decision_body=deadline.decision_body,
                    category=deadline.category,
                    start=shown(deadline, occurrence.start),
                    end=shown(deadline, occurrence.start),
                    all_day=deadline.all_day,
                    timezone=deadline.timezone,
                    status=status,
                    decision=decision_public(deadline, decision) if decision else None,
                )
                key = (occurrence.start_utc, str(deadline.id), occurrence.recurrence_id)
                items.append(TimelineItem(key, public))
            if not milestones:
                continue
            for index, milestone in enumerate(deadline.milestones):
                (moved,) = milestone_occurrences([occurrence], milestone["offset"], zone)
                if not window.start <= moved.start_utc < window.end:
                    continue
                milestone_public = MilestoneOccurrencePublic(
                    deadline_id=deadline.id,
                    network_id=deadline.network_id,
                    recurrence_id=occurrence.recurrence_id,
                    name=milestone["name"],
                    title=deadline.title,
                    category=deadline.category,
                    start=shown(deadline, moved.start),
                    end=shown(deadline, moved.start),
                    deadline_due=shown(deadline, occurrence.start),
                    all_day=deadline.all_day,
                    timezone=deadline.timezone,
                    status=status,
                )
                key = (moved.start_utc, f"{deadline.id}.m{index}", occurrence.recurrence_id)
                items.append(TimelineItem(key, milestone_public))
    items.sort(key=lambda item: item.sort_key)
    return items
