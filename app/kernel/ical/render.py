"""The calendar renderer: feed items → RFC 5545 / RFC 7986 bytes.

Pure and clock-free: the same items always give the same bytes, so an unchanged feed is
byte-identical between GETs. Events, deadlines, milestones and tasks are all `FeedItem`s.
"""

import re
from collections.abc import Hashable, Iterable, Iterator, MutableMapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from operator import attrgetter

from app.kernel.ical.text import CRLF, FOLD_OCTETS, escape_text, fold, line, param_value, text_line
from app.kernel.ical.vtimezone import vtimezone
from app.kernel.recurrence import (
    RecurrenceError,
    Series,
    build_rule,
    format_recurrence_id,
    parse_recurrence_id,
    simple_step,
    stepped_originals,
    to_utc,
)
from app.kernel.rrule_text import until_local
from app.kernel.timefields import zone as zone_of
from app.kernel.wallclock import out_of_gap, repeated, shaky, switch_hours, switches

_uid = attrgetter("uid")
PRODID = "-//Vuosikello//Vuosikello iCal feed 1.0//FI"
_UNTIL = re.compile(r"UNTIL=([0-9TZ]+)")


# Plain slotted dataclasses: frozen ones set each field through object.__setattr__, a
# measurable cost at 5,000 items per render.
@dataclass(slots=True)
class Instance:
    """One overridden occurrence (moved, retitled or cancelled), placed by the timeline."""

    recurrence_id: str
    start: datetime  # naive local
    end: datetime
    cancelled: bool
    last_modified: datetime  # aware UTC
    title: str | None = None
    description: str | None = None
    location: str | None = None


@dataclass(slots=True)
class FeedItem:
    """A series (or single item) as a calendar shows it."""

    uid: str
    title: str
    start: datetime  # naive local; midnight for all-day
    end: datetime  # exclusive
    timezone: str
    last_modified: datetime | None  # aware UTC; None only when `stamp` is given
    all_day: bool = False
    description: str | None = None
    location: str | None = None
    url: str | None = None
    categories: tuple[str, ...] = ()
    status: str = "CONFIRMED"  # CONFIRMED, TENTATIVE or CANCELLED
    sequence: int = 0
    rrule: str | None = None
    exdates: tuple[str, ...] = ()
    instances: tuple[Instance, ...] = ()
    # RFC 5545 DURATIONs from the start (-P1D: a day before) at which clients alert.
    alarms: tuple[str, ...] = ()
    # Names this exact content (e.g. row id + versions): its VEVENTs can be reused.
    key: Hashable | None = None
    # DTSTAMP / LAST-MODIFIED text when the loader has it cheaper than formatting last_modified.
    stamp: str | None = None


@dataclass(frozen=True)
class CalendarMeta:
    name: str
    description: str = ""
    refresh: timedelta = timedelta(hours=1)
    extra_tzids: tuple[str, ...] = field(default=())


def duration(delta: timedelta) -> str:
    """RFC 5545 DURATION (§3.3.6) of a whole number of seconds."""
    seconds = int(delta.total_seconds())
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    days, seconds = divmod(seconds, 86_400)
    hours, seconds = divmod(seconds, 3_600)
    minutes, seconds = divmod(seconds, 60)
    if days and not (hours or minutes or seconds) and days % 7 == 0:
        return f"{sign}P{days // 7}W"
    out = f"{sign}P{days}D" if days else f"{sign}P"
    if hours or minutes or seconds or not days:
        out += "T" + (f"{hours}H" if hours else "")
        out += f"{minutes}M" if minutes else ""
        out += f"{seconds}S" if seconds or not (hours or minutes) else ""
    return out


# isoformat() is C-fast; strftime was a tenth of a 5,000-event render.
def _basic(iso: str) -> str:
    return iso.replace("-", "").replace(":", "")


def utc_stamp(instant: datetime) -> str:
    if instant.tzinfo is not UTC:
        instant = instant.astimezone(UTC)
    return _basic(instant.replace(tzinfo=None, microsecond=0).isoformat()) + "Z"


def _local_stamp(local: datetime) -> str:
    # isoformat()[:19] drops microseconds without building another datetime.
    return local.isoformat()[:19].replace("-", "").replace(":", "")


@lru_cache(maxsize=256)
def _zoned(name: str, tzid: str) -> tuple[str, bool]:
    """`NAME;TZID=...:` and whether a line of it with a local DATE-TIME needs no folding."""
    head = f"{name};TZID={param_value(tzid)}:"
    return head, head.isascii() and len(head) + 15 <= FOLD_OCTETS


def _when(name: str, local: datetime, item: FeedItem) -> str:
    if item.all_day:
        return f"{name};VALUE=DATE:{_basic(local.date().isoformat())}\r\n"
    head, short = _zoned(name, item.timezone)
    text = head + _local_stamp(local)
    # Zone names are ASCII: a short line needs no folding (most of 10,000 lines a render).
    return text + CRLF if short else fold(text)


def _span(start: datetime, end: datetime, item: FeedItem, series: bool = False) -> str:
    """DTSTART and DTEND. When either is a repeated wall time (the autumn hour) both are
    written as UTC, the repeat as its first instant (RFC 5545 §3.3.5): parsers read it as local
    time differently. A series' own start stays local, or its occurrences would lose their
    time of day."""
    if not (item.all_day or series):
        zone = zone_of(item.timezone)
        if repeated(start, zone) or repeated(end, zone):
            return (
                f"DTSTART:{utc_stamp(to_utc(start, zone))}\r\n"
                f"DTEND:{utc_stamp(to_utc(end, zone))}\r\n"
            )
    return _when("DTSTART", start, item) + _when("DTEND", end, item)


@lru_cache(maxsize=256)
def _categories(categories: tuple[str, ...]) -> str:
    # A feed has a handful of distinct category sets.
    return fold("CATEGORIES:" + ",".join(escape_text(c) for c in categories))


def ical_rrule(rule: str, timezone: str, all_day: bool) -> str:
    """The stored RRULE with UNTIL in the form RFC 5545 requires for the DTSTART: a DATE for
    all-day series, UTC for zoned ones (our own store also allows local UNTIL)."""
    if "UNTIL=" not in rule:
        return rule
    zone = zone_of(timezone)

    def replace(match: re.Match[str]) -> str:
        local = until_local(match.group(1), zone)
        if all_day:
            return "UNTIL=" + local.strftime("%Y%m%d")
        return "UNTIL=" + utc_stamp(to_utc(local, zone))

    return _UNTIL.sub(replace, rule)


def _recurrence_stamp(rid: str, all_day: bool) -> str:
    local = parse_recurrence_id(rid, all_day)
    return local.strftime("%Y%m%d") if all_day else _local_stamp(local)


def _description(text: str | None, url: str | None) -> str | None:
    # Most clients ignore URL, so the link is repeated where people read.
    if url and (not text or url not in text):
        return f"{text}\n\n{url}" if text else url
    return text


@lru_cache(maxsize=8192)
def _short_line(name: str, value: str) -> str:
    """Titles and locations repeat across a wheel (yearly meetings, the same rooms): each is
    escaped and folded once. Long descriptions are not cached."""
    return text_line(name, value)


def _common(item: FeedItem, title: str, description: str | None, location: str | None) -> str:
    out = _short_line("SUMMARY", title)
    if item.url:
        description = _description(description, item.url)
    if description:
        out += fold(f"DESCRIPTION:{escape_text(description)}")
    if location:
        out += _short_line("LOCATION", location)
    if item.categories:
        out += _categories(item.categories)
    if item.url:
        out += line("URL", item.url, VALUE="URI")
    return out


def _alarms(item: FeedItem, title: str) -> str:
    return _alarm_block(title, item.alarms) if item.alarms else ""


@lru_cache(maxsize=8192)
def _alarm_block(title: str, offsets: tuple[str, ...]) -> str:
    """VALARMs at RFC 5545 DURATIONs before (-) or after the start (TRIGGER relates to
    DTSTART by default), with the item's title as the text a client shows."""
    description = text_line("DESCRIPTION", title)
    return "".join(
        f"BEGIN:VALARM\r\nACTION:DISPLAY\r\n{description}TRIGGER:{offset}\r\nEND:VALARM\r\n"
        for offset in offsets
    )


def _recurrence(item: FeedItem) -> str:
    """RRULE and EXDATE lines of a series."""
    out = fold("RRULE:" + ical_rrule(item.rrule, item.timezone, item.all_day))  # type: ignore[arg-type]
    if item.exdates:
        stamps = ",".join(_recurrence_stamp(r, item.all_day) for r in sorted(item.exdates))
        if item.all_day:
            out += line("EXDATE", stamps, VALUE="DATE")
        else:
            out += line("EXDATE", stamps, TZID=item.timezone)
    return out


def _single(item: FeedItem) -> FeedItem:
    """A single (non-recurring) item with its one occurrence changed, as one VEVENT:
    ical.js (Thunderbird) ignores a RECURRENCE-ID on a VEVENT without RRULE."""
    instance = item.instances[0]
    changed = instance.last_modified
    if item.last_modified is not None and item.last_modified > changed:
        changed = item.last_modified
    return replace(
        item,
        start=instance.start,
        end=instance.end,
        status="CANCELLED" if instance.cancelled else item.status,
        title=instance.title or item.title,
        description=instance.description or item.description,
        location=instance.location or item.location,
        instances=(),
        last_modified=changed,
        stamp=None if item.stamp is None or item.stamp < utc_stamp(changed) else item.stamp,
    )


def _switch_instances(item: FeedItem) -> tuple[Instance, ...]:
    """The occurrences of a series that start in a DST gap or repeat, as instances whose
    times every parser reads alike; the RECURRENCE-ID stays the generated local time, which
    all four parsers match. Looked for up to the last year of `wallclock.switches`."""
    tz = zone_of(item.timezone)
    rule_text = item.rrule or ""
    by_time = any(p in rule_text for p in ("BYHOUR", "BYMINUTE", "BYSECOND"))
    if item.all_day or (not by_time and item.start.hour not in switch_hours(tz)):
        return ()
    series = Series(item.start, item.end, tz, False, item.rrule)
    try:
        rule = build_rule(series)
    except RecurrenceError:
        return ()
    assert rule is not None  # the item has an rrule
    last = switches(tz)[-1][1] if switches(tz) else item.start
    taken = {i.recurrence_id for i in item.instances} | set(item.exdates)
    step = simple_step(series)
    originals = (
        stepped_originals(rule, step, item.start) if step else rule.xafter(item.start, inc=True)
    )
    changed = item.last_modified or datetime.strptime(item.stamp or "", "%Y%m%dT%H%M%SZ")
    found = []
    for original in originals:
        if original > last:
            break
        if not shaky(original, tz):
            continue
        rid = format_recurrence_id(original, False)
        if rid not in taken:
            start, end = out_of_gap(original, original + series.duration, tz)
            found.append(Instance(rid, start, end, False, changed.replace(tzinfo=UTC)))
    return tuple(found)


def render_item(item: FeedItem) -> str:
    """The VEVENTs of one item: the series, then its overridden instances."""
    if item.instances and not item.rrule:
        item = _single(item)
    if not item.all_day and not item.rrule:
        start, end = out_of_gap(item.start, item.end, zone_of(item.timezone))
        if (start, end) != (item.start, item.end):
            item = replace(item, start=start, end=end)
    elif item.rrule:
        extra = _switch_instances(item)
        item = replace(item, instances=item.instances + extra) if extra else item
    stamp = item.stamp or utc_stamp(item.last_modified)  # type: ignore[arg-type]
    uid = fold(f"UID:{escape_text(item.uid)}")
    # One f-string per VEVENT: a cold render builds 5,000 of them.
    out = (
        f"BEGIN:VEVENT\r\n{uid}DTSTAMP:{stamp}\r\nLAST-MODIFIED:{stamp}\r\n"
        f"SEQUENCE:{item.sequence}\r\n{_span(item.start, item.end, item, bool(item.rrule))}"
        f"{_recurrence(item) if item.rrule else ''}"
        f"STATUS:{item.status}\r\n{_common(item, item.title, item.description, item.location)}"
        f"{'' if item.status == 'CANCELLED' else _alarms(item, item.title)}END:VEVENT\r\n"
    )
    if not item.instances:
        return out
    parts = [out]
    for instance in sorted(item.instances, key=lambda i: i.recurrence_id):
        title = instance.title or item.title
        stamp = utc_stamp(instance.last_modified)
        rid = _recurrence_stamp(instance.recurrence_id, item.all_day)
        rid_params = {"VALUE": "DATE"} if item.all_day else {"TZID": item.timezone}
        start, end = instance.start, instance.end
        if not item.all_day:
            start, end = out_of_gap(start, end, zone_of(item.timezone))
        parts += [
            f"BEGIN:VEVENT\r\n{uid}DTSTAMP:{stamp}\r\nLAST-MODIFIED:{stamp}\r\n",
            line("RECURRENCE-ID", rid, **rid_params),
            f"SEQUENCE:{item.sequence}\r\n",
            _span(start, end, item),
            "STATUS:CANCELLED\r\n" if instance.cancelled else f"STATUS:{item.status}\r\n",
            _common(
                item,
                title,
                instance.description or item.description,
                instance.location or item.location,
            ),
            "" if instance.cancelled else _alarms(item, title),
            "END:VEVENT\r\n",
        ]
    return "".join(parts)


def _rendered(
    items: list[FeedItem], fragments: MutableMapping[Hashable, str] | None
) -> Iterator[str]:
    if fragments is None:
        yield from map(render_item, items)
        return
    fresh = {}
    for item in items:
        key = item.key
        # `in` first: a cold render misses every time, and a miss should cost no more.
        if key is not None and key in fragments:
            yield fragments[key]
            continue
        text = render_item(item)
        if key is not None:
            fresh[key] = text
        yield text
    fragments.update(fresh)


def clear_caches() -> None:
    """Forget the per-process line caches (benchmarks measure a cold render with this)."""
    for cached in (_short_line, _alarm_block, _categories, _zoned):
        cached.cache_clear()


def render_calendar(
    meta: CalendarMeta,
    items: Iterable[FeedItem],
    fragments: MutableMapping[Hashable, str] | None = None,
) -> bytes:
    """A whole VCALENDAR (no METHOD: a published calendar, not a scheduling message).
    `fragments` caches each keyed item's VEVENTs, so one change re-renders one item."""
    items = list(items)
    tzids = sorted({i.timezone for i in items if not i.all_day} | set(meta.extra_tzids))
    refresh = duration(meta.refresh)
    out = [
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n",
        line("PRODID", PRODID),
        "CALSCALE:GREGORIAN\r\n",
        text_line("NAME", meta.name),
        text_line("X-WR-CALNAME", meta.name),
    ]
    if meta.description:
        out += [text_line("DESCRIPTION", meta.description)]
        out += [text_line("X-WR-CALDESC", meta.description)]
    out += [line("REFRESH-INTERVAL", refresh, VALUE="DURATION"), line("X-PUBLISHED-TTL", refresh)]
    if "Europe/Helsinki" in tzids or not tzids:
        out.append(line("X-WR-TIMEZONE", "Europe/Helsinki"))
    out += [vtimezone(tzid) + CRLF for tzid in tzids]
    out += _rendered(sorted(items, key=_uid), fragments)
    out.append("END:VCALENDAR\r\n")
    return "".join(out).encode()
