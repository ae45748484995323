"""A network's wheel for a year: its items from the one expansion path of the timeline
(app/occurrences), tasks from app/tasks, turned into the kernel's drawing model."""

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.auth.principal import Principal
from app.core.config import get_settings
from app.events.series import partner_ids_of
from app.groups.models import Group
from app.kernel.recurrence import to_utc
from app.kernel.wheel.geometry import month_starts
from app.kernel.wheel.model import KINDS, Item, Ring
from app.kernel.wheel.palette import NO_CATEGORY, colours_for
from app.kernel.wheel.text import word
from app.occurrences.service import timeline
from app.occurrences.window import Window
from app.partners.models import Partner
from app.tasks.models import Task
from app.tasks.schemas import TaskQuery
from app.tasks.service import get_all_tasks
from app.wheel.schemas import WheelOptions

OTHER = ""  # the ring key of items without a category, group or partner
# The rows whose names a ring or a partner list shows.
Named = TypeVar("Named", Group, Partner)


@dataclass(frozen=True)
class Drawable:
    """One occurrence or task that passed the filters, before it has a ring and a colour."""

    key: str
    kind: str
    title: str
    start: datetime
    end: datetime
    all_day: bool
    status: str
    category: str | None
    group_id: uuid.UUID | None
    partner_ids: list[uuid.UUID]
    location: str | None


def window_of(first: date, zone: ZoneInfo) -> Window:
    """The wheel's twelve months as the UTC window the timeline takes."""
    starts = month_starts(first)
    return Window(start=to_utc(starts[0], zone), end=to_utc(starts[12], zone))


def _local(value: date | datetime, zone: ZoneInfo) -> datetime:
    if isinstance(value, datetime):
        return value.astimezone(zone).replace(tzinfo=None) if value.tzinfo else value
    return datetime.combine(value, time())


async def _tasks(
    session: AsyncSession, principal: Principal, network_id: uuid.UUID, window: Window
) -> list[Task]:
    cap = get_settings().max_expanded_occurrences
    found: list[Task] = []
    cursor: str | None = None
    while True:
        query = TaskQuery(
            network_id=network_id, due_from=window.start.isoformat(),
            due_to=window.end.isoformat(), limit=cap, cursor=cursor,
        )  # fmt: skip
        page, cursor = await get_all_tasks(session, principal, query)
        found += page
        if cursor is None or len(found) >= cap:
            return found


async def _names(
    session: AsyncSession, model: type[Named], network_id: uuid.UUID
) -> dict[uuid.UUID, str]:
    rows = await session.exec(select(model.id, model.name).where(model.network_id == network_id))
    return dict(rows.all())


async def collect(
    session: AsyncSession,
    principal: Principal,
    network_id: uuid.UUID,
    options: WheelOptions,
    first: date,
    chosen_colours: dict[str, str],
    *,
    details: bool = True,
) -> tuple[list[Ring], list[Item], list[tuple[str, str]]]:
    """The rings, items and legend of one network's wheel year, filtered by the options;
    without `details` the partners are read only when rings or filters need them."""
    zone = get_settings().default_zone
    window = window_of(first, zone)
    cap = get_settings().max_expanded_occurrences
    kinds = set(options.kinds)
    only = "event" if kinds <= {"event", "task"} else None
    entries, _ = await timeline(
        session, principal, window, network_id=network_id, group_id=None, partner_id=None,
        category=None, limit=cap, cursor=None, kind=only, public=False,
    )  # fmt: skip
    events = {e.event_id: e for e in entries if e.kind == "event"}
    need_partners = details or options.rings == "partner" or bool(options.partners)
    linked = await partner_ids_of(session, list(events)) if need_partners else {}
    tasks = await _tasks(session, principal, network_id, window) if "task" in kinds else []
    partner_names = await _names(session, Partner, network_id) if need_partners else {}
    group_names = await _names(session, Group, network_id)
    groups, partners, categories = set(options.groups), set(options.partners), options.categories

    def partners_of(entry: Any) -> list[uuid.UUID]:
        if entry.kind == "event":
            return linked.get(entry.event_id, [])
        return [entry.partner_id] if getattr(entry, "partner_id", None) else []

    def wanted(
        kind: str, category: str | None, group_id: uuid.UUID | None, partner_ids: list[uuid.UUID]
    ) -> bool:
        return (
            kind in kinds
            and (not categories or category in categories)
            and (not groups or group_id in groups)
            and (not partners or bool(partners & set(partner_ids)))
        )

    raw: list[Drawable] = []
    for entry in entries:
        group_id = getattr(entry, "group_id", None)
        partner_ids = partners_of(entry)
        if not wanted(entry.kind, entry.category, group_id, partner_ids):
            continue
        title = entry.title if entry.kind != "milestone" else f"{entry.name}: {entry.title}"
        if entry.kind == "event":
            key = f"event:{entry.event_id}:{entry.recurrence_id}"
        elif entry.kind == "deadline":
            key = f"deadline:{entry.deadline_id}:{entry.recurrence_id}"
        else:
            key = f"milestone:{entry.deadline_id}:{entry.recurrence_id}:{entry.name}"
        start = _local(entry.start, zone)
        end = _local(entry.end, zone) if entry.kind == "event" else start
        raw.append(Drawable(
            key=key, kind=entry.kind, title=title, start=start, end=end,
            all_day=entry.all_day, status=str(entry.status), category=entry.category,
            group_id=group_id, partner_ids=partner_ids,
            location=getattr(entry, "location", None),
        ))  # fmt: skip
    for task in tasks:
        event = events.get(task.event_id)
        category = event.category if event else None
        group_id = event.group_id if event else None
        partner_ids = linked.get(task.event_id, [])
        if not wanted("task", category, group_id, partner_ids):
            continue
        start = _local(to_utc(task.due_local, ZoneInfo(task.timezone)), zone)
        raw.append(Drawable(
            key=f"task:{task.id}", kind="task", title=task.title, start=start, end=start,
            all_day=False, status=str(task.status), category=category, group_id=group_id,
            partner_ids=partner_ids, location=None,
        ))  # fmt: skip
    return _drawn(raw, options, chosen_colours, group_names, partner_names)


def _drawn(
    raw: list[Drawable],
    options: WheelOptions,
    chosen_colours: dict[str, str],
    group_names: dict[uuid.UUID, str],
    partner_names: dict[uuid.UUID, str],
) -> tuple[list[Ring], list[Item], list[tuple[str, str]]]:
    lang = options.lang
    colours = colours_for([r.category for r in raw if r.category], chosen_colours)

    def ring_of(r: Drawable) -> tuple[str, str]:
        if options.rings == "kind":
            return r.kind, word(lang, r.kind)
        if options.rings == "category":
            return r.category or OTHER, r.category or word(lang, "other")
        if options.rings == "group":
            name = group_names.get(r.group_id) if r.group_id else None
            return (str(r.group_id), name) if name else (OTHER, word(lang, "other"))
        named = sorted((partner_names[p], str(p)) for p in r.partner_ids if p in partner_names)
        return (named[0][1], named[0][0]) if named else (OTHER, word(lang, "other"))

    rings: dict[str, str] = {}
    items: list[Item] = []
    for r in raw:
        key, label = ring_of(r)
        rings[key] = label
        names = sorted(partner_names[p] for p in r.partner_ids if p in partner_names)
        colour = colours.get(r.category, NO_CATEGORY) if r.category else NO_CATEGORY
        items.append(Item(
            key=r.key, kind=r.kind, title=r.title, start=r.start, end=r.end,
            all_day=r.all_day, ring=key, colour=colour, status=r.status,
            category=r.category, partner=", ".join(names), location=r.location,
        ))  # fmt: skip
    if options.rings == "kind":
        order = sorted(rings, key=KINDS.index)
    else:
        order = sorted(rings, key=lambda k: (k == OTHER, rings[k].casefold()))
    legend = sorted(colours.items(), key=lambda kv: kv[0].casefold())
    if any(i.category is None for i in items):
        legend.append((word(lang, "other"), NO_CATEGORY))
    return [Ring(k, rings[k]) for k in order], items, legend
