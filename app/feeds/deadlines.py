"""Decision deadlines, their milestones and preparation tasks as feed items.

A deadline is a series like an event: its RRULE and EXDATEs, a cancelled decision as a
cancelled `RECURRENCE-ID` instance, a postponed one as an instance moved to the new due time.
Milestones (due minus offset, moved along with a postponed due) are expanded with the same code
as `/v1/occurrences` (app/deadlines/timeline_items.py) inside a horizon of whole years around
today, one VEVENT each; tasks are single VEVENTs. No people's names or addresses are rendered.
"""

import uuid
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.core import clock
from app.deadlines.models import Deadline, DeadlineDecision, Outcome
from app.deadlines.service import decisions_of, series_of
from app.deadlines.timeline_items import occurrence_items
from app.feeds.items import alarm_offsets, instances_of
from app.kernel.ical.render import FeedItem
from app.occurrences.window import Window
from app.tasks.models import Task, TaskStatus

UID_DOMAIN = "vuosikello"
# Milestones are listed for occurrences due from a year ago to three years ahead.
HORIZON_YEARS_BACK = 1
HORIZON_YEARS_AHEAD = 3


def horizon_year() -> int:
    """Part of the feed's fingerprint: the milestone horizon moves once a year."""
    return clock.now().year


def horizon(year: int) -> Window:
    return Window(
        datetime(year - HORIZON_YEARS_BACK, 1, 1, tzinfo=UTC),
        datetime(year + HORIZON_YEARS_AHEAD, 1, 1, tzinfo=UTC),
    )


def deadline_uid(deadline_id: uuid.UUID) -> str:
    return f"deadline-{deadline_id}@{UID_DOMAIN}"


def milestone_uid(deadline_id: uuid.UUID, index: int, recurrence_id: str) -> str:
    stamp = recurrence_id.replace("-", "").replace(":", "")
    return f"deadline-{deadline_id}-m{index}-{stamp}@{UID_DOMAIN}"


def task_uid(task_id: uuid.UUID) -> str:
    return f"task-{task_id}@{UID_DOMAIN}"


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _decision_rows(deadline: Deadline, decisions: list[DeadlineDecision]) -> list[Any]:
    """Cancelled and postponed decisions in the shape `items.instances_of` places."""
    rows = []
    for d in decisions:
        if d.outcome not in (Outcome.cancelled, Outcome.postponed):
            continue
        start = d.new_due_local if d.outcome == Outcome.postponed else None
        end = None
        if start is not None:
            end = start + (timedelta(days=1) if deadline.all_day else timedelta(0))
        rows.append(
            SimpleNamespace(
                recurrence_id=d.recurrence_id,
                cancelled=d.outcome == Outcome.cancelled,
                start_local=start,
                end_local=end,
                title=None,
                description=None,
                location=None,
                updated_at=d.updated_at,
            )
        )
    return rows


def _describe(deadline: Deadline) -> str | None:
    parts = [p for p in (deadline.decision_body, deadline.description) if p]
    return "\n\n".join(parts) or None


async def deadline_items(
    session: AsyncSession, where: Any, year: int, *, alarms: bool = False
) -> list[FeedItem]:
    """Deadlines with their decisions, then milestones; with `alarms`, each carries VALARMs
    from its own reminder rules (the deadline's, or the milestone's)."""
    deadlines = list((await session.exec(select(Deadline).where(where))).all())
    if not deadlines:
        return []
    decisions = await decisions_of(session, [d.id for d in deadlines])
    items: list[FeedItem] = []
    for deadline in deadlines:
        rows = decisions[deadline.id]
        series = series_of(deadline)
        changed = max([deadline.updated_at, *(d.updated_at for d in rows)], key=_utc)
        key = (
            "deadline",
            deadline.id,
            deadline.version,
            alarms,
            tuple(sorted((d.recurrence_id, d.version) for d in rows)),
        )
        items.append(
            FeedItem(
                uid=deadline_uid(deadline.id),
                title=deadline.title,
                start=series.start,
                end=series.end,
                timezone=deadline.timezone,
                last_modified=_utc(changed),
                all_day=deadline.all_day,
                description=_describe(deadline),
                categories=(deadline.category,) if deadline.category else (),
                sequence=deadline.version,
                rrule=deadline.rrule,
                exdates=tuple(sorted(deadline.exdates or ())),
                instances=instances_of(series, _decision_rows(deadline, rows)),
                alarms=alarm_offsets(deadline.reminders) if alarms else (),
                key=key,
            )
        )
    # Milestones: the timeline's own expansion, so the feed and /v1/occurrences agree.
    by_id = {d.id: d for d in deadlines}
    changed_of = {
        d.id: _utc(max([d.updated_at, *(x.updated_at for x in decisions[d.id])], key=_utc))
        for d in deadlines
    }
    for entry in await occurrence_items(session, deadlines, horizon(year)):
        public = entry.public
        if public.kind != "milestone":
            continue
        deadline = by_id[public.deadline_id]
        index = int(entry.sort_key[1].rsplit(".m", 1)[1])
        if deadline.all_day:
            start = datetime.combine(public.start, datetime.min.time())
            end = start + timedelta(days=1)
        else:
            start = public.start.replace(tzinfo=None)
            end = start
        items.append(
            FeedItem(
                uid=milestone_uid(deadline.id, index, public.recurrence_id),
                title=f"{public.name}: {deadline.title}",
                start=start,
                end=end,
                timezone=deadline.timezone,
                last_modified=changed_of[deadline.id],
                all_day=deadline.all_day,
                description=_describe(deadline),
                categories=(deadline.category,) if deadline.category else (),
                status="CANCELLED" if public.status == Outcome.cancelled else "CONFIRMED",
                sequence=deadline.version,
                alarms=_milestone_alarms(deadline, index) if alarms else (),
            )
        )
    return items


def _milestone_alarms(deadline: Deadline, index: int) -> tuple[str, ...]:
    milestones = deadline.milestones or []
    if index >= len(milestones) or not isinstance(milestones[index], dict):
        return ()
    return alarm_offsets(milestones[index].get("reminders"))


async def task_items(session: AsyncSession, where: Any, *, alarms: bool = False) -> list[FeedItem]:
    """Tasks as VEVENTs at their due time; with `alarms`, an open task carries VALARMs from its
    reminder rules (the preparation template's and the task's own, copied onto the task)."""
    tasks = (await session.exec(select(Task).where(where))).all()
    items = []
    for task in tasks:
        done = task.status == TaskStatus.done
        is_open = task.status == TaskStatus.todo
        items.append(
            FeedItem(
                uid=task_uid(task.id),
                title=("✓ " if done else "") + task.title,
                start=task.due_local,
                end=task.due_local,
                timezone=task.timezone,
                last_modified=_utc(task.updated_at),
                description=task.role_hint,
                status="CANCELLED" if task.status == TaskStatus.skipped else "CONFIRMED",
                sequence=task.version,
                alarms=alarm_offsets(task.reminders) if alarms and is_open else (),
                key=("task", task.id, task.version, alarms),
            )
        )
    return items
