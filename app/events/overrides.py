"""Per-occurrence changes: one occurrence moved, retitled, restored or cancelled (RECURRENCE-ID).

The caller makes the event's reminders and tasks follow (app/flows/schedule.py)."""

import contextlib
from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from app.core.errors import NotFound, ValidationFailed
from app.events.models import Event, OccurrenceOverride
from app.events.schemas import OccurrencePublic, OccurrenceUpdate
from app.events.series import get_override, series_of
from app.events.service import extend_span_for_overrides, local_time
from app.events.views import one_occurrence
from app.kernel.recurrence import (
    RecurrenceError,
    format_recurrence_id,
    is_occurrence,
    parse_recurrence_id,
)
from app.kernel.timefields import zone
from app.kernel.wallclock import existing, out_of_gap
from app.notifications.service import announce


def _changed_fields(before: OccurrencePublic, after: OccurrencePublic) -> list[str]:
    """The fields of the occurrence as the API shows it that differ after the change."""
    old, new = before.model_dump(), after.model_dump()
    return [name for name in new if old.get(name) != new[name]]


async def _announce_occurrence(
    session: AsyncSession,
    event: Event,
    recurrence_id: str,
    verb: str,
    before: OccurrencePublic,
) -> OccurrencePublic:
    """`fi.vuosikello.occurrence.updated|cancelled`, with the occurrence as the timeline
    shows it; returns that view."""
    public = await one_occurrence(session, event, recurrence_id)
    announce(
        session,
        "occurrence",
        verb,
        public,
        network_id=event.network_id,
        subject=f"/v1/events/{event.id}/occurrences/{recurrence_id}",
        changed=_changed_fields(before, public),
    )
    return public


def normalise_recurrence_id(event: Event, raw: str) -> str:
    """Accept ISO 8601 or the iCal basic form (20271006T090000); 404 if it is no occurrence."""
    candidates = [raw]
    for fmt in ("%Y%m%dT%H%M%S", "%Y%m%d"):
        with contextlib.suppress(ValueError):
            candidates.append(format_recurrence_id(datetime.strptime(raw, fmt), event.all_day))
    series = series_of(event)
    for candidate in candidates:
        try:
            local = parse_recurrence_id(candidate, event.all_day)
        except RecurrenceError:
            continue
        rid = format_recurrence_id(local, event.all_day)
        if rid not in series.exdates and is_occurrence(series, rid):
            return rid
    raise NotFound(f"Event {event.id} has no occurrence {raw}")


async def replace_occurrence(
    session: AsyncSession, event: Event, recurrence_id: str, data: OccurrenceUpdate
) -> OccurrencePublic:
    """PUT semantics: the body is the whole difference from the series (an empty body restores
    the occurrence, and un-cancels it). Returns the occurrence as the timeline shows it."""
    start = end = None
    if data.start is not None:
        start = local_time(data.start, event.timezone, event.all_day, "start")
    if data.end is not None:
        end = local_time(data.end, event.timezone, event.all_day, "end")
    if not event.all_day:
        tz = zone(event.timezone)
        if start is not None:
            start, moved_end = out_of_gap(start, end or start, tz)
            end = moved_end if end is not None else None
        elif end is not None:
            end = existing(end, tz)
    original = parse_recurrence_id(recurrence_id, event.all_day)
    effective_start = start or original
    effective_end = end or effective_start + (event.end_local - event.start_local)
    if effective_end < effective_start:
        raise ValidationFailed.field("end", "must not be before `start`")
    before = await one_occurrence(session, event, recurrence_id)
    row = await get_override(session, event, recurrence_id)
    if all(v is None for v in (start, end, data.title, data.description, data.location)):
        # Nothing differs from the series: the occurrence is restored (and un-cancelled).
        if row is None:
            return before
        await session.delete(row)
        event.sequence += 1
        event.touch()
        await session.flush()
        return await _announce_occurrence(session, event, recurrence_id, "updated", before)
    if row is None:
        row = OccurrenceOverride(event_id=event.id, recurrence_id=recurrence_id)
        session.add(row)
    else:
        row.touch()
    row.cancelled = False
    row.start_local, row.end_local = start, end
    row.title, row.description, row.location = data.title, data.description, data.location
    event.sequence += 1
    event.touch()
    await session.flush()
    await extend_span_for_overrides(session, event)
    await session.flush()
    return await _announce_occurrence(session, event, recurrence_id, "updated", before)


async def cancel_occurrence(
    session: AsyncSession, event: Event, recurrence_id: str
) -> OccurrencePublic:
    """Cancel one occurrence; it stays on the wheel as cancelled. Returns it as shown."""
    before = await one_occurrence(session, event, recurrence_id)
    row = await get_override(session, event, recurrence_id)
    if row is None:
        row = OccurrenceOverride(event_id=event.id, recurrence_id=recurrence_id)
        session.add(row)
    elif not row.cancelled:
        row.touch()
    if row.cancelled:
        await session.flush()
        return before
    row.cancelled = True
    event.sequence += 1
    event.touch()
    await session.flush()
    return await _announce_occurrence(session, event, recurrence_id, "cancelled", before)
