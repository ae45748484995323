"""Events: the series on the wheel, and the state of their single occurrences."""

import uuid
from collections.abc import Iterator, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.auth.principal import Principal
from app.core.crud import apply_changes, get_or_404, preload, referenced, scope_to_networks, search
from app.core.db.base import new_row, table_of
from app.core.errors import ValidationFailed
from app.core.pagination import paginate
from app.events.models import Event, EventPartner, EventStatus
from app.events.schemas import EventCreate, EventPublic, EventUpdate
from app.events.series import override_of, overrides_of, partner_ids_of, series_of
from app.events.views import event_public
from app.groups.models import Group
from app.kernel.recurrence import (
    RecurrenceError,
    format_recurrence_id,
    is_occurrence,
    parse_recurrence_id,
    place,
    to_local,
    validate_series,
)
from app.kernel.rrule_text import normalise_rrule
from app.kernel.timefields import zone
from app.kernel.wallclock import out_of_gap
from app.networks.models import Network
from app.notifications.service import announce, announce_created
from app.partners.models import Partner
from app.people.models import Person
from app.reminders.service import rules_json

# Changing any of these makes calendar clients re-read the item (iCal SEQUENCE).
SEQUENCE_FIELDS = frozenset(
    {"start_local", "end_local", "all_day", "timezone", "rrule", "exdates", "status"}
)


async def _announce(
    session: AsyncSession,
    event: Event,
    verb: str,
    changed: list[str] | None = None,
    **known: Any,
) -> EventPublic:
    """Announce with the public view, built once (`known`: what `event_public` need not ask)."""
    public = await event_public(session, event, **known)
    announce(session, "event", verb, public, network_id=event.network_id, changed=changed)
    return public


def local_time(value: date | datetime, tz: str, all_day: bool, field: str) -> datetime:
    """An API time value → naive local wall time in `tz`."""
    if all_day:
        if isinstance(value, datetime):
            raise ValidationFailed.field(field, "an all-day item takes a date such as 2027-05-20")
        return datetime.combine(value, time())
    if not isinstance(value, datetime):
        raise ValidationFailed.field(
            field, "a timed item takes a date-time; set all_day to use a date"
        )
    if value.tzinfo is not None:
        return to_local(value, zone(tz)).replace(microsecond=0)
    return value.replace(microsecond=0)


def _default_end(start: datetime, all_day: bool) -> datetime:
    return start + (timedelta(days=1) if all_day else timedelta(hours=1))


def _recurrence_ids(values: list[date | datetime], event: Event, field: str) -> list[str]:
    series = series_of(event)
    if values and not event.rrule:
        raise ValidationFailed.field(field, "only a recurring event (with rrule) has exdates")
    ids = []
    for index, value in enumerate(values):
        local = local_time(value, event.timezone, event.all_day, f"{field}[{index}]")
        rid = format_recurrence_id(local, event.all_day)
        if not is_occurrence(series, rid):
            raise ValidationFailed.field(
                f"{field}[{index}]", f"{rid} is not an occurrence of this event's rrule"
            )
        ids.append(rid)
    return sorted(set(ids))


def _validate_and_span(event: Event) -> None:
    """Validate the series and store its UTC span for window queries."""
    try:
        span_start, span_end = validate_series(series_of(event))
    except RecurrenceError as exc:
        field = "end" if "`end`" in str(exc) else "rrule"
        raise ValidationFailed.field(field, str(exc)) from exc
    event.span_start, event.span_end = span_start, span_end


async def _check_references(
    session: AsyncSession,
    principal: Principal,
    network_id: uuid.UUID,
    group_id: uuid.UUID | None,
    partner_ids: list[uuid.UUID] | None,
) -> None:
    if group_id is not None:
        await referenced(session, principal, Group, group_id, "group_id", network_id=network_id)
    for index, partner_id in enumerate(partner_ids or []):
        await referenced(
            session, principal, Partner, partner_id, f"partner_ids[{index}]", network_id=network_id
        )


async def _set_partners(session: AsyncSession, event: Event, partner_ids: list[uuid.UUID]) -> None:
    await session.exec(sa.delete(EventPartner).where(col(EventPartner.event_id) == event.id))
    session.add_all(EventPartner(event_id=event.id, partner_id=p) for p in set(partner_ids))


async def get(session: AsyncSession, principal: Principal, event_id: uuid.UUID) -> Event:
    event = await get_or_404(session, Event, event_id, "Event")
    principal.ensure_readable(event.network_id, "Event")
    return event


async def get_writable(session: AsyncSession, principal: Principal, event_id: uuid.UUID) -> Event:
    event = await get(session, principal, event_id)
    principal.ensure_writable(event.network_id, "Event")
    return event


async def get_all(
    session: AsyncSession,
    principal: Principal,
    *,
    network_id: uuid.UUID | None,
    group_id: uuid.UUID | None,
    partner_id: uuid.UUID | None,
    category: str | None,
    status: EventStatus | None,
    q: str | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[Event], str | None]:
    requested = [network_id] if network_id else None
    statement = scope_to_networks(
        select(Event), Event.network_id, principal.visible_networks(requested)
    )
    statement = filter_events(
        statement, group_id=group_id, partner_id=partner_id, category=category
    )
    if status:
        statement = statement.where(Event.status == status)
    statement = search(statement, q, Event.title, Event.description, Event.location)
    return await paginate(
        session,
        statement,
        id_column=Event.id,
        sort_column=Event.span_start,
        limit=limit,
        cursor=cursor,
    )


def filter_events(
    statement: Any,
    *,
    group_id: uuid.UUID | None,
    partner_id: uuid.UUID | None,
    category: str | None,
) -> Any:
    if group_id:
        statement = statement.where(Event.group_id == group_id)
    if partner_id:
        linked = select(EventPartner.event_id).where(EventPartner.partner_id == partner_id)
        statement = statement.where(col(Event.id).in_(linked))
    if category:
        statement = statement.where(Event.category == category)
    return statement


async def create(
    session: AsyncSession, principal: Principal, data: EventCreate, *, uid: str | None = None
) -> tuple[Event, EventPublic]:
    """Returns the event and its public view. `uid` keeps an imported calendar's UID
    (app/flows/calendar_import.py); new ones are random."""
    event = await _new_event(session, principal, data, uid)
    session.add(event)
    await session.flush()
    partner_ids = await _link_new(session, [(event, data)])
    public = await _announce(session, event, "created", partner_ids=partner_ids[0],
                             recurrence_ids=[])  # fmt: skip
    return event, public


async def create_many(
    session: AsyncSession, principal: Principal, items: Sequence[EventCreate]
) -> list[tuple[Event, EventPublic]]:
    """`create` for many events (a bulk load): the networks, groups, partners and reminder
    recipients they name read in a few queries, the events and their partner links inserted
    in one flush, each announced and audited as `create` does."""
    _held = [
        *await preload(session, Network, (data.network_id for data in items)),
        *await preload(session, Group, (data.group_id for data in items if data.group_id)),
        *await preload(session, Partner, (p for data in items for p in data.partner_ids)),
        *await preload(session, Group, _recipients(items, "group_ids")),
        *await preload(session, Partner, _recipients(items, "partner_ids")),
        *await preload(session, Person, _recipients(items, "person_ids")),
    ]
    events = [await _new_event(session, principal, data, None) for data in items]
    session.add_all(events)
    await session.flush()
    partner_ids = await _link_new(session, list(zip(events, items, strict=True)))
    publics = [
        await event_public(session, event, partner_ids=links, recurrence_ids=[])
        for event, links in zip(events, partner_ids, strict=True)
    ]
    await announce_created(
        session, "event", [(public, public.network_id, None) for public in publics]
    )
    return list(zip(events, publics, strict=True))


def _recipients(items: Sequence[EventCreate], kind: str) -> Iterator[uuid.UUID]:
    for data in items:
        for rule in data.reminders:
            yield from getattr(rule.recipients, kind)


async def _new_event(
    session: AsyncSession, principal: Principal, data: EventCreate, uid: str | None
) -> Event:
    """A new event from its request body, checked (references, rules, series), not added."""
    await referenced(session, principal, Network, data.network_id, "network_id")
    principal.ensure_writable(data.network_id, "Network")
    await _check_references(session, principal, data.network_id, data.group_id, data.partner_ids)
    all_day = data.all_day if data.all_day is not None else not isinstance(data.start, datetime)
    start = local_time(data.start, data.timezone, all_day, "start")
    end = (
        local_time(data.end, data.timezone, all_day, "end")
        if data.end is not None
        else _default_end(start, all_day)
    )
    if not all_day and not data.rrule:  # a series keeps its time of day (see place())
        start, end = out_of_gap(start, end, zone(data.timezone))
    event = Event(
        **data.model_dump(
            exclude={"start", "end", "all_day", "partner_ids", "exdates", "url", "rrule"}
            | {"reminders"}
        ),
        reminders=await rules_json(
            session, principal, data.network_id, data.reminders, "reminders"
        ),
        uid=uid or uuid.uuid4().hex + "@vuosikello",
        url=str(data.url) if data.url else None,
        rrule=normalise_rrule(data.rrule) if data.rrule else None,
        all_day=all_day,
        start_local=start,
        end_local=end,
        exdates=[],
        **new_row(),
    )
    _validate_and_span(event)
    event.exdates = _recurrence_ids(data.exdates, event, "exdates")
    return event


async def _link_new(
    session: AsyncSession, created: list[tuple[Event, EventCreate]]
) -> list[list[uuid.UUID]]:
    """Insert the partner links of events just flushed; returns each one's partner ids. A new
    event has no links to delete and no overrides: nothing is asked about them."""
    linked = [sorted(set(data.partner_ids)) for _, data in created]
    links = [
        {"event_id": event.id, "partner_id": partner_id}
        for (event, _), partner_ids in zip(created, linked, strict=True)
        for partner_id in partner_ids
    ]
    if links:  # plain rows: nothing reads them back as objects in this transaction
        await (await session.connection()).execute(sa.insert(table_of(EventPartner)), links)
    return linked


async def update(
    session: AsyncSession, principal: Principal, event: Event, data: EventUpdate
) -> tuple[list[str], EventPublic]:
    """Returns the changed fields and the event's public view."""
    changes: dict[str, Any] = data.model_dump(exclude_unset=True)
    partner_ids = changes.pop("partner_ids", None)
    if changes.pop("reminders", None) is not None and data.reminders is not None:
        changes["reminders"] = await rules_json(
            session, principal, event.network_id, data.reminders, "reminders"
        )
    if changes.get("group_id") is not None or partner_ids:
        await _check_references(
            session, principal, event.network_id, changes.get("group_id"), partner_ids
        )
    if "url" in changes and changes["url"] is not None:
        changes["url"] = str(changes["url"])
    if changes.get("rrule"):
        changes["rrule"] = normalise_rrule(changes["rrule"])

    # Time fields: the truth is local wall time in the (possibly new) zone.
    tz = changes.pop("timezone", None) or event.timezone
    all_day = changes.pop("all_day", None)
    all_day = event.all_day if all_day is None else all_day
    old_start = event.start_local
    new_start_value = changes.pop("start", None)
    new_end_value = changes.pop("end", None)
    exdate_values = changes.pop("exdates", None)
    if all_day != event.all_day and new_start_value is None:
        raise ValidationFailed.field("start", "give a new start when switching all_day")
    start = local_time(new_start_value, tz, all_day, "start") if new_start_value else old_start
    if new_end_value is not None:
        end = local_time(new_end_value, tz, all_day, "end")
    elif new_start_value is not None:
        # Keep the duration when only the start moves.
        kept = start + (event.end_local - old_start) if all_day == event.all_day else None
        end = kept or _default_end(start, all_day)
    else:
        end = event.end_local
    if not all_day and not changes.get("rrule", event.rrule):
        start, end = out_of_gap(start, end, zone(tz))
    changes.update(timezone=tz, all_day=all_day, start_local=start, end_local=end)

    rrule_changed = "rrule" in changes and changes["rrule"] != event.rrule
    shift = start - old_start if all_day == event.all_day else None
    changed = apply_changes(event, changes)

    def mark(name: str) -> None:
        if not changed:
            event.touch()
        changed.append(name)

    if partner_ids is not None:
        current = (await partner_ids_of(session, [event.id]))[event.id]
        if sorted(set(partner_ids)) != current:
            await _set_partners(session, event, partner_ids)
            mark("partner_ids")
    if event.rrule is None and event.exdates:
        event.exdates = []
    if shift and not rrule_changed:
        # The whole series moved: keep each override and exdate on the occurrence it named.
        await _rekey_occurrences(session, event, shift)
    _validate_and_span(event)
    if exdate_values is not None:
        new_exdates = _recurrence_ids(exdate_values, event, "exdates")
        if new_exdates != list(event.exdates or []):
            event.exdates = new_exdates
            mark("exdates")
    if SEQUENCE_FIELDS & set(changed):
        event.sequence += 1
    await extend_span_for_overrides(session, event)
    await session.flush()
    cancelled = "status" in changed and event.status == EventStatus.cancelled
    public = await _announce(session, event, "cancelled" if cancelled else "updated", changed)
    return changed, public


async def _rekey_occurrences(session: AsyncSession, event: Event, shift: timedelta) -> None:
    def moved(rid: str) -> str:
        local = parse_recurrence_id(rid, event.all_day) + shift
        return format_recurrence_id(local, event.all_day)

    event.exdates = sorted(moved(rid) for rid in event.exdates or [])
    rows = (await overrides_of(session, [event.id]))[event.id]
    # Two passes so a shifted id never collides with one not yet shifted.
    for row in rows:
        row.recurrence_id = "~" + row.recurrence_id
    await session.flush()
    for row in rows:
        row.recurrence_id = moved(row.recurrence_id[1:])
        row.touch()


async def extend_span_for_overrides(session: AsyncSession, event: Event) -> None:
    """Moved occurrences may leave the series' span; widen it so window queries find them."""
    rows = (await overrides_of(session, [event.id]))[event.id]
    series = series_of(event)
    for row in rows:
        if row.start_local is None and row.end_local is None:
            continue
        try:
            original = parse_recurrence_id(row.recurrence_id, event.all_day)
        except RecurrenceError:
            continue
        occurrence = place(series, original, override_of(row))
        event.span_start = min(event.span_start, occurrence.start_utc)
        if event.span_end is not None:
            event.span_end = max(event.span_end, occurrence.end_utc)


async def delete(session: AsyncSession, event: Event) -> None:
    await _announce(session, event, "deleted")
    await session.delete(event)
    await session.flush()
