"""Events as the API shows them: series with local times and offsets, and occurrences."""

import uuid
from datetime import date, datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from app.events.models import Event, EventStatus
from app.events.schemas import EventPublic, OccurrencePublic
from app.events.series import (
    get_override,
    links_and_overrides,
    orphaned_of,
    override_of,
    partner_ids_of,
    series_of,
)
from app.kernel.recurrence import (
    Occurrence,
    orphaned_overrides,
    parse_recurrence_id,
    place,
    with_offset,
)
from app.kernel.timefields import zone


async def event_public(
    session: AsyncSession,
    event: Event,
    *,
    partner_ids: list[uuid.UUID] | None = None,
    recurrence_ids: list[str] | None = None,
) -> EventPublic:
    """The series as the API shows it. A caller that has the event's partner ids, or its
    overrides' recurrence ids (none for an event just created), passes them: no query then."""
    tz = zone(event.timezone)
    if partner_ids is None and recurrence_ids is None:
        partner_ids, recurrence_ids = await links_and_overrides(session, event.id)
    elif partner_ids is None:
        partner_ids = (await partner_ids_of(session, [event.id]))[event.id]
    if recurrence_ids is None:
        orphaned = await orphaned_of(session, event)
    else:
        orphaned = orphaned_overrides(series_of(event), recurrence_ids) if recurrence_ids else []

    def shown(local: datetime) -> date | datetime:
        return local.date() if event.all_day else with_offset(local, tz)

    return EventPublic(
        # `status` is read back as a plain string; dumping it as the enum would warn.
        **event.model_dump(
            exclude={"start_local", "end_local", "span_start", "span_end", "status"}
        ),
        status=EventStatus(event.status),
        partner_ids=sorted(partner_ids),
        start=shown(event.start_local),
        end=shown(event.end_local),
        orphaned_recurrence_ids=orphaned,
    )


def occurrence_public(event: Event, occurrence: Occurrence) -> OccurrencePublic:
    """One occurrence as the timeline shows it."""
    tz = zone(event.timezone)
    fields = occurrence.override.fields if occurrence.override else {}

    def shown(local: datetime) -> date | datetime:
        return local.date() if event.all_day else with_offset(local, tz)

    status = EventStatus.cancelled if occurrence.cancelled else EventStatus(event.status)
    return OccurrencePublic(
        event_id=event.id,
        network_id=event.network_id,
        group_id=event.group_id,
        recurrence_id=occurrence.recurrence_id,
        title=fields.get("title", event.title),
        description=fields.get("description", event.description),
        location=fields.get("location", event.location),
        category=event.category,
        start=shown(occurrence.start),
        end=shown(occurrence.end),
        all_day=event.all_day,
        timezone=event.timezone,
        status=status,
        overridden=occurrence.override is not None and not occurrence.cancelled,
    )


async def one_occurrence(
    session: AsyncSession, event: Event, recurrence_id: str
) -> OccurrencePublic:
    """The occurrence as the timeline shows it, wherever it has been moved to."""
    override = await get_override(session, event, recurrence_id)
    original = parse_recurrence_id(recurrence_id, event.all_day)
    occurrence = place(series_of(event), original, override_of(override) if override else None)
    return occurrence_public(event, occurrence)
