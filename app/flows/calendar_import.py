"""Import an .ics file into a network: create or update events by UID, item by item.

Everything goes through app/flows/schedule.py and app/events/service.py, so imported changes
validate, bump SEQUENCE, announce and move their reminders exactly like API edits. Each series
is checked in pure code first (app/kernel/ical/parse.py), so a bad item is reported and
skipped before anything is written.
"""

import asyncio
import re
import uuid
from collections.abc import Callable
from typing import Any, Literal

from pydantic import ValidationError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.auth.principal import Principal
from app.core.config import get_settings
from app.core.errors import NotFound, PayloadTooLarge, ValidationFailed, VuosikelloError
from app.core.offload import OffloadTimeout, run_in_process
from app.deadlines.models import Deadline
from app.events.models import Event
from app.events.schemas import EventCreate, EventUpdate, OccurrenceUpdate
from app.events.series import overrides_of
from app.feeds.schemas import ImportItem, ImportReport
from app.flows import schedule
from app.flows.operator import OPERATOR, operator_session
from app.kernel.ical.parse import (
    CalendarParseError,
    CalendarTooLarge,
    Caps,
    ImportedEvent,
    Rejected,
    parse_calendar,
)
from app.kernel.recurrence import parse_recurrence_id
from app.networks.models import Network
from app.tasks.models import Task

MAX_UID = 100
# The UIDs the feed itself gives deadlines, their milestones and tasks (app/feeds/deadlines.py):
# an event stored under one would be a second component with that UID in the feed.
OWN_UID = re.compile(
    r"(?P<kind>deadline|task)-(?P<id>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"
    r"(?:-m\d+-[0-9t]+)?@vuosikello",
    re.IGNORECASE,
)
CAP_SETTINGS = {
    "components": "VUOSIKELLO_MAX_IMPORT_COMPONENTS",
    "properties": "VUOSIKELLO_MAX_IMPORT_PROPERTIES",
}


def network_uid(network_id: uuid.UUID, uid: str) -> str:
    """The UID stored when the original is taken by another network (or too long): stable per
    (network, UID), so a second import still finds it, and revealing nothing."""
    return uuid.uuid5(network_id, uid).hex + "@import.vuosikello"


def _fields(item: ImportedEvent) -> dict[str, Any]:
    url = item.url if item.url and item.url.startswith(("http://", "https://")) else None
    return {
        "title": item.title,
        "description": item.description,
        "location": item.location,
        "category": item.category,
        "start": item.start.date() if item.all_day else item.start,
        "end": item.end.date() if item.all_day else item.end,
        "all_day": item.all_day,
        "timezone": item.timezone,
        "rrule": item.rrule,
        "exdates": [d.date() if item.all_day else d for d in item.exdates],
        "status": item.status,
        "url": url,
    }


def _same_rule(a: str | None, b: str | None) -> bool:
    def parts(rule: str | None) -> dict[str, str]:
        return dict(p.split("=", 1) for p in (rule or "").split(";") if "=" in p)

    return parts(a) == parts(b)


async def _find(session: AsyncSession, network_id: uuid.UUID, uid: str) -> tuple[Event | None, str]:
    """The event this UID names in the network, and the UID to store for a new one."""
    derived = network_uid(network_id, uid)
    rows = (await session.exec(select(Event).where(col(Event.uid).in_([uid, derived])))).all()
    mine = [e for e in rows if e.network_id == network_id]
    if mine:
        return mine[0], mine[0].uid
    taken = any(e.uid == uid for e in rows) or OWN_UID.fullmatch(uid) is not None
    return None, derived if taken or len(uid) > MAX_UID else uid


async def _exported_here(session: AsyncSession, network_id: uuid.UUID, uid: str) -> str | None:
    """Why a UID of the feed's own namespace is refused: it names a deadline or task of this
    very network (re-importing the network's own export), which already is in the wheel.
    Any other such UID (another network's export) is imported under a UID of its own."""
    match = OWN_UID.fullmatch(uid)
    if match is None:
        return None
    id = uuid.UUID(match["id"])
    kind = match["kind"].lower()
    row: Deadline | Task | None = (
        await session.get(Deadline, id) if kind == "deadline" else await session.get(Task, id)
    )
    if row is None or row.network_id != network_id:
        return None
    return (
        f"this is {kind} {row.id} of this network, as its feed exports it; it is in the "
        f"wheel already (edit it through /v1/{kind}s/{row.id})"
    )


async def _parse(data: bytes) -> tuple[list[ImportedEvent], list[Rejected]]:
    """Parse in a child process within the time cap, so that no other request waits."""
    settings = get_settings()
    caps = Caps(
        components=settings.max_import_components, properties=settings.max_import_properties
    )
    try:
        parsed: tuple[list[ImportedEvent], list[Rejected]] = await run_in_process(
            parse_calendar,
            data,
            settings.default_timezone,
            caps,
            seconds=settings.import_parse_seconds,
        )
        return parsed
    except CalendarTooLarge as exc:
        raise ValidationFailed.field(
            "file", f"{exc} (the cap is the setting {CAP_SETTINGS[exc.cap]})"
        ) from exc
    except CalendarParseError as exc:
        raise ValidationFailed.field("file", str(exc)) from exc
    except OffloadTimeout as exc:
        raise PayloadTooLarge(
            f"Reading the file took longer than {settings.import_parse_seconds:g} s (the "
            "setting VUOSIKELLO_IMPORT_PARSE_SECONDS): split it into smaller files"
        ) from exc


async def _sync_instances(session: AsyncSession, event: Event, item: ImportedEvent) -> bool:
    changed = False
    wanted = {i.recurrence_id: i for i in item.instances}
    existing = {
        row.recurrence_id: row for row in (await overrides_of(session, [event.id]))[event.id]
    }
    duration = event.end_local - event.start_local
    for rid, inst in wanted.items():
        row = existing.get(rid)
        if inst.cancelled:
            if row is None or not row.cancelled:
                await schedule.cancel_occurrence(session, event, rid)
                changed = True
            continue
        original = parse_recurrence_id(rid, event.all_day)
        moved = inst.start != original or inst.end != original + duration
        body = {
            "start": (inst.start.date() if event.all_day else inst.start) if moved else None,
            "end": (inst.end.date() if event.all_day else inst.end) if moved else None,
            "title": inst.title if inst.title != event.title else None,
            "description": inst.description if inst.description != event.description else None,
            "location": inst.location if inst.location != event.location else None,
        }
        same = False
        if row is not None and not row.cancelled:
            current = {
                "start": row.start_local,
                "end": row.end_local,
                "title": row.title,
                "description": row.description,
                "location": row.location,
            }
            wanted_local = {
                **body,
                "start": inst.start if moved else None,
                "end": inst.end if moved else None,
            }
            same = current == wanted_local
        if not same:
            await schedule.replace_occurrence(
                session, event, rid, OccurrenceUpdate.model_validate(body)
            )
            changed = True
    for rid in set(existing) - set(wanted):
        # The source no longer overrides this occurrence: restore it.
        await schedule.replace_occurrence(session, event, rid, OccurrenceUpdate())
        changed = True
    return changed


async def import_calendar(
    session: AsyncSession,
    principal: Principal,
    network_id: uuid.UUID,
    data: bytes,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    if await session.get(Network, network_id) is None:
        raise NotFound("Network not found")
    principal.ensure_writable(network_id, "Network")
    imported, rejected = await _parse(data)
    items = [
        ImportItem(uid=r.uid, title=r.title, result="rejected", reason=r.reason) for r in rejected
    ]
    total = len(imported)
    for index, item in enumerate(imported):
        items.append(await _import_one(session, principal, network_id, item))
        if progress:
            progress(index + 1, total)
        await asyncio.sleep(0)  # between items, other requests of this process get their turn
    counts = {
        k: sum(1 for i in items if i.result == k)
        for k in ("created", "updated", "unchanged", "rejected")
    }
    return ImportReport(**counts, items=items)


async def _import_one(
    session: AsyncSession, principal: Principal, network_id: uuid.UUID, item: ImportedEvent
) -> ImportItem:
    refused = await _exported_here(session, network_id, item.uid)
    if refused:
        return ImportItem(uid=item.uid, title=item.title, result="rejected", reason=refused)
    event, uid = await _find(session, network_id, item.uid)
    result: Literal["created", "updated", "unchanged"]
    try:
        fields = _fields(item)
        if event is None:
            event, _ = await schedule.create_event(
                session, principal, EventCreate(network_id=network_id, **fields), uid=uid
            )
            await _sync_instances(session, event, item)
            result = "created"
        else:
            if _same_rule(event.rrule, fields["rrule"]):
                fields["rrule"] = event.rrule  # parsers reorder parts: not a change
            changed, _ = await schedule.update_event(
                session, principal, event, EventUpdate(**fields)
            )
            instances_changed = await _sync_instances(session, event, item)
            result = "updated" if changed or instances_changed else "unchanged"
    except ValidationError as exc:
        reason = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        return ImportItem(uid=item.uid, title=item.title, result="rejected", reason=reason)
    except VuosikelloError as exc:
        return ImportItem(uid=item.uid, title=item.title, result="rejected", reason=exc.detail)
    stored = None if event.uid == item.uid else event.uid
    return ImportItem(
        uid=item.uid, title=item.title, result=result, event_id=event.id, stored_uid=stored
    )


async def import_file(
    data: bytes, network_id: uuid.UUID, progress: Callable[[int, int], None] | None = None
) -> ImportReport:
    """`vuosikello import`: as an operator (admin), in one transaction."""
    async with operator_session() as session:
        return await import_calendar(session, OPERATOR, network_id, data, progress)
