"""Parse an .ics file (Outlook, Google, Plandisc, Radicale exports) into series to import.

Pure: no database. Each VEVENT series becomes an `ImportedEvent` in local wall time of its
DTSTART zone, with its RECURRENCE-ID instances; what cannot become an event is a `Rejected`
with the reason, so the caller can report item by item.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar

from app.kernel.ical.reasons import rejection
from app.kernel.recurrence import (
    RecurrenceError,
    Series,
    format_recurrence_id,
    is_occurrence,
    to_local,
    validate_series,
)
from app.kernel.rrule_text import normalise_rrule, repeated_part

LIMITS = {"title": 300, "description": 10_000, "location": 500, "category": 100}


class CalendarParseError(ValueError):
    """The file is not an iCalendar object at all."""


class CalendarTooLarge(CalendarParseError):
    """The file is over one of the caps of `Caps`; `cap` names which one."""

    def __init__(self, message: str, cap: str) -> None:
        super().__init__(message)
        self.cap = cap

    def __reduce__(self) -> tuple[Any, ...]:
        # The message and the cap survive pickling out of a worker process.
        return (self.__class__, (str(self), self.cap))


@dataclass(frozen=True)
class Caps:
    """What one upload may hold, checked in one pass over the lines before icalendar builds
    anything: a component of 300,000 properties would otherwise take icalendar 13 s."""

    components: int | None = None  # besides VTIMEZONE
    properties: int | None = None  # per component


@dataclass
class ImportedInstance:
    recurrence_id: str
    cancelled: bool
    start: datetime
    end: datetime
    title: str | None = None
    description: str | None = None
    location: str | None = None


@dataclass
class ImportedEvent:
    uid: str
    title: str
    start: datetime  # naive local
    end: datetime
    timezone: str
    all_day: bool
    status: str = "confirmed"
    description: str | None = None
    location: str | None = None
    category: str | None = None
    url: str | None = None
    rrule: str | None = None
    exdates: list[datetime] = field(default_factory=list)
    instances: list[ImportedInstance] = field(default_factory=list)


@dataclass
class Rejected:
    uid: str | None
    title: str | None
    reason: str


def _text(component: Any, name: str, limit: str | None = None) -> str | None:
    value = component.get(name)
    if value is None:
        return None
    if isinstance(value, list):
        value = value[0]
    text = str(value).strip().replace("\x00", "")
    if limit:
        text = text[: LIMITS[limit]]
    return text or None


def _valid_zone(name: str | None) -> bool:
    try:
        return bool(name) and ZoneInfo(str(name)) is not None
    except (ZoneInfoNotFoundError, ValueError):
        return False


def _same_rules(a: str, b: str) -> bool:
    """Whether two zones agree on the offset at every sampled instant of two years."""
    za, zb = ZoneInfo(a), ZoneInfo(b)
    instant = datetime(2026, 1, 1, tzinfo=ZoneInfo("UTC"))
    for _ in range(2 * 365):
        if instant.astimezone(za).utcoffset() != instant.astimezone(zb).utcoffset():
            return False
        instant += timedelta(days=1, hours=1)
    return True


def _zone_name(prop: Any, value: datetime, default: str) -> str:
    """The IANA zone of a DTSTART. Outlook writes Windows names ("FLE Standard Time"), which
    icalendar maps to one of several IANA zones; one that keeps the default zone's rules is
    read as the default (Helsinki, not Kyiv)."""
    tzid = prop.params.get("TZID") if hasattr(prop, "params") else None
    if _valid_zone(tzid):
        return str(tzid)
    key = getattr(value.tzinfo, "key", None)
    if not key or key == "UTC" or not _valid_zone(key):
        return default
    return default if _same_rules(key, default) else key


def _local(value: date | datetime, zone: str, all_day: bool) -> datetime:
    """A DTSTART-like value → naive local wall time in `zone` (floating time is local)."""
    if not isinstance(value, datetime):
        return datetime.combine(value, time())
    if value.tzinfo is not None:
        value = to_local(value, ZoneInfo(zone))
    value = value.replace(microsecond=0)
    return datetime.combine(value.date(), time()) if all_day else value


def _category(component: Any) -> str | None:
    value = component.get("CATEGORIES")
    if value is None:
        return None
    for entry in value if isinstance(value, list) else [value]:
        for cat in getattr(entry, "cats", [entry]):
            text = str(cat).replace("\\,", ",").strip()
            if text:
                return text[: LIMITS["category"]]
    return None


def _dates(component: Any, name: str) -> list[Any]:
    value = component.get(name)
    if value is None:
        return []
    found = []
    for entry in value if isinstance(value, list) else [value]:
        found += [d.dt for d in entry.dts]
    return found


def _series(component: Any, default_zone: str) -> ImportedEvent:
    uid = _text(component, "UID")
    if "DTSTART" not in component:
        raise ValueError("no DTSTART")
    start_value = component.decoded("DTSTART")
    all_day = not isinstance(start_value, datetime)
    zone = default_zone if all_day else _zone_name(component["DTSTART"], start_value, default_zone)
    start = _local(start_value, zone, all_day)
    if "DTEND" in component:
        end = _local(component.decoded("DTEND"), zone, all_day)
    elif "DURATION" in component:
        end = start + component.decoded("DURATION")
    else:
        end = start + (timedelta(days=1) if all_day else timedelta())
    if any(name in component for name in ("RDATE", "EXRULE")):
        raise ValueError("RDATE and EXRULE are not supported; use one RRULE and EXDATEs")
    rrule = None
    if "RRULE" in component:
        rules = component["RRULE"]
        if isinstance(rules, list):
            if len(rules) > 1:
                raise ValueError("more than one RRULE")
            rules = rules[0]
        rrule = normalise_rrule(rules.to_ical().decode())
    status = str(component.get("STATUS", "CONFIRMED")).lower()
    return ImportedEvent(
        uid=uid or "",
        title=_text(component, "SUMMARY", "title") or "(untitled)",
        description=_text(component, "DESCRIPTION", "description"),
        location=_text(component, "LOCATION", "location"),
        category=_category(component),
        url=_text(component, "URL"),
        status=status if status in ("tentative", "cancelled") else "confirmed",
        all_day=all_day,
        timezone=zone,
        start=start,
        end=end,
        rrule=rrule,
        exdates=[_local(d, zone, all_day) for d in _dates(component, "EXDATE")],
    )


def _instance(component: Any, event: ImportedEvent, series: Series) -> ImportedInstance:
    original = _local(component.decoded("RECURRENCE-ID"), event.timezone, event.all_day)
    rid = format_recurrence_id(original, event.all_day)
    if not is_occurrence(series, rid):
        raise ValueError(f"RECURRENCE-ID {rid} is not an occurrence of the series")
    start = (
        _local(component.decoded("DTSTART"), event.timezone, event.all_day)
        if "DTSTART" in component
        else original
    )
    if "DTEND" in component:
        end = _local(component.decoded("DTEND"), event.timezone, event.all_day)
    elif "DURATION" in component:
        end = start + component.decoded("DURATION")
    else:
        end = start + (event.end - event.start)
    cancelled = str(component.get("STATUS", "")).upper() == "CANCELLED"
    return ImportedInstance(
        recurrence_id=rid,
        cancelled=cancelled,
        start=start,
        end=end,
        title=_text(component, "SUMMARY", "title"),
        description=_text(component, "DESCRIPTION", "description"),
        location=_text(component, "LOCATION", "location"),
    )


_FOLD = re.compile(r"\r?\n[ \t]")
_LINE = re.compile(r"\r?\n")


def _name(content_line: str) -> str:
    return content_line.split(":", 1)[0].split(";", 1)[0].strip().upper()


def _prescan(data: bytes, caps: Caps) -> dict[int, str]:
    """Check the caps line by line, and find RRULEs that repeat a part (icalendar silently
    keeps the last one): {position among the calendars' components: reason}."""
    text = _FOLD.sub("", data.decode("utf-8", errors="replace"))
    stack: list[list[Any]] = []  # [name, properties, reason] per open component
    components = position = 0
    bad: dict[int, str] = {}
    for content_line in _LINE.split(text):
        head = content_line[:6].upper()
        if head.startswith("BEGIN:"):
            name = content_line[6:].strip().upper()
            if len(stack) == 1:
                position += 1
            if len(stack) == 1 and name != "VTIMEZONE":
                components += 1
            stack.append([name, 0, None])
        elif head.startswith("END:"):
            if stack:
                reason = stack.pop()[2]
                if reason:
                    bad[position - 1] = reason
        elif stack and content_line.strip():
            top = stack[-1]
            top[1] += 1
            if caps.properties is not None and top[1] > caps.properties:
                raise CalendarTooLarge(
                    f"a {top[0]} has more than {caps.properties} properties; at most "
                    f"{caps.properties} are read per component",
                    "properties",
                )
            if head.startswith("RRULE") and _name(content_line) == "RRULE":
                part = repeated_part(content_line.split(":", 1)[-1])
                if part:
                    top[2] = f"RRULE: {part} appears more than once; RFC 5545 allows each once"
    if caps.components is not None and components > caps.components:
        raise CalendarTooLarge(
            f"has {components} components; at most {caps.components} may be imported at "
            "once: split the file",
            "components",
        )
    return bad


def parse_calendar(
    data: bytes, default_zone: str = "Europe/Helsinki", caps: Caps = Caps()
) -> tuple[list[ImportedEvent], list[Rejected]]:
    """Events by UID, and what was rejected. A file over `caps` is refused as a whole
    (`CalendarTooLarge`): one upload may not keep a worker busy for long."""
    bad_rules = _prescan(data, caps)
    try:
        calendars = icalendar.Calendar.from_ical(data, multiple=True)
    except Exception as exc:  # icalendar raises many kinds on garbage
        raise CalendarParseError(f"not an iCalendar file: {exc}") from exc
    if not calendars:
        raise CalendarParseError("not an iCalendar file: no VCALENDAR")
    groups: dict[str, list[Any]] = defaultdict(list)
    rejected: list[Rejected] = []
    refused: dict[str, str] = {}  # UID → why its series is refused as a whole
    position = 0
    for calendar in calendars:
        for component in calendar.subcomponents:
            position += 1
            if component.name in ("VTIMEZONE",):
                continue
            title = _text(component, "SUMMARY")
            uid = _text(component, "UID")
            if component.name != "VEVENT":
                rejected.append(Rejected(uid, title, f"{component.name} is not imported"))
            elif not uid:
                rejected.append(Rejected(None, title, "no UID"))
            else:
                groups[uid].append(component)
                if position - 1 in bad_rules:
                    refused.setdefault(uid, bad_rules[position - 1])
    imported = []
    for uid, components in groups.items():
        masters = [c for c in components if "RECURRENCE-ID" not in c]
        title = _text((masters or components)[0], "SUMMARY")
        if uid in refused:
            rejected.append(Rejected(uid, title, refused[uid]))
            continue
        if len(masters) != 1:
            reason = "recurrence instances without their series" if not masters else "UID twice"
            rejected.append(Rejected(uid, title, reason))
            continue
        try:
            event = _series(masters[0], default_zone)
            series = Series(
                start=event.start,
                end=event.end,
                zone=ZoneInfo(event.timezone),
                all_day=event.all_day,
                rrule=event.rrule,
            )
            validate_series(series)
            for d in event.exdates:
                rid = format_recurrence_id(d, event.all_day)
                if not is_occurrence(series, rid):
                    raise ValueError(f"EXDATE {rid} is not an occurrence of the series")
            event.instances = [
                _instance(c, event, series) for c in components if c is not masters[0]
            ]
        except (RecurrenceError, ValueError, KeyError, TypeError, OverflowError) as exc:
            rejected.append(Rejected(uid, title, rejection(components, exc)))
            continue
        imported.append(event)
    return imported, rejected
